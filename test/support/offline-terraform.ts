import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  discoverTerraformTools,
  mirroredProviderPin,
  TERRAFORM_TOOLS_ENV,
  TerraformDiscovery,
  TerraformTools,
  terraformRunner,
  writeMirrorCliConfig,
} from './terraform-tools';

/** Where the offline check found its tools, or why it cannot run. */
export type OfflineTerraform = TerraformDiscovery;

/** Environment variables that point the check at its tools (each is discovered when unset). */
export const OFFLINE_ENV = TERRAFORM_TOOLS_ENV;

/**
 * Finds a terraform binary ($TERRAFORM_BIN, else PATH) and a filesystem mirror holding
 * registry.terraform.io/hashicorp/aws ($TF_PROVIDER_MIRROR, else the usual plugin directories).
 */
export function discoverOfflineTerraform(env: NodeJS.ProcessEnv = process.env): OfflineTerraform {
  return discoverTerraformTools(env);
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
export async function planOffline(tools: TerraformTools, stacks: readonly OfflineStack[]): Promise<Array<PlanJson | undefined>> {
  const workdirs = [];
  for (const stack of stacks) {
    const workdir = prepare(tools, stack);
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

function prepare(tools: TerraformTools, stack: OfflineStack) {
  const dir = mkdtempSync(path.join(tmpdir(), 'lab-offline-plan-'));
  writeFileSync(path.join(dir, 'cdk.tf.json'), stack.json);
  for (const [name, text] of Object.entries(stack.files ?? {})) writeFileSync(path.join(dir, name), text);
  writeFileSync(
    path.join(dir, 'offline_override.tf.json'),
    JSON.stringify({
      ...stack.override,
      terraform: {
        required_providers: mirroredProviderPin(tools),
        backend: stack.backend ?? { local: { path: 'offline.tfstate' } },
      },
      provider: { aws: [{ ...OFFLINE_AWS_SETTINGS }] },
    }),
  );
  return terraformRunner(tools, dir, writeMirrorCliConfig(tools, dir, 'offline.tfrc'));
}
