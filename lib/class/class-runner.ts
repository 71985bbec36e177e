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

/**
 * `terraform init`s at once. Every selected stack is initialized as soon as the providers are there,
 * while the network applies, so an init is never on the way of an apply; an init reads the backend and
 * links the providers, and starts no provider.
 */
export const INIT_CONCURRENCY = 8;

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
 * (from the shared provider folder, started for every stack at once, see {@link INIT_CONCURRENCY}) and,
 * when its turn comes, `terraform apply` or `destroy`; each step run again with backoff while it fails
 * only with throttling or transient errors.
 */
export async function runClassStacks(options: ClassRunOptions): Promise<StackRun[]> {
  const progress = new ProgressLine(options.progress, options.verb, options.stacks.filter((s) => s.selected));
  progress.start();
  const inits = initAll(options);
  try {
    return await runSchedule(options.verb, options.stacks, options.parallel, {
      runStack: (stack) => runStack(options, stack, inits.get(stack.name) as Promise<StepOutcome>),
      readState: (name) => options.states.read(name),
      onStart: (stack) => progress.stackStarted(stack),
      onEnd: (run) => progress.stackEnded(run),
      stopping: options.stopping,
    });
  } finally {
    progress.stop();
  }
}

/** How one step (with its attempts) ended. */
type StepOutcome = { readonly ok: true; readonly seconds: number } | { readonly ok: false; readonly seconds: number; readonly step: string; readonly errorLines: readonly string[] };

interface StackContext {
  readonly dir: string;
  readonly logFile: string;
  readonly env: Record<string, string>;
}

function contextOf(options: ClassRunOptions, stack: ClassStack): StackContext {
  const dir = path.join(options.outDir, 'stacks', stack.name);
  const logFile = stackLogFile(options.logDir, stack);
  const env: Record<string, string> = { ...options.env, TF_CLI_CONFIG_FILE: options.providers.cliConfig, ...(options.environmentOf?.(stack.name) ?? {}) };
  // The shared folder is the only source; a plugin cache of the user's would bring the race back.
  delete env.TF_PLUGIN_CACHE_DIR;
  return { dir, logFile, env };
}

/** Starts `terraform init` of every selected stack, {@link INIT_CONCURRENCY} at a time. */
function initAll(options: ClassRunOptions): Map<string, Promise<StepOutcome>> {
  const queue = options.stacks.filter((s) => s.selected);
  const results = new Map<string, Promise<StepOutcome>>();
  let running = 0;
  const waiting: Array<() => void> = [];
  const slot = async () => {
    if (running >= INIT_CONCURRENCY) await new Promise<void>((resolve) => waiting.push(resolve));
    running += 1;
  };
  const release = () => {
    running -= 1;
    waiting.shift()?.();
  };
  for (const stack of queue) {
    results.set(
      stack.name,
      (async () => {
        await slot();
        try {
          const context = contextOf(options, stack);
          mkdirSync(path.dirname(context.logFile), { recursive: true });
          const lock = options.providers.lockFileFor(context.dir);
          if (lock !== '') writeFileSync(path.join(context.dir, '.terraform.lock.hcl'), lock);
          return await runStep(options, stack, context, 'init', ['init', '-input=false', '-no-color']);
        } catch (error) {
          // Not terraform's failure (a file that cannot be written): the stack's init failed all the same.
          return { ok: false as const, seconds: 0, step: 'init', errorLines: [`Error: ${error instanceof Error ? error.message : String(error)}`] };
        } finally {
          release();
        }
      })(),
    );
  }
  return results;
}

async function runStack(options: ClassRunOptions, stack: ClassStack, init: Promise<StepOutcome>): Promise<StackOutcome> {
  const context = contextOf(options, stack);
  const initialized = await init;
  if (!initialized.ok) return { ...initialized, logFile: context.logFile };
  const [step, args]: [string, string[]] =
    options.verb === ClassVerb.DEPLOY
      ? ['apply', ['apply', '-input=false', '-no-color', '-auto-approve']]
      : ['destroy', ['destroy', '-input=false', '-no-color', '-auto-approve']];
  const outcome = await runStep(options, stack, context, step, args);
  // The report's time is the stack's own work: its init and its apply or destroy.
  return { ...outcome, seconds: outcome.seconds + initialized.seconds, logFile: context.logFile };
}

/** One terraform step, run again with backoff while it fails with throttling or a transient error only. */
async function runStep(options: ClassRunOptions, stack: ClassStack, context: StackContext, step: string, args: readonly string[]): Promise<StepOutcome> {
  let seconds = 0;
  for (let attempt = 1; ; attempt++) {
    const result: TerraformResult = await runTerraform({
      terraform: options.terraform,
      args,
      cwd: context.dir,
      env: context.env,
      logFile: context.logFile,
      onLine: options.onOutputLine === undefined ? undefined : (line) => options.onOutputLine?.(stack.name, line),
    });
    seconds += result.seconds;
    if (result.code === 0) return { ok: true, seconds };
    const retry = attempt < MAX_ATTEMPTS && result.signal === undefined && isRetryable(result.output) && !options.stopping();
    if (!retry) {
      const attempts = attempt === 1 ? '' : ` (attempt ${attempt} of ${MAX_ATTEMPTS})`;
      return { ok: false, seconds, step: `${step}${attempts}`, errorLines: lastErrorLines(result.output) };
    }
    const wait = backoffSeconds(attempt + 1, options.retryBaseSeconds, options.random);
    const first = lastErrorLines(result.output, 1)[0] ?? '';
    options.progress.write(`${stack.owner ?? SHARED_OWNER_LABEL} ${stack.name}: ${step} failed with a retryable error, attempt ${attempt + 1} of ${MAX_ATTEMPTS} in ${wait}s (${first})\n`);
    await options.sleep(wait * 1000);
  }
}

/** Checks every stack of the plan was synthesized into `outDir`; returns the missing ones. */
export function missingStacks(outDir: string, stacks: readonly ClassStack[]): string[] {
  return stacks.filter((s) => !existsSync(path.join(outDir, 'stacks', s.name, 'cdk.tf.json'))).map((s) => s.name);
}
