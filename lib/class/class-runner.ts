import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { runSchedule, StackOutcome, StackRun } from './class-schedule';
import { ClassStack, ClassVerb, SHARED_OWNER_LABEL } from './class-stacks';
import { ProgressLine, ProgressOutput } from './progress-line';
import { InstalledProviders } from './provider-install';
import { backoffSeconds, isRetryable, lastErrorLines } from './retryable-errors';
import { StackStateReader } from './stack-states';
import { runTerraform, TerraformResult } from './terraform-cli';

/** Attempts of one terraform step when it fails with throttling or a transient error. */
export const MAX_ATTEMPTS = 3;

/** Seconds before the second attempt (doubled for each further one, with jitter). */
export const RETRY_BASE_SECONDS = 30;

/** Everything one deploy or destroy run needs, prepared by the command. */
export interface ClassRunOptions {
  readonly verb: ClassVerb;
  /** The plan's stacks with their selection. */
  readonly stacks: readonly ClassStack[];
  /** Participants at once. */
  readonly parallel: number;
  /** The terraform binary. */
  readonly terraform: string;
  /** `cdktf.out`. */
  readonly outDir: string;
  /** This run's log folder. */
  readonly logDir: string;
  /** The shared provider folder and its CLI configuration. */
  readonly providers: InstalledProviders;
  /** The states. */
  readonly states: StackStateReader;
  /** The environment terraform runs with (the user's). */
  readonly env: Readonly<Record<string, string>>;
  /** Where progress goes. */
  readonly progress: ProgressOutput;
  /** Waits `ms`. */
  readonly sleep: (ms: number) => Promise<void>;
  /** Random in [0, 1), for the backoff's jitter. */
  readonly random: () => number;
  /** Seconds before a second attempt. */
  readonly retryBaseSeconds: number;
  /** True once nothing new should start. */
  readonly stopping: () => boolean;
  /** Extra environment for one stack's terraform (tests point each stack at its own emulator endpoint). @default - none */
  readonly environmentOf?: (stack: string) => Readonly<Record<string, string>>;
  /** Every output line of a stack's terraform, as it comes (tests act on what terraform prints). @default - none */
  readonly onOutputLine?: (stack: string, line: string) => void;
}

/** The log file of one stack in a run: `<logDir>/<participant or shared>/<stack>.log`. */
export function stackLogFile(logDir: string, stack: ClassStack): string {
  return path.join(logDir, stack.owner ?? 'shared', `${stack.name}.log`);
}

/**
 * Deploys or destroys the selected stacks ({@link runSchedule} orders them): per stack `terraform init`
 * (from the shared provider folder) and `terraform apply` or `destroy`, each step run again with
 * backoff while it fails only with throttling or transient errors.
 */
export async function runClassStacks(options: ClassRunOptions): Promise<StackRun[]> {
  const progress = new ProgressLine(options.progress, options.verb, options.stacks.filter((s) => s.selected));
  progress.start();
  try {
    return await runSchedule(options.verb, options.stacks, options.parallel, {
      runStack: (stack) => runStack(options, stack),
      readState: (name) => options.states.read(name),
      onStart: (stack) => progress.stackStarted(stack),
      onEnd: (run) => progress.stackEnded(run),
      stopping: options.stopping,
    });
  } finally {
    progress.stop();
  }
}

async function runStack(options: ClassRunOptions, stack: ClassStack): Promise<StackOutcome> {
  const dir = path.join(options.outDir, 'stacks', stack.name);
  const logFile = stackLogFile(options.logDir, stack);
  mkdirSync(path.dirname(logFile), { recursive: true });
  const lock = options.providers.lockFileFor(dir);
  if (lock !== '') writeFileSync(path.join(dir, '.terraform.lock.hcl'), lock);
  const env: Record<string, string> = { ...options.env, TF_CLI_CONFIG_FILE: options.providers.cliConfig, ...(options.environmentOf?.(stack.name) ?? {}) };
  // The shared folder is the only source; a plugin cache of the user's would bring the race back.
  delete env.TF_PLUGIN_CACHE_DIR;
  let seconds = 0;
  const steps: Array<[string, string[]]> = [
    ['init', ['init', '-input=false', '-no-color']],
    options.verb === ClassVerb.DEPLOY
      ? ['apply', ['apply', '-input=false', '-no-color', '-auto-approve']]
      : ['destroy', ['destroy', '-input=false', '-no-color', '-auto-approve']],
  ];
  for (const [step, args] of steps) {
    for (let attempt = 1; ; attempt++) {
      const result: TerraformResult = await runTerraform({
        terraform: options.terraform,
        args,
        cwd: dir,
        env,
        logFile,
        onLine: options.onOutputLine === undefined ? undefined : (line) => options.onOutputLine?.(stack.name, line),
      });
      seconds += result.seconds;
      if (result.code === 0) break;
      const retry = attempt < MAX_ATTEMPTS && result.signal === undefined && isRetryable(result.output) && !options.stopping();
      if (!retry) {
        const attempts = attempt === 1 ? '' : ` (attempt ${attempt} of ${MAX_ATTEMPTS})`;
        return { ok: false, seconds, logFile, step: `${step}${attempts}`, errorLines: lastErrorLines(result.output) };
      }
      const wait = backoffSeconds(attempt + 1, options.retryBaseSeconds, options.random);
      const first = lastErrorLines(result.output, 1)[0] ?? '';
      options.progress.write(`${stack.owner ?? SHARED_OWNER_LABEL} ${stack.name}: ${step} failed with a retryable error, attempt ${attempt + 1} of ${MAX_ATTEMPTS} in ${wait}s (${first})\n`);
      await options.sleep(wait * 1000);
    }
  }
  return { ok: true, seconds, logFile };
}

/** Checks every stack of the plan was synthesized into `outDir`; returns the missing ones. */
export function missingStacks(outDir: string, stacks: readonly ClassStack[]): string[] {
  return stacks.filter((s) => !existsSync(path.join(outDir, 'stacks', s.name, 'cdk.tf.json'))).map((s) => s.name);
}
