import type { LabEnvironment } from '../plan/lab-environment';
import type { LabPlan } from '../plan/lab-plan';
import { StackKind } from '../plan/stack-plan';

/** One `cdktf` invocation. */
export interface CdktfCommand {
  /** What it does, for people. */
  readonly purpose: string;
  /** `deploy` or `destroy`. */
  readonly verb: 'deploy' | 'destroy';
  /** Stack names or glob patterns, in the order given on the command line. */
  readonly stacks: readonly string[];
  /** Flags after the stacks. */
  readonly flags: readonly string[];
}

/** The commands an instructor runs for a lab or a class. */
export interface FleetCommands {
  /** Deploys every stack, shared network first, participants in parallel. */
  readonly deployAll: CdktfCommand;
  /** Destroys every stack, each participant's workloads before its cluster, the shared network last. */
  readonly destroyAll: CdktfCommand;
  /** Per lab (participant id, or the lab name for a single lab): deploy, reset and remove it alone. */
  readonly perLab: ReadonlyArray<{
    readonly lab: string;
    /** Deploys (or repairs) this lab; the shared network is named too, so cdktf orders it first. */
    readonly deploy: CdktfCommand;
    /** Destroys and re-creates this lab's workloads only; its cluster and everyone else stay. */
    readonly resetWorkloads: readonly [CdktfCommand, CdktfCommand];
    /** Destroys this lab only: workloads, then cluster. */
    readonly destroy: CdktfCommand;
  }>;
}

/**
 * Commands with dependencies cdktf accepts: `deploy` must name every stack the named stacks depend
 * on and `destroy` every stack depending on them, or cdktf refuses; `--ignore-missing-stack-dependencies`
 * is used only for a single stack, because with it cdktf no longer orders stacks.
 *
 * @param parallelism stacks cdktf runs at once (`deployAll`, `destroyAll`)
 */
export function fleetCommands(plan: LabPlan, parallelism = 10): FleetCommands {
  const network = plan.stacks.filter((s) => s.kind === StackKind.NETWORK).map((s) => s.name);
  const auto = '--auto-approve';
  const all = ['--parallelism', String(parallelism), auto];
  const command = (purpose: string, verb: CdktfCommand['verb'], stacks: string[], flags: string[]): CdktfCommand => ({
    purpose,
    verb,
    stacks,
    flags,
  });
  return {
    deployAll: command('deploy every lab (shared network first)', 'deploy', ["'*'"], all),
    destroyAll: command('destroy every lab (shared network last)', 'destroy', ["'*'"], all),
    perLab: plan.labs.map((env: LabEnvironment) => {
      const lab = env.participant?.id ?? plan.labName;
      return {
        lab,
        deploy: command(`deploy or repair ${lab}`, 'deploy', [...network, env.clusterStackName, env.workloadsStackName], [auto]),
        resetWorkloads: [
          command(`remove ${lab}'s workloads`, 'destroy', [env.workloadsStackName], [auto]),
          command(`re-create ${lab}'s workloads`, 'deploy', [env.workloadsStackName], ['--ignore-missing-stack-dependencies', auto]),
        ],
        destroy: command(`destroy ${lab}`, 'destroy', [env.workloadsStackName, env.clusterStackName], [auto]),
      };
    }),
  };
}

/** The command as a shell line. */
export function shellLine(command: CdktfCommand): string {
  return ['npx', 'cdktf', command.verb, ...command.stacks, ...command.flags].join(' ');
}

/** The class runner's commands (`npm run class`), for a lab or a class. */
export interface ClassRunnerCommands {
  /** Deploys everything: shared network first, participants in parallel, a failure stopping only its participant. */
  readonly deployAll: string;
  /** Destroys everything: participants first, the shared network last and only once all are gone. */
  readonly destroyAll: string;
  /** Per participant, or deployed / partly deployed / destroyed. */
  readonly status: string;
  /** Per lab (participant id, or the lab name for a single lab). */
  readonly perLab: ReadonlyArray<{
    readonly lab: string;
    /** Deploys (or repairs) this lab; a class's network must be deployed already. */
    readonly deploy: string;
    /** Destroys and re-creates this lab's workloads only. */
    readonly resetWorkloads: readonly [string, string];
    /** Destroys this lab only: workloads, then cluster. */
    readonly destroy: string;
  }>;
}

/** The class runner's commands for `plan` (lib/class/class-command.ts). */
export function classRunnerCommands(plan: LabPlan): ClassRunnerCommands {
  const run = (...args: string[]) => ['npm run class --', ...args].join(' ');
  return {
    deployAll: run('deploy'),
    destroyAll: run('destroy'),
    status: run('status'),
    perLab: plan.labs.map((env) => {
      const only = env.participant === undefined ? [] : ['--participants', env.participant.id];
      return {
        lab: env.participant?.id ?? plan.labName,
        deploy: run('deploy', ...only),
        resetWorkloads: [run('destroy', ...only, '--kinds', StackKind.WORKLOADS), run('deploy', ...only, '--kinds', StackKind.WORKLOADS)],
        destroy: run('destroy', ...only),
      };
    }),
  };
}
