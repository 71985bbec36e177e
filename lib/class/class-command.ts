import { mkdirSync } from 'node:fs';
import { freemem } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { S3Client } from '@aws-sdk/client-s3';
import { cdktfJsonLabContext, describeConfiguration, LabConfigError } from '../config/load-lab-config';
import { AwsCallError, awsFailureFix, errorParts } from '../operations/aws-call-error';
import { AWS_MAX_ATTEMPTS } from '../operations/aws-session';
import { OperationExitCode } from '../operations/run-operation';
import type { LoadedLabPlan } from '../plan/load-lab-plan';
import { loadDeployableLabPlan } from '../cost/load-deployable-lab-plan';
import { StackKind } from '../plan/stack-plan';
import { allSucceeded, classReportJson, formatClassReport } from './class-report';
import { MAX_ATTEMPTS, missingStacks, RETRY_BASE_SECONDS, runClassStacks } from './class-runner';
import { ClassSelection, classStacks, ClassVerb, ownersOf, selectionProblem, STACK_KINDS } from './class-stacks';
import { classStatus, formatClassStatus } from './class-status';
import { classWorkflowCommand } from './class-workflow-command';
import { installProviders, ProviderInstallError } from './provider-install';
import { ProgressOutput } from './progress-line';
import { stackStateReader, StackStatus } from './stack-states';
import { synthesize, SynthError, synthOutDir } from './synthesize';
import { findTerraform, TerraformUnavailable } from './terraform-cli';

/** The command's usage, printed by `--help` and after a bad command line. */
export const CLASS_USAGE = `usage: npm run class -- <deploy|destroy|status|workflow> [options]

  deploy     synthesize once, then per participant: the shared network first, then each participant's
             cluster stack and workloads stack; a participant's failure never stops the others
  destroy    per participant: workloads, then cluster; the shared network last, only once every
             participant is destroyed
  status     read the states: per participant deployed / partly deployed / destroyed
  workflow   write GitHub Actions workflows for this class (--out DIR; needs S3 state)

options:
  --participants a,b     only these participants' stacks (never the shared network)
  --kinds k1,k2          only stacks of these kinds: ${STACK_KINDS.join(', ')}
  --parallel N           participants at once (default: class.parallel of the configuration)
  --no-synth             use cdktf.out as it is (it must hold every stack)
  --log-dir DIR          where the logs go (default class-runs/<time>-<verb>/)
  --json                 the report as JSON on stdout
  workflow: --out DIR (the repository root), --role-arn ARN (default class.workflowRoleArn), --check

exit codes: 0 every selected stack succeeded (status: every state read), 1 something failed, was not run
or was kept (status: a state could not be read), 2 could not start (arguments, configuration, terraform,
synth, provider installation, credentials)
`;

/** A writable stream, and whether it is a terminal. */
export type CommandOutput = ProgressOutput;

/**
 * Private memory of one participant at once: one terraform and its AWS provider (terraform 150-180
 * MiB, the provider 130 MiB, measured; the provider's binary pages are shared by every stack).
 */
export const MEMORY_PER_PARTICIPANT_GIB = 0.3;

/**
 * What to say when `atOnce` participants need more memory than `availableBytes`: a machine that runs
 * out kills a terraform mid-apply (its stack then needs a second run, and its state lock may stay). Not
 * lowered silently: the instructor chooses (`--parallel`, `class.parallel`).
 */
export function parallelMemoryWarning(atOnce: number, availableBytes: number): string | undefined {
  const needGiB = atOnce * MEMORY_PER_PARTICIPANT_GIB;
  const availableGiB = availableBytes / 1024 ** 3;
  if (needGiB <= availableGiB) return undefined;
  const fits = Math.max(1, Math.floor(availableGiB / MEMORY_PER_PARTICIPANT_GIB));
  return (
    `${atOnce} participants at once need about ${needGiB.toFixed(1)} GiB (${MEMORY_PER_PARTICIPANT_GIB} GiB each: terraform and its provider), ` +
    `and this machine has ${availableGiB.toFixed(1)} GiB available: a terraform killed for memory mid-apply leaves its stack to a second run; ` +
    `lower --parallel (or class.parallel) to about ${fits}`
  );
}

/** What the command reads and where it writes; tests inject all of it. */
export interface ClassCommandDeps {
  /** @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The project folder (cdktf.json, lab.yaml, cdktf.out, state files). @default process.cwd() */
  readonly cwd?: string;
  /** The report. @default process.stdout */
  readonly stdout?: CommandOutput;
  /** The configuration line, warnings and progress. @default process.stderr */
  readonly stderr?: CommandOutput;
  /** @default - now */
  readonly now?: Date;
  /** The S3 client of the state bucket. @default - the SDK's, with the commands' retry settings */
  readonly s3?: (region: string) => S3Client;
  /** @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** @default Math.random */
  readonly random?: () => number;
  /** Seconds before a second attempt of a failed step. @default RETRY_BASE_SECONDS */
  readonly retryBaseSeconds?: number;
  /** Bytes of memory available now. @default os.freemem */
  readonly availableMemory?: () => number;
  /** Whether Ctrl-C stops scheduling (a handler on SIGINT and SIGTERM). @default true */
  readonly handleSignals?: boolean;
  /** Test hook: extra environment of one stack's terraform. @default - none */
  readonly environmentOf?: (stack: string) => Readonly<Record<string, string>>;
  /** Test hook: each line a stack's terraform prints. @default - none */
  readonly onOutputLine?: (stack: string, line: string) => void;
}

/** A bad command line or selection: exit 2 with the usage. */
class UsageError extends Error {}

function parseList(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
}

/**
 * `npm run class -- <verb>`: the class runner. Reads the configuration as every command does (and
 * says which), then deploys, destroys, reports the states or writes the workflows.
 *
 * @returns the exit code (see {@link CLASS_USAGE})
 */
export async function runClassCommand(argv: readonly string[], deps: ClassCommandDeps = {}): Promise<number> {
  const stdout = deps.stdout ?? process.stdout;
  const stderr = deps.stderr ?? process.stderr;
  const env = deps.env ?? process.env;
  const cwd = deps.cwd ?? process.cwd();
  const now = deps.now ?? new Date();
  const started = Date.now();
  const fail = (message: string, code = OperationExitCode.CANNOT_ASK): number => {
    stderr.write(`class: ${message}\n`);
    return code;
  };

  let values: Record<string, string | boolean | undefined>;
  let verb: string;
  try {
    const parsed = parseArgs({
      args: [...argv],
      options: {
        participants: { type: 'string' },
        kinds: { type: 'string' },
        parallel: { type: 'string' },
        'no-synth': { type: 'boolean' },
        'log-dir': { type: 'string' },
        json: { type: 'boolean' },
        out: { type: 'string' },
        'role-arn': { type: 'string' },
        check: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: true,
    });
    values = parsed.values;
    if (values.help) {
      stdout.write(CLASS_USAGE);
      return OperationExitCode.OK;
    }
    if (parsed.positionals.length !== 1) throw new UsageError(`name one command (got ${parsed.positionals.length === 0 ? 'none' : parsed.positionals.join(' ')})`);
    verb = parsed.positionals[0];
    if (!['deploy', 'destroy', 'status', 'workflow'].includes(verb)) throw new UsageError(`unknown command ${JSON.stringify(verb)}`);
    const workflowOnly = ['out', 'role-arn', 'check'].filter((o) => values[o] !== undefined);
    if (verb !== 'workflow' && workflowOnly.length > 0) throw new UsageError(`--${workflowOnly[0]} applies to the workflow command only`);
    if (verb === 'workflow' && values.out === undefined) throw new UsageError('workflow needs --out DIR (the repository root the workflows go under)');
  } catch (error) {
    stderr.write(`class: ${errorParts(error).message}\n\n${CLASS_USAGE}`);
    return OperationExitCode.CANNOT_ASK;
  }

  let loaded: LoadedLabPlan;
  try {
    loaded = loadDeployableLabPlan({ context: cdktfJsonLabContext(cwd), env, cwd, today: now });
  } catch (error) {
    return fail(errorParts(error).message);
  }
  const { plan, config } = loaded;
  stderr.write(`${describeConfiguration(loaded)}\n`);
  loaded.warnings.forEach((warning) => stderr.write(`WARNING: ${warning}\n`));

  if (verb === 'workflow') {
    return classWorkflowCommand(loaded, { out: values.out as string, roleArn: values['role-arn'] as string | undefined, check: values.check === true, cwd, stdout, stderr });
  }

  // The selection.
  const kinds = parseList(values.kinds as string | undefined);
  const unknownKind = kinds?.find((k) => !(STACK_KINDS as string[]).includes(k));
  if (unknownKind !== undefined) return fail(`--kinds (${JSON.stringify(unknownKind)}) must be among ${STACK_KINDS.join(', ')}`);
  const selection: ClassSelection = {
    ...(values.participants === undefined ? {} : { participants: parseList(values.participants as string) }),
    ...(kinds === undefined ? {} : { kinds: kinds as StackKind[] }),
  };
  const problem = selectionProblem(plan, selection);
  if (problem !== undefined) return fail(problem);
  let parallel = config.class.parallel;
  if (values.parallel !== undefined) {
    parallel = Number(values.parallel);
    if (!Number.isInteger(parallel) || parallel < 1) return fail(`--parallel (${JSON.stringify(values.parallel)}) must be a whole number >= 1`);
  }
  const stacks = classStacks(plan, selection);
  if (verb !== 'status') {
    const memoryWarning = parallelMemoryWarning(Math.min(parallel, ownersOf(stacks.filter((st) => st.selected)).length), (deps.availableMemory ?? freemem)());
    if (memoryWarning !== undefined) stderr.write(`WARNING: ${memoryWarning}\n`);
  }

  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const workDir = path.join(cwd, 'class-runs');
  const logDir = path.resolve(cwd, (values['log-dir'] as string | undefined) ?? path.join('class-runs', `${stamp}-${verb}`));
  try {
    mkdirSync(logDir, { recursive: true });
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    return fail(`cannot create the log folder ${logDir}${values['log-dir'] === undefined ? '' : ' (--log-dir)'}: ${code ?? message}; name a folder you can write to with --log-dir`);
  }
  const s3 = deps.s3 ?? ((region: string) => new S3Client({ region, maxAttempts: AWS_MAX_ATTEMPTS, retryMode: 'adaptive' }));

  // Synthesize once (or take cdktf.out as it is).
  let outDir = synthOutDir(cwd);
  if (values['no-synth'] !== true) {
    try {
      const synth = await synthesize({ projectDir: cwd, env, logFile: path.join(logDir, 'synth.log') });
      outDir = synth.outDir;
      stderr.write(`synth: ${synth.seconds.toFixed(1)} s (${path.relative(cwd, outDir) || outDir})\n`);
    } catch (error) {
      if (!(error instanceof SynthError)) throw error;
      return fail(`${error.message}\n${error.lines.map((l) => `    ${l}`).join('\n')}`);
    }
  }
  const missing = missingStacks(outDir, stacks);
  if (missing.length > 0) {
    return fail(`${path.relative(cwd, outDir) || outDir} lacks ${missing.length} stack(s) of this configuration (${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', ...' : ''}): run without --no-synth`);
  }
  const states = stackStateReader({ state: config.state, projectDir: cwd, outDir, s3 });

  try {
    if (verb === 'status') {
      const report = await classStatus(stacks, states);
      stdout.write(values.json === true ? `${JSON.stringify(report, null, 2)}\n` : formatClassStatus(report));
      return report.owners.some((o) => o.status === StackStatus.UNKNOWN) ? OperationExitCode.FINDINGS : OperationExitCode.OK;
    }

    let terraform: string;
    try {
      const found = findTerraform(env);
      terraform = found.path;
      stderr.write(`terraform: ${found.path} (${found.version})\n`);
    } catch (error) {
      if (!(error instanceof TerraformUnavailable)) throw error;
      return fail(error.message);
    }
    const baseEnv = Object.fromEntries(Object.entries({ ...env, TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: env.CHECKPOINT_DISABLE ?? '1' }).filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    ));
    const selected = stacks.filter((s) => s.selected);
    const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    let providers;
    try {
      providers = await installProviders({
        terraform,
        stackDirs: selected.map((s) => path.join(outDir, 'stacks', s.name)),
        workDir,
        env: baseEnv,
        logFile: path.join(logDir, 'providers.log'),
        attempts: MAX_ATTEMPTS,
        sleep,
        random: deps.random ?? Math.random,
        retryBaseSeconds: deps.retryBaseSeconds ?? RETRY_BASE_SECONDS,
      });
      stderr.write(`providers: ${providers.seeds} installed once into ${path.relative(cwd, providers.providerDir)} in ${providers.seconds.toFixed(1)} s, shared by every stack\n`);
    } catch (error) {
      if (!(error instanceof ProviderInstallError)) throw error;
      return fail(`${error.message}\n${error.lines.map((l) => `    ${l}`).join('\n')}`);
    }

    let stopping = false;
    const onSignal = () => {
      if (!stopping) stderr.write('\nclass: stopping: no new stack starts; running terraform stops gracefully and saves its state\n');
      stopping = true;
    };
    const handleSignals = deps.handleSignals ?? true;
    if (handleSignals) {
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
    }
    const classVerb = verb === 'deploy' ? ClassVerb.DEPLOY : ClassVerb.DESTROY;
    try {
      const runs = await runClassStacks({
        verb: classVerb,
        stacks,
        parallel,
        terraform,
        outDir,
        logDir,
        providers,
        states,
        env: baseEnv,
        progress: stderr,
        sleep,
        random: deps.random ?? Math.random,
        retryBaseSeconds: deps.retryBaseSeconds ?? RETRY_BASE_SECONDS,
        stopping: () => stopping,
        ...(deps.environmentOf === undefined ? {} : { environmentOf: deps.environmentOf }),
        ...(deps.onOutputLine === undefined ? {} : { onOutputLine: deps.onOutputLine }),
      });
      const report = { verb: classVerb, runs, seconds: (Date.now() - started) / 1000, logDir, projectDir: cwd };
      stdout.write(values.json === true ? `${JSON.stringify(classReportJson(report), null, 2)}\n` : formatClassReport(report));
      return allSucceeded(report) ? OperationExitCode.OK : OperationExitCode.FINDINGS;
    } finally {
      if (handleSignals) {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    }
  } catch (error) {
    if (error instanceof LabConfigError) return fail(error.message);
    if (error instanceof AwsCallError) {
      const fix = awsFailureFix(error.kind, ['s3:GetObject', 's3:ListBucket']);
      return fail(`reading the states: ${error.message}${fix === undefined ? '' : `\n${fix}`}`);
    }
    throw error;
  }
}
