import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { Discovery, findOnPath, MisconfiguredTool } from './required-tool';

export { findOnPath };

/**
 * What every check that runs the real terraform shares (the offline plan and the emulator round
 * trips): finding terraform and the AWS provider mirror, pinning the provider to the mirror's
 * version, a CLI configuration that installs from the mirror only, and running terraform in a folder.
 */

/** Where terraform and the provider mirror were found. */
export interface TerraformTools {
  /** Always true: the tools are there. */
  readonly available: true;
  /** The terraform binary. */
  readonly terraform: string;
  /** The filesystem mirror holding registry.terraform.io/hashicorp/aws. */
  readonly mirror: string;
  /** The newest AWS provider version in the mirror. */
  readonly awsVersion: string;
}

/** Where the tools were found, or which is missing (and how to get it). */
export type TerraformDiscovery = Discovery<TerraformTools>;

/** A terraform binary that runs. */
export interface TerraformBinary {
  readonly available: true;
  /** Its path. */
  readonly terraform: string;
}

/** Environment variables that point the checks at their tools (each is discovered when unset). */
export const TERRAFORM_TOOLS_ENV = {
  terraform: 'TERRAFORM_BIN',
  mirror: 'TF_PROVIDER_MIRROR',
} as const;

/** How to get terraform, as a failure or a skip line says it. */
export const TERRAFORM_INSTALL_HINT = `install Terraform >= 1.10 on PATH (https://developer.hashicorp.com/terraform/install), or set ${TERRAFORM_TOOLS_ENV.terraform} to its path`;

/** How to get the provider mirror, as a failure or a skip line says it. */
export const MIRROR_INSTALL_HINT =
  'put the AWS provider in a filesystem mirror (registry.terraform.io/hashicorp/aws/<version>/<os>_<arch>/, as `terraform providers mirror <dir>` writes it on a machine that reaches the Terraform registry) ' +
  `at /opt/tf-plugins or ~/.terraform.d/plugins, or set ${TERRAFORM_TOOLS_ENV.mirror} to it`;

/** The usual plugin folders searched for the mirror when TF_PROVIDER_MIRROR is unset. */
export const MIRROR_CANDIDATES: readonly string[] = [
  '/opt/tf-plugins',
  path.join(homedir(), '.terraform.d', 'plugins'),
  path.join(homedir(), '.local', 'share', 'terraform', 'plugins'),
  '/usr/local/share/terraform/plugins',
  '/usr/share/terraform/plugins',
];

/** Why `terraform version` fails with `binary`, or undefined when it runs. */
function terraformProblem(binary: string): string | undefined {
  const result = spawnSync(binary, ['version'], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 60_000, env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
  if (result.error !== undefined) return result.error.message;
  if (result.status !== 0) return `\`terraform version\` exited with ${result.status ?? result.signal}: ${result.stderr.toString().trim().split('\n').slice(-3).join(' ')}`;
  return undefined;
}

/**
 * Finds a terraform binary that runs: $TERRAFORM_BIN, else the first `terraform` on PATH.
 *
 * @throws MisconfiguredTool when `TERRAFORM_BIN` is set but names nothing that runs (a configured tool
 *   that is broken is an error, never a skip)
 */
export function discoverTerraform(env: NodeJS.ProcessEnv = process.env): Discovery<TerraformBinary> {
  const configured = env[TERRAFORM_TOOLS_ENV.terraform];
  if (configured !== undefined && configured !== '') {
    const problem = existsSync(configured) ? terraformProblem(configured) : 'no such file';
    if (problem !== undefined) {
      throw new MisconfiguredTool(
        `${TERRAFORM_TOOLS_ENV.terraform} (${JSON.stringify(configured)}) must name a terraform that runs: ${problem}. Point it at terraform, or unset it to use the terraform on PATH`,
      );
    }
    return { available: true, terraform: configured };
  }
  const found = findOnPath('terraform', env.PATH ?? '');
  if (found === undefined) {
    return { available: false, tool: 'terraform', reason: `no terraform on PATH and ${TERRAFORM_TOOLS_ENV.terraform} is unset`, install: TERRAFORM_INSTALL_HINT };
  }
  const problem = terraformProblem(found);
  if (problem !== undefined) return { available: false, tool: 'terraform', reason: `the terraform on PATH (${found}) does not run: ${problem}`, install: TERRAFORM_INSTALL_HINT };
  return { available: true, terraform: found };
}

/** The AWS provider versions in `mirror`, newest last. */
function awsVersionsIn(mirror: string): string[] {
  const awsDir = path.join(mirror, 'registry.terraform.io', 'hashicorp', 'aws');
  if (!existsSync(awsDir)) return [];
  return readdirSync(awsDir)
    .filter((v) => /^\d+\.\d+\.\d+$/.test(v))
    .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
}

/**
 * Finds a terraform binary ({@link discoverTerraform}) and a filesystem mirror holding
 * registry.terraform.io/hashicorp/aws ($TF_PROVIDER_MIRROR, else the first of `candidates`, the usual
 * plugin folders, that holds it).
 *
 * @throws MisconfiguredTool when `TERRAFORM_BIN` is set but does not run, or `TF_PROVIDER_MIRROR` is set
 *   but holds no AWS provider
 */
export function discoverTerraformTools(env: NodeJS.ProcessEnv = process.env, candidates: readonly string[] = MIRROR_CANDIDATES): TerraformDiscovery {
  const terraform = discoverTerraform(env);
  const configuredMirror = env[TERRAFORM_TOOLS_ENV.mirror];
  if (configuredMirror !== undefined && configuredMirror !== '') {
    const versions = awsVersionsIn(configuredMirror);
    if (versions.length === 0) {
      throw new MisconfiguredTool(
        `${TERRAFORM_TOOLS_ENV.mirror} (${JSON.stringify(configuredMirror)}) must be a filesystem mirror holding registry.terraform.io/hashicorp/aws/<version>: it holds none. ` +
          `Point it at one, or unset it to search ${candidates.join(', ')}`,
      );
    }
    return terraform.available ? { available: true, terraform: terraform.terraform, mirror: configuredMirror, awsVersion: versions[versions.length - 1] } : terraform;
  }
  if (!terraform.available) return terraform;
  for (const mirror of candidates) {
    const versions = awsVersionsIn(mirror);
    if (versions.length > 0) return { available: true, terraform: terraform.terraform, mirror, awsVersion: versions[versions.length - 1] };
  }
  return {
    available: false,
    tool: 'the AWS provider mirror',
    reason: `no registry.terraform.io/hashicorp/aws in ${candidates.join(', ')} and ${TERRAFORM_TOOLS_ENV.mirror} is unset`,
    install: MIRROR_INSTALL_HINT,
  };
}

/**
 * The `required_providers` of an override file that pins the AWS provider to the mirror's version,
 * for the check only (the synthesized stacks ask for the version @cdktf/provider-aws was built for).
 */
export function mirroredProviderPin(tools: TerraformTools): Record<string, unknown> {
  return { aws: { source: 'hashicorp/aws', version: tools.awsVersion } };
}

/** A plugin cache every check shares, so each `init` links the provider instead of copying 700 MB. */
export function sharedPluginCache(): string {
  const dir = path.join(tmpdir(), 'lab-offline-plan-plugin-cache');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Writes `<dir>/<name>`, a terraform CLI configuration that installs providers from the mirror only
 * (never the registry), with a plugin cache (terraform does not lock it: only one `init` at a time
 * may fill it). @returns its path
 */
export function writeMirrorCliConfig(tools: TerraformTools, dir: string, name = 'mirror.tfrc', pluginCache = sharedPluginCache()): string {
  const file = path.join(dir, name);
  mkdirSync(pluginCache, { recursive: true });
  writeFileSync(
    file,
    `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(tools.mirror)}\n  }\n  direct {\n    exclude = ["*/*/*"]\n  }\n}\nplugin_cache_dir = ${JSON.stringify(pluginCache)}\n`,
  );
  return file;
}

/** How to run terraform in one folder. */
export interface TerraformRunner {
  /** The folder terraform runs in. */
  readonly dir: string;
  /** Runs `terraform <args>` and resolves with its stdout; rejects with terraform's own message. */
  tf(...args: string[]): Promise<string>;
  /**
   * Runs `terraform <args>` and calls `onLine` with each line of its stdout as it comes (a
   * destroy-time provisioner's output, say). Resolves with the whole stdout.
   */
  tfStreaming(args: readonly string[], onLine: (line: string) => void): Promise<string>;
}

/** Terraform processes running now (each the leader of its own process group). */
const running = new Set<ChildProcess>();

/**
 * Ends every terraform this process started that is still running, with everything it started (the
 * provider, a provisioner's shell): for afterAll after a failed or timed-out test.
 */
export function stopRunningTerraform(): void {
  for (const child of running) {
    try {
      process.kill(-(child.pid as number), 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  running.clear();
}

process.on('exit', stopRunningTerraform);

/**
 * A runner for terraform in `dir` with the mirror-only CLI configuration `cliConfig` and `env` on top
 * of this process's environment (no checkpoint calls, no instance metadata lookups).
 */
export function terraformRunner(tools: TerraformTools, dir: string, cliConfig: string, env: Readonly<Record<string, string>> = {}): TerraformRunner {
  const fullEnv = {
    ...process.env,
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_IN_AUTOMATION: '1',
    CHECKPOINT_DISABLE: '1',
    AWS_EC2_METADATA_DISABLED: 'true',
    ...env,
  };
  const execute = (args: readonly string[], onLine?: (line: string) => void) =>
    new Promise<string>((resolve, reject) => {
      // Its own process group, so stopRunningTerraform() can end it with its provider and provisioners.
      const child = spawn(tools.terraform, [...args], { cwd: dir, env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      running.add(child);
      const out: string[] = [];
      let stderr = '';
      const lines = createInterface({ input: child.stdout });
      lines.on('line', (line) => {
        out.push(line);
        onLine?.(line);
      });
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', (error) => {
        running.delete(child);
        reject(error);
      });
      child.on('close', (code) => {
        running.delete(child);
        const stdout = out.join('\n');
        if (code === 0) resolve(stdout);
        else reject(new Error(`terraform ${args[0]} failed in ${dir} (terraform ${args.join(' ')}):\n${stderr || stdout.split('\n').slice(-60).join('\n')}`));
      });
    });
  return {
    dir,
    tf: (...args: string[]) => execute(args),
    tfStreaming: (args, onLine) => execute(args, onLine),
  };
}
