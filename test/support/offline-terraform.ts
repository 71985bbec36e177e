import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where the offline check found its tools, or why it cannot run. */
export type OfflineTerraform =
  | { readonly available: true; readonly terraform: string; readonly mirror: string; readonly awsVersion: string }
  | { readonly available: false; readonly reason: string };

/** Environment variables that point the check at its tools (each is discovered when unset). */
export const OFFLINE_ENV = {
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
export function discoverOfflineTerraform(env: NodeJS.ProcessEnv = process.env): OfflineTerraform {
  const terraform = env[OFFLINE_ENV.terraform] || findOnPath('terraform', env.PATH ?? '');
  if (!terraform || !existsSync(terraform)) {
    return { available: false, reason: `no terraform binary (set ${OFFLINE_ENV.terraform} or put terraform on PATH)` };
  }
  const candidates = env[OFFLINE_ENV.mirror] ? [env[OFFLINE_ENV.mirror] as string] : MIRROR_CANDIDATES;
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
    reason: `no provider mirror with registry.terraform.io/hashicorp/aws in ${candidates.join(', ')} (set ${OFFLINE_ENV.mirror})`,
  };
}

/** The parts of `terraform show -json` the tests read. */
export interface PlanJson {
  readonly resource_changes: ReadonlyArray<{
    readonly address: string;
    readonly type: string;
    readonly change: { readonly actions: readonly string[]; readonly after: Record<string, unknown> };
  }>;
}

/** Fake credentials and the skip flags that keep the AWS provider (and the S3 backend) from calling AWS. */
export const OFFLINE_AWS_SETTINGS = {
  access_key: 'AKIAOFFLINEPLANCHECK',
  secret_key: 'offline-plan-check-not-a-secret',
  skip_credentials_validation: true,
  skip_requesting_account_id: true,
  skip_metadata_api_check: true,
  skip_region_validation: true,
} as const;

/** One stack to check: its synthesized JSON, and how far to take it. */
export interface OfflineStack {
  /** The stack's Terraform JSON as cdktf synthesized it. */
  readonly json: string;
  /** Run `plan` and `show -json`; when false, only `validate`. @default true */
  readonly plan?: boolean;
  /**
   * Run `validate` (when there is no plan, which validates too) and `show -json` after the plan. Each
   * loads the provider binary (seconds); a check about the backend, not the resources, can leave them
   * out. @default true
   */
  readonly schemaChecks?: boolean;
  /**
   * More override JSON for this check only (e.g. pointing a `terraform_remote_state` at a stand-in
   * state file), merged into the offline override file. @default {}
   */
  readonly override?: Record<string, unknown>;
  /** Extra files to write next to the stack, by file name. @default {} */
  readonly files?: Readonly<Record<string, string>>;
  /**
   * The `backend` block of the override file, e.g. `{ s3: { bucket, key, ..., endpoints } }`. Terraform
   * replaces a backend block from an override file whole, so it must carry every setting the stack's
   * own block has that should still apply.
   * @default { local: { path: 'offline.tfstate' } }
   */
  readonly backend?: Record<string, unknown>;
  /** Let `plan` take the state lock. @default false (`-lock=false`) */
  readonly lock?: boolean;
}

/**
 * Runs `terraform init`, `validate` and `plan` on synthesized stacks, offline: the AWS provider
 * comes from the mirror (its version pinned by an override file, for this check only), credentials
 * are fake and the provider is told not to call AWS while configuring. Inits run one after another
 * (they fill a shared plugin cache); the rest runs concurrently.
 *
 * @returns each plan as `terraform show -json` prints it (undefined where `plan` or `schemaChecks` is
 *   false), in the order given.
 */
export async function planOffline(
  tools: Extract<OfflineTerraform, { available: true }>,
  stacks: readonly OfflineStack[],
): Promise<Array<PlanJson | undefined>> {
  const pluginCache = path.join(tmpdir(), 'lab-offline-plan-plugin-cache');
  mkdirSync(pluginCache, { recursive: true });
  const workdirs = [];
  for (const stack of stacks) {
    const workdir = prepare(tools, stack, pluginCache);
    await workdir.tf('init', '-input=false', '-no-color');
    workdirs.push(workdir);
  }
  return Promise.all(
    workdirs.map(async (workdir, i) => {
      const schemaChecks = stacks[i].schemaChecks ?? true;
      // `plan` validates the configuration itself; a separate `validate` only where there is no plan.
      if (stacks[i].plan === false) {
        if (schemaChecks) await workdir.tf('validate', '-no-color');
        return undefined;
      }
      const lock = stacks[i].lock ? [] : ['-lock=false'];
      await workdir.tf('plan', '-input=false', '-no-color', ...lock, '-refresh=false', '-out=plan.bin');
      if (!schemaChecks) return undefined;
      return JSON.parse(await workdir.tf('show', '-json', 'plan.bin')) as PlanJson;
    }),
  );
}

function prepare(tools: Extract<OfflineTerraform, { available: true }>, stack: OfflineStack, pluginCache: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'lab-offline-plan-'));
  writeFileSync(path.join(dir, 'cdk.tf.json'), stack.json);
  for (const [name, text] of Object.entries(stack.files ?? {})) writeFileSync(path.join(dir, name), text);
  writeFileSync(
    path.join(dir, 'offline_override.tf.json'),
    JSON.stringify({
      ...stack.override,
      terraform: {
        required_providers: { aws: { source: 'hashicorp/aws', version: tools.awsVersion } },
        backend: stack.backend ?? { local: { path: 'offline.tfstate' } },
      },
      provider: { aws: [{ ...OFFLINE_AWS_SETTINGS }] },
    }),
  );
  writeFileSync(
    path.join(dir, 'offline.tfrc'),
    `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(tools.mirror)}\n  }\n  direct {\n    exclude = ["*/*/*"]\n  }\n}\nplugin_cache_dir = ${JSON.stringify(pluginCache)}\n`,
  );
  const env = {
    ...process.env,
    TF_CLI_CONFIG_FILE: path.join(dir, 'offline.tfrc'),
    TF_IN_AUTOMATION: '1',
    CHECKPOINT_DISABLE: '1',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  const tf = async (...args: string[]) => {
    try {
      return (await run(tools.terraform, args, { cwd: dir, env, maxBuffer: 256 * 1024 * 1024 })).stdout;
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string; message: string };
      throw new Error(`terraform ${args[0]} failed in ${dir}:\n${e.stderr || e.stdout || e.message}`);
    }
  };
  return { dir, tf };
}

function findOnPath(binary: string, pathVar: string): string | undefined {
  return pathVar
    .split(path.delimiter)
    .filter(Boolean)
    .map((dir) => path.join(dir, binary))
    .find((candidate) => existsSync(candidate));
}
