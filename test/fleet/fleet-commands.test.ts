import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Testing } from 'cdktf';
import { LabConfig } from '../../lib/config/lab-config';
import { CdktfCommand, classRunnerCommands, fleetCommands, shellLine } from '../../lib/fleet/fleet-commands';
import { defineLab } from '../../lib/lab-app';
import { classConfig, labConfig, planOf } from '../support/fixtures';

/**
 * cdktf-cli's own stack selection and ordering (the functions `cdktf deploy` and `cdktf destroy`
 * call), so the documented commands are checked against the tool that will run them.
 */
// The helpers are real; their logging and error module is replaced, because loading cdktf-cli's
// commons runs `terraform version`, starts crash reporting and calls HashiCorp's version check.
jest.mock('@cdktf/commons', () => ({
  logger: { debug: () => undefined },
  Errors: { Usage: (message: string) => new Error(message), Internal: (message: string) => new Error(message) },
  ensureAllSettledBeforeThrowing: async (promise: Promise<unknown>) => promise,
}));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const cli = require('@cdktf/cli-core/src/lib/helpers/stack-helpers') as {
  getMultipleStacks(stacks: CliStack[], patterns: string[], verb: string): CliStack[];
  checkIfAllDependenciesAreIncluded(stacks: CliStack[]): void;
  checkIfAllDependantsAreIncluded(stacks: CliStack[], all: CliStack[]): void;
  getStackWithNoUnmetDependencies(executors: Executor[]): Promise<Executor | undefined>;
  getStackWithNoUnmetDependants(executors: Executor[]): Promise<Executor | undefined>;
};

interface CliStack {
  readonly name: string;
  readonly dependencies: string[];
}

interface Executor {
  readonly stack: CliStack;
  currentState: string;
  readonly isPending: boolean;
}

/** The stacks as cdktf-cli reads them from the synthesized manifest. */
function manifestStacks(config: LabConfig): CliStack[] {
  const outdir = mkdtempSync(path.join(tmpdir(), 'lab-commands-'));
  try {
    const app = Testing.app({ outdir });
    defineLab(app, planOf(config));
    app.synth();
    const manifest = JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as {
      stacks: Record<string, { name: string; dependencies: string[] }>;
    };
    return Object.values(manifest.stacks).map(({ name, dependencies }) => ({ name, dependencies }));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** Runs `command` through cdktf-cli's checks; returns the order the stacks would run in, one at a time. */
async function cdktfOrder(command: CdktfCommand, all: CliStack[]): Promise<string[]> {
  const patterns = command.stacks.map((s) => s.replace(/^'(.*)'$/, '$1')); // the shell removes the quotes
  const selected = cli.getMultipleStacks(all, patterns, command.verb);
  const ignoring = command.flags.includes('--ignore-missing-stack-dependencies');
  if (ignoring) {
    // Without the checks cdktf runs the stacks in the order given, unordered: only safe for one stack.
    expect(selected).toHaveLength(1);
    return selected.map((s) => s.name);
  }
  if (command.verb === 'deploy') cli.checkIfAllDependenciesAreIncluded(selected);
  else cli.checkIfAllDependantsAreIncluded(selected, all);
  const executors: Executor[] = selected.map((stack) => ({
    stack,
    currentState: 'pending',
    get isPending() {
      return this.currentState === 'pending';
    },
  }));
  const next = command.verb === 'deploy' ? cli.getStackWithNoUnmetDependencies : cli.getStackWithNoUnmetDependants;
  const order: string[] = [];
  for (let executor = await next(executors); executor; executor = await next(executors)) {
    executor.currentState = 'done';
    order.push(executor.stack.name);
  }
  expect(order).toHaveLength(selected.length); // nothing left waiting for a stack outside the command
  return order;
}

describe('instructor commands, checked with cdktf-cli 0.21 stack selection', () => {
  const config = classConfig(3);
  const all = manifestStacks(config);
  const commands = fleetCommands(planOf(config), 5);

  test('the manifest records network <- cluster <- workloads for every participant', () => {
    expect(all.find((s) => s.name === 'eks-workshop-p02-cluster')?.dependencies).toEqual(['eks-workshop-network']);
    expect(all.find((s) => s.name === 'eks-workshop-p02-workloads')?.dependencies).toEqual(['eks-workshop-p02-cluster']);
  });

  test('deploy all: the shared network first, each cluster before its workloads', async () => {
    expect(shellLine(commands.deployAll)).toBe("npx cdktf deploy '*' --parallelism 5 --auto-approve");
    const order = await cdktfOrder(commands.deployAll, all);
    expect(order).toHaveLength(7);
    expect(order[0]).toBe('eks-workshop-network');
    for (const id of ['p01', 'p02', 'p03']) {
      expect(order.indexOf(`eks-workshop-${id}-cluster`)).toBeLessThan(order.indexOf(`eks-workshop-${id}-workloads`));
    }
  });

  test('destroy all: workloads before their cluster, the shared network last', async () => {
    const order = await cdktfOrder(commands.destroyAll, all);
    expect(order).toHaveLength(7);
    expect(order[6]).toBe('eks-workshop-network');
    for (const id of ['p01', 'p02', 'p03']) {
      expect(order.indexOf(`eks-workshop-${id}-workloads`)).toBeLessThan(order.indexOf(`eks-workshop-${id}-cluster`));
    }
  });

  test('one participant: deploy, reset the workloads and destroy touch that participant only', async () => {
    const p02 = commands.perLab.find((l) => l.lab === 'p02');
    expect(p02).toBeDefined();
    if (!p02) return;
    expect(await cdktfOrder(p02.deploy, all)).toEqual(['eks-workshop-network', 'eks-workshop-p02-cluster', 'eks-workshop-p02-workloads']);
    expect(await cdktfOrder(p02.resetWorkloads[0], all)).toEqual(['eks-workshop-p02-workloads']);
    expect(await cdktfOrder(p02.resetWorkloads[1], all)).toEqual(['eks-workshop-p02-workloads']);
    expect(await cdktfOrder(p02.destroy, all)).toEqual(['eks-workshop-p02-workloads', 'eks-workshop-p02-cluster']);
    expect(shellLine(p02.destroy)).toBe('npx cdktf destroy eks-workshop-p02-workloads eks-workshop-p02-cluster --auto-approve');
  });

  test('cdktf refuses what the commands avoid: a cluster destroyed without its workloads, workloads deployed without their cluster', async () => {
    const lone = (verb: CdktfCommand['verb'], stack: string): CdktfCommand => ({ purpose: 'x', verb, stacks: [stack], flags: [] });
    await expect(cdktfOrder(lone('destroy', 'eks-workshop-p01-cluster'), all)).rejects.toThrow(
      /dependant stacks are not included in the stacks to run: eks-workshop-p01-workloads/,
    );
    await expect(cdktfOrder(lone('deploy', 'eks-workshop-p01-workloads'), all)).rejects.toThrow(
      /dependencies are not included in the stacks to run: eks-workshop-p01-cluster/,
    );
    await expect(cdktfOrder(lone('destroy', 'eks-workshop-network'), all)).rejects.toThrow(/eks-workshop-p01-cluster/);
  });

  test('a single lab: the same commands without a shared network', async () => {
    const single = labConfig();
    const stacks = manifestStacks(single);
    const [lab] = fleetCommands(planOf(single)).perLab;
    expect(lab.lab).toBe('eks-workshop');
    expect(await cdktfOrder(lab.deploy, stacks)).toEqual(['eks-workshop-cluster', 'eks-workshop-workloads']);
    expect(await cdktfOrder(lab.destroy, stacks)).toEqual(['eks-workshop-workloads', 'eks-workshop-cluster']);
  });
});

describe('the class runner commands (lib/fleet/fleet-commands.ts classRunnerCommands)', () => {
  test('a participant: its own stacks only; the single lab: no --participants', () => {
    const [, bob] = classRunnerCommands(planOf(classConfig(2))).perLab;
    expect(bob).toEqual({
      lab: 'p02',
      deploy: 'npm run class -- deploy --participants p02',
      resetWorkloads: ['npm run class -- destroy --participants p02 --kinds workloads', 'npm run class -- deploy --participants p02 --kinds workloads'],
      destroy: 'npm run class -- destroy --participants p02',
    });
    expect(classRunnerCommands(planOf(labConfig())).perLab).toEqual([
      {
        lab: 'eks-workshop',
        deploy: 'npm run class -- deploy',
        resetWorkloads: ['npm run class -- destroy --kinds workloads', 'npm run class -- deploy --kinds workloads'],
        destroy: 'npm run class -- destroy',
      },
    ]);
  });
});
