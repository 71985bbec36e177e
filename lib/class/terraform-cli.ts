import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, createWriteStream, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';

/** The variable that names the terraform binary, as for the offline checks (test/support/terraform-tools.ts). */
export const TERRAFORM_BIN_ENV = 'TERRAFORM_BIN';

/** Oldest terraform the stacks work with: S3 state locking with `use_lockfile` came in 1.10. */
export const MIN_TERRAFORM_VERSION = '1.10.0';

/** Thrown when terraform cannot be used at all (missing, too old): the run cannot start. */
export class TerraformUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TerraformUnavailable';
  }
}

/** The first executable `binary` on `pathVar`, or undefined. */
export function findOnPath(binary: string, pathVar: string): string | undefined {
  for (const dir of pathVar.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, binary);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here.
    }
  }
  return undefined;
}

/** Whether dotted version `a` is at least `b`. */
export function versionAtLeast(a: string, b: string): boolean {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? 0;
    const y = pb[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}

/** terraform found and checked: its path and version. */
export interface TerraformBinary {
  /** The executable. */
  readonly path: string;
  /** Its version, e.g. `1.11.4`. */
  readonly version: string;
}

/**
 * Finds terraform as the offline checks do: `$TERRAFORM_BIN`, else `terraform` on `PATH`, and checks it
 * runs and is new enough.
 *
 * @throws TerraformUnavailable with what to do
 */
export function findTerraform(env: Readonly<Record<string, string | undefined>>): TerraformBinary {
  const configured = env[TERRAFORM_BIN_ENV];
  const binary = configured !== undefined && configured !== '' ? configured : findOnPath('terraform', env.PATH ?? '');
  if (binary === undefined) {
    throw new TerraformUnavailable(`no terraform on PATH (install Terraform >= ${MIN_TERRAFORM_VERSION}, or set ${TERRAFORM_BIN_ENV} to its path)`);
  }
  const run = spawnSync(binary, ['version', '-json'], { encoding: 'utf8', env: { ...env, CHECKPOINT_DISABLE: '1' } as NodeJS.ProcessEnv, timeout: 60_000 });
  if (run.error !== undefined || run.status !== 0) {
    const why = run.error?.message ?? run.stderr.trim().split('\n').slice(-1)[0];
    throw new TerraformUnavailable(`${configured ? `${TERRAFORM_BIN_ENV} (${binary})` : binary} does not run: ${why}`);
  }
  let version: string;
  try {
    version = String((JSON.parse(run.stdout) as { terraform_version?: unknown }).terraform_version);
  } catch {
    throw new TerraformUnavailable(`${binary} version -json printed no version: ${run.stdout.slice(0, 200)}`);
  }
  if (!versionAtLeast(version, MIN_TERRAFORM_VERSION)) {
    throw new TerraformUnavailable(`${binary} is Terraform ${version}: the stacks need >= ${MIN_TERRAFORM_VERSION} (S3 state locking with use_lockfile)`);
  }
  return { path: binary, version };
}

/** How one terraform command ended. */
export interface TerraformResult {
  /** Exit code (null when a signal ended it). */
  readonly code: number | null;
  /** The signal that ended it. @default - none */
  readonly signal?: NodeJS.Signals;
  /** Every line it printed, stdout and stderr as they came. */
  readonly output: readonly string[];
  /** Wall seconds. */
  readonly seconds: number;
}

/** What {@link runTerraform} needs. */
export interface TerraformCommand {
  /** The binary. */
  readonly terraform: string;
  /** Arguments, e.g. `['apply', '-auto-approve', ...]`. */
  readonly args: readonly string[];
  /** The folder it runs in (a stack's `cdktf.out/stacks/<stack>`). */
  readonly cwd: string;
  /** Its whole environment. */
  readonly env: Readonly<Record<string, string>>;
  /** The log file its output is appended to, after a header line. */
  readonly logFile: string;
  /** Called with each line as it comes. @default - nothing */
  readonly onLine?: (line: string) => void;
}

/**
 * Runs one terraform command, appending its output to a log file, and resolves when it ends (never
 * rejects for a failure of terraform's own: the result says how it ended). It stays in this process's
 * process group, so Ctrl-C reaches it and terraform stops gracefully, saving its state.
 */
export function runTerraform(command: TerraformCommand): Promise<TerraformResult> {
  mkdirSync(path.dirname(command.logFile), { recursive: true });
  const log = createWriteStream(command.logFile, { flags: 'a' });
  log.write(`\n== ${new Date().toISOString()} terraform ${command.args.join(' ')} (in ${command.cwd})\n`);
  const started = Date.now();
  return new Promise((resolve) => {
    const output: string[] = [];
    const child = spawn(command.terraform, [...command.args], { cwd: command.cwd, env: command.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const take = (line: string) => {
      output.push(line);
      log.write(`${line}\n`);
      command.onLine?.(line);
    };
    let open = 2;
    let settled = false;
    const finish = (code: number | null, signal: NodeJS.Signals | null) => {
      if (settled) return;
      settled = true;
      const seconds = (Date.now() - started) / 1000;
      log.write(`== exit ${code ?? signal} after ${seconds.toFixed(1)} s\n`);
      log.end(() => resolve({ code, ...(signal === null ? {} : { signal }), output, seconds }));
    };
    let exit: [number | null, NodeJS.Signals | null] | undefined;
    const closeStream = () => {
      open -= 1;
      if (open === 0 && exit !== undefined) finish(...exit);
    };
    createInterface({ input: child.stdout }).on('line', take).on('close', closeStream);
    createInterface({ input: child.stderr }).on('line', take).on('close', closeStream);
    child.on('error', (error) => {
      take(`Error: could not run ${command.terraform}: ${error.message}`);
      // No process: its streams may never close.
      finish(127, null);
    });
    child.on('exit', (code, signal) => {
      exit = [code, signal];
      if (open === 0) finish(code, signal);
    });
  });
}
