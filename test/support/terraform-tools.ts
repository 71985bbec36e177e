import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';

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

/** Where the tools were found, or why they cannot be used. */
export type TerraformDiscovery = TerraformTools | { readonly available: false; readonly reason: string };

/** Environment variables that point the checks at their tools (each is discovered when unset). */
export const TERRAFORM_TOOLS_ENV = {
  terraform: 'TERRAFORM_BIN',
  mirror: 'TF_PROVIDER_MIRROR',
} as const;

const MIRROR_CANDIDATES = [
  '/opt/tf-plugins',
  path.join(homedir(), '.terraform.d', 'plugins'),
  path.join(homedir(), '.local', 'share', 'terraform', 'plugins'),
  '/usr/local/share/terraform/plugins',
  '/usr/share/terraform/plugins',
];

/**
 * Finds a terraform binary ($TERRAFORM_BIN, else PATH) and a filesystem mirror holding
 * registry.terraform.io/hashicorp/aws ($TF_PROVIDER_MIRROR, else the usual plugin directories).
 */
export function discoverTerraformTools(env: NodeJS.ProcessEnv = process.env): TerraformDiscovery {
  const terraform = env[TERRAFORM_TOOLS_ENV.terraform] || findOnPath('terraform', env.PATH ?? '');
  if (!terraform || !existsSync(terraform)) {
    return { available: false, reason: `no terraform binary (set ${TERRAFORM_TOOLS_ENV.terraform} or put terraform on PATH)` };
  }
  const candidates = env[TERRAFORM_TOOLS_ENV.mirror] ? [env[TERRAFORM_TOOLS_ENV.mirror] as string] : MIRROR_CANDIDATES;
  for (const mirror of candidates) {
    const awsDir = path.join(mirror, 'registry.terraform.io', 'hashicorp', 'aws');
    if (!existsSync(awsDir)) continue;
    const versions = readdirSync(awsDir).filter((v) => /^\d+\.\d+\.\d+$/.test(v));
    if (versions.length > 0) {
      const awsVersion = versions.sort((a, b) => a.localeCompare(b, undefined, { numeric: true })).pop() as string;
      return { available: true, terraform, mirror, awsVersion };
    }
  }
  return {
    available: false,
    reason: `no provider mirror with registry.terraform.io/hashicorp/aws in ${candidates.join(', ')} (set ${TERRAFORM_TOOLS_ENV.mirror})`,
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

/** The first `binary` on `pathVar`, or undefined. */
export function findOnPath(binary: string, pathVar: string): string | undefined {
  return pathVar
    .split(path.delimiter)
    .filter(Boolean)
    .map((dir) => path.join(dir, binary))
    .find((candidate) => existsSync(candidate));
}
