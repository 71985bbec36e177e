import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { LabConfig } from '../../lib/config/lab-config';
import { ClassCommandDeps, runClassCommand } from '../../lib/class/class-command';
import { StackKind } from '../../lib/plan/stack-plan';
import { planOf } from './fixtures';

/** The stand-in terraform of the class runner's tests. */
export const FAKE_TERRAFORM = path.join(__dirname, 'fake-terraform.cjs');

/** One call the fake terraform recorded. */
export interface FakeTerraformCall {
  readonly stack: string;
  readonly command: string;
  readonly exit: number;
  readonly start: number;
  readonly end: number;
  readonly cliConfig: string | null;
  readonly pluginCache: string | null;
  readonly lock: boolean;
}

/**
 * A project folder as the runner sees it after a synth, without the synth: the configuration in
 * `lab.json`, a `cdktf.json`, and for every stack of the plan a small `cdk.tf.json` (two resources and
 * the providers its kind uses), so tests run in milliseconds with the fake terraform.
 */
export function fakeClassProject(config: LabConfig): { readonly dir: string; readonly log: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'lab-class-'));
  writeFileSync(path.join(dir, 'lab.json'), JSON.stringify(config));
  writeFileSync(path.join(dir, 'cdktf.json'), JSON.stringify({ app: 'exit 3', context: { lab: {} } }));
  for (const stack of planOf(config).stacks) {
    const stackDir = path.join(dir, 'cdktf.out', 'stacks', stack.name);
    mkdirSync(stackDir, { recursive: true });
    const providers =
      stack.kind === StackKind.WORKLOADS
        ? { kubernetes: { source: 'kubernetes', version: '2.38.0' }, random: { source: 'random', version: '3.7.2' } }
        : { aws: { source: 'aws', version: '6.25.0' } };
    writeFileSync(
      path.join(stackDir, 'cdk.tf.json'),
      JSON.stringify({ terraform: { required_providers: providers }, resource: { terraform_data: { one: {}, two: {} } } }),
    );
  }
  return { dir, log: path.join(dir, 'fake-terraform.jsonl') };
}

/** What the fake terraform was asked, in order of start. */
export function fakeCalls(log: string): FakeTerraformCall[] {
  let text = '';
  try {
    text = readFileSync(log, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as FakeTerraformCall)
    .sort((a, b) => a.start - b.start);
}

/** Runs the class command in `dir` with the fake terraform; returns its exit code and output. */
export async function runFakeClass(
  dir: string,
  argv: readonly string[],
  env: Readonly<Record<string, string>> = {},
  deps: Partial<ClassCommandDeps> = {},
): Promise<{ readonly code: number; readonly stdout: string; readonly stderr: string; readonly sleeps: number[] }> {
  let stdout = '';
  let stderr = '';
  const sleeps: number[] = [];
  const code = await runClassCommand(argv, {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', LAB_CONFIG: 'lab.json', TERRAFORM_BIN: FAKE_TERRAFORM, FAKE_TF_LOG: path.join(dir, 'fake-terraform.jsonl'), ...env },
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    handleSignals: false,
    now: new Date('2026-12-01T10:00:00Z'),
    // Whatever this machine has free: the memory warning is tested on its own.
    availableMemory: () => 64 * 1024 ** 3,
    ...deps,
  });
  return { code, stdout, stderr, sleeps };
}
