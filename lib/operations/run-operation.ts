import { parseArgs } from 'node:util';
import type { LabConfig } from '../config/lab-config';
import { cdktfJsonLabContext, describeConfiguration, describeRejection, LabConfigError } from '../config/load-lab-config';
import type { LabPlan } from '../plan/lab-plan';
import type { LoadedLabPlan } from '../plan/load-lab-plan';
import { loadDeployableLabPlan } from '../cost/load-deployable-lab-plan';
import { participantProblem } from '../plan/lab-environment';
import { AwsCallError, awsFailureFix, errorParts } from './aws-call-error';
import { AwsSession, createAwsSession } from './aws-session';

/** Exit codes of every command that reads a live account (`leftovers`, `preflight`, `verify`). */
export enum OperationExitCode {
  /** Asked, and nothing is wrong (nothing left, nothing would fail, every lab ready). */
  OK = 0,
  /** Asked, and something is wrong; the report says what and how to fix it. */
  FINDINGS = 1,
  /** Could not ask: bad arguments or configuration, no credentials, access denied, AWS unreachable. */
  CANNOT_ASK = 2,
}

/** Where a command writes. */
export interface OperationOutput {
  /** Writes text as is (no newline added). */
  write(text: string): unknown;
}

/** The parsed command line: the common flags and the operation's own options. */
export interface OperationArgs {
  /** `--json`: the report as JSON on stdout, for scripts. */
  readonly json: boolean;
  /** `--participant <id>`: only this participant's lab. @default - every lab */
  readonly participant?: string;
  /** The operation's own options, by name. */
  readonly [option: string]: string | boolean | undefined;
}

/** What an operation's `run` gets. */
export interface OperationContext {
  /** The validated configuration (the plan's). */
  readonly config: LabConfig;
  /** The plan of the lab or class: names, stacks, labs, node group, add-ons, workloads. */
  readonly plan: LabPlan;
  /** The configuration with its source, warnings and plan. */
  readonly loaded: LoadedLabPlan;
  /** AWS clients for the lab's region. */
  readonly session: AwsSession;
  /** The command line. */
  readonly args: OperationArgs;
  /** Writes one progress line for people (stderr, so `--json` output stays clean). */
  readonly progress: (line: string) => void;
  /** The moment the command runs (expiry and schedule checks compare with it). */
  readonly now: Date;
  /** The project folder: where lab.yaml, cdktf.json and the local Terraform state files are. */
  readonly projectDir: string;
}

/** An option of an operation's own, as `node:util` parseArgs declares it. */
export interface OperationOption {
  /** Value type. */
  readonly type: 'string' | 'boolean';
  /** Short flag letter. @default - none */
  readonly short?: string;
}

/**
 * One command that reads a live account: what it is called, what it needs, what it does and how it
 * reports. {@link runOperation} does everything around it the same way for every command.
 */
export interface Operation<R> {
  /** As in `npm run <name>`. */
  readonly name: string;
  /** Usage text, printed by `--help` and after a bad command line. */
  readonly usage: string;
  /** Start of the message when it cannot ask, e.g. `Cannot check for leftovers`. */
  readonly cannotAsk: string;
  /**
   * IAM permissions the command needs, named when AWS denies one: the union of its units' (see
   * permissionsOf). A function, so that the units, which load the SDK, are loaded only when needed.
   */
  permissions(): readonly string[];
  /** Options besides `--json`, `--participant` and `--help`. @default {} */
  readonly options?: Readonly<Record<string, OperationOption>>;
  /** Asks AWS (and whatever else) and returns the report. Throws {@link AwsCallError} when it cannot ask. */
  run(context: OperationContext): Promise<R>;
  /** OK or FINDINGS for a report. */
  exitCode(report: R): OperationExitCode;
  /** The report for people. */
  formatText(report: R): string;
  /** The report for scripts. @default - the report itself */
  toJson?(report: R): unknown;
}

/** What {@link runOperation} reads from and writes to; tests inject all of it. */
export interface OperationDeps {
  /** Creates the AWS clients for a region. @default createAwsSession */
  readonly createSession?: (region: string) => AwsSession;
  /** Environment the configuration is read from. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Project folder: cdktf.json, lab.yaml, relative LAB_CONFIG paths. @default process.cwd() */
  readonly cwd?: string;
  /** Where the report goes. @default process.stdout */
  readonly stdout?: OperationOutput;
  /** Where the configuration line, warnings, progress and errors go. @default process.stderr */
  readonly stderr?: OperationOutput;
  /** The moment the command runs. @default - now */
  readonly now?: Date;
}

/** A problem with what was asked (not with AWS): reported like a configuration error, exit 2. */
export class OperationInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OperationInputError';
  }
}

/**
 * Runs `operation` for the command line `argv`: parses it (`--json`, `--participant <id>`, `--help` and
 * the operation's options), reads the configuration as `cdktf synth` does and says which one it is,
 * creates the AWS clients for the lab's region, runs the operation, prints its report (text, or JSON
 * with `--json`) and returns the exit code. Never throws: a bad command line, configuration or AWS
 * failure (no credentials, access denied, throttled, unreachable) is printed with its fix, and is
 * CANNOT_ASK.
 */
export async function runOperation<R>(operation: Operation<R>, argv: readonly string[], deps: OperationDeps = {}): Promise<OperationExitCode> {
  const stdout = deps.stdout ?? process.stdout;
  const stderr = deps.stderr ?? process.stderr;

  let args: OperationArgs;
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        json: { type: 'boolean' },
        participant: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        ...operation.options,
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      stdout.write(operation.usage);
      return OperationExitCode.OK;
    }
    args = { ...values, json: values.json === true } as OperationArgs;
  } catch (error) {
    stderr.write(`${operation.name}: ${errorParts(error).message}\n\n${operation.usage}`);
    return OperationExitCode.CANNOT_ASK;
  }

  const fail = (message: string): OperationExitCode => {
    if (args.json) stdout.write(`${JSON.stringify({ error: message }, null, 2)}\n`);
    else stderr.write(`${operation.cannotAsk}: ${message}\n`);
    return OperationExitCode.CANNOT_ASK;
  };

  const cwd = deps.cwd ?? process.cwd();
  const env = deps.env ?? process.env;
  const now = deps.now ?? new Date();
  let loaded: LoadedLabPlan;
  try {
    loaded = loadDeployableLabPlan({ context: cdktfJsonLabContext(cwd), env, cwd, today: now });
  } catch (error) {
    // The line every command starts with, for a configuration it could not use as well.
    if (error instanceof LabConfigError) stderr.write(`${describeRejection(error)}\n`);
    return fail(errorParts(error).message);
  }
  const { config, plan } = loaded;
  stderr.write(`${describeConfiguration(loaded)}\n`);
  loaded.warnings.forEach((warning) => stderr.write(`WARNING: ${warning}\n`));
  if (args.participant !== undefined) {
    const problem = participantProblem(config, args.participant);
    if (problem !== undefined) return fail(`--participant ${problem}`);
  }

  let report: R;
  try {
    const session = (deps.createSession ?? createAwsSession)(config.region);
    report = await operation.run({ config, plan, loaded, session, args, now, projectDir: cwd, progress: (line) => stderr.write(`${line}\n`) });
  } catch (error) {
    if (error instanceof LabConfigError || error instanceof OperationInputError) return fail(error.message);
    const where = `lab ${config.labName} in ${config.region}`;
    if (error instanceof AwsCallError) {
      const fix = awsFailureFix(error.kind, operation.permissions());
      return fail(`${where}: ${error.message}${fix === undefined ? '' : `\n${fix}`}`);
    }
    // Not an AWS answer: a defect of the command. Say so, with where it happened.
    const { name, message } = errorParts(error);
    const stack = error instanceof Error && error.stack ? `\n${error.stack.split('\n').slice(1, 4).join('\n')}` : '';
    return fail(`${where}: ${name}: ${message} (an error of the ${operation.name} command itself, please report it)${stack}`);
  }
  stdout.write(args.json ? `${JSON.stringify(operation.toJson ? operation.toJson(report) : report, null, 2)}\n` : operation.formatText(report));
  return operation.exitCode(report);
}
