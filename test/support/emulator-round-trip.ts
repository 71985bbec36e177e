import { CloudWatchLogsClient, CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateVolumeCommand, DeleteVolumeCommand, EC2Client } from '@aws-sdk/client-ec2';
import { execFile, execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { LOG_GROUP_WATCH_ENV } from '../../lib/cluster/control-plane-log-group';
import { VOLUME_WAIT_INTERVAL_ENV } from '../../lib/cluster/volume-release-wait';
import { EBS_CSI_VOLUME_TAG } from '../../lib/plan/lab-names';
import { LabConfig } from '../../lib/config/lab-config';
import type { AwsClientClass, AwsSession } from '../../lib/operations/aws-session';
import { LeftoverReport, LeftoverResource } from '../../lib/operations/leftovers/leftover-report';
import { PreflightResult } from '../../lib/operations/preflight/preflight-check';
import type { PreflightReport } from '../../lib/operations/preflight/preflight-report';
import { leftoversOperation } from '../../lib/operations/leftovers/leftovers-operation';
import { runOperation } from '../../lib/operations/run-operation';
import { AwsCallRecord, AwsCallRecorder, isAwsCli, isRemoval } from './aws-call-recorder';
import { discoverMoto, MotoCommand } from './moto-server';
import { discoverAwsCli } from './aws-cli';
import { knownGap, requireTools } from './required-tool';
import { discoverTerraformTools, TerraformTools } from './terraform-tools';
import { EmulatorClients } from './emulator-inventory';
import { EMULATOR_CREDENTIALS, EmulatorStack } from './emulator-terraform';
import { oneResource, StackJson, UNIQUE_NAME_ATTRIBUTES } from './fixtures';

/**
 * The steps of a round trip against the emulator (apply, verify, plan again, destroy while the "EBS
 * CSI driver" deletes a volume, enumerate, leftovers, apply again), shared by the single lab's and the
 * class's round trips.
 */

/** What a round trip needs, found on this machine. */
export interface EmulatorTools {
  /** terraform and the AWS provider mirror. */
  readonly terraform: TerraformTools;
  /** How to start moto. */
  readonly moto: MotoCommand;
}

/**
 * What a destroy against the emulator runs with: the volume wait polls every second, and the watch for
 * the log group EKS re-creates lasts 3 s, not 180 (no emulated cluster re-creates it; the single lab's
 * round trip, which creates it to see it removed, watches longer).
 */
export const EMULATOR_DESTROY_ENV: Readonly<Record<string, string>> = { [VOLUME_WAIT_INTERVAL_ENV]: '1', [LOG_GROUP_WATCH_ENV]: '3' };

/**
 * Finds terraform, the provider mirror, moto and the AWS CLI (the destroy-time volume wait runs
 * it), through `requireTools`: under CI a missing one throws, naming each missing tool and how to get
 * it, before any moto or terraform work starts; elsewhere it prints one loud `!!! SKIPPED` line for
 * `suite`, registers the skip for the end-of-run list, and returns undefined.
 *
 * @throws MisconfiguredTool when `MOTO_SERVER`, `TERRAFORM_BIN` or `TF_PROVIDER_MIRROR` is set but
 *   unusable (an explicit choice that fails is no skip, CI or not)
 */
export function emulatorToolsOrSkip(suite: string): EmulatorTools | undefined {
  const terraform = discoverTerraformTools();
  const moto = discoverMoto();
  const aws = discoverAwsCli();
  if (!requireTools(suite, [moto, terraform, aws]) || !terraform.available || !moto.available) return undefined;
  return { terraform, moto };
}

/** Runs `fn` and prints `[emulator <trip>] <step>: <seconds> s` (and `FAILED` when it throws). */
export async function step<T>(trip: string, name: string, fn: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
  try {
    const result = await fn();
    process.stdout.write(`[emulator ${trip}] ${name}: ${seconds()} s\n`);
    return result;
  } catch (error) {
    process.stdout.write(`[emulator ${trip}] ${name}: FAILED after ${seconds()} s\n`);
    throw error;
  }
}

/**
 * The stacks in deployment levels, as cdktf-cli orders them from the manifest's dependencies: a
 * stack comes after every stack it depends on; the stacks of one level run in parallel. Destroy runs
 * the levels in reverse.
 */
export function deployLevels(dependencies: Readonly<Record<string, readonly string[]>>, stacks: readonly string[]): string[][] {
  const levels: string[][] = [];
  const placed = new Set<string>();
  let remaining = [...stacks];
  while (remaining.length > 0) {
    const ready = remaining.filter((s) => (dependencies[s] ?? []).filter((d) => stacks.includes(d)).every((d) => placed.has(d)));
    if (ready.length === 0) throw new Error(`stack dependencies form a cycle among ${remaining.join(', ')}`);
    levels.push(ready);
    ready.forEach((s) => placed.add(s));
    remaining = remaining.filter((s) => !placed.has(s));
  }
  return levels;
}

/** `terraform apply` of one stack (initialized by `EmulatorWorkspace.init`). */
export async function apply(stack: EmulatorStack): Promise<void> {
  await stack.tf('apply', '-input=false', '-no-color', '-auto-approve');
}

/** The parts of `terraform show -json <plan>` the plan check reads. */
interface PlanShow {
  readonly resource_changes?: ReadonlyArray<{
    readonly address: string;
    readonly type: string;
    readonly change: { readonly actions: readonly string[]; readonly before: unknown; readonly after: unknown; readonly after_unknown: unknown };
  }>;
}

/** One attribute a plan would change. */
export interface PlanDifference {
  /** The resource's address. */
  readonly address: string;
  /** Its type. */
  readonly type: string;
  /** The top-level attribute (or `(created)` / `(deleted)` for a whole resource). */
  readonly attribute: string;
  /** The actions the plan takes on the resource. */
  readonly actions: string;
}

/**
 * Plan differences that come from moto, not from our configuration, each with the moto 5.2.1 source
 * that proves it. A second plan right after apply shows exactly these (on the types a stack has).
 */
export const EMULATOR_PLAN_DIFFERENCES: ReadonlyArray<{ readonly type: string; readonly attribute: string; readonly why: string }> = [
  {
    type: 'aws_eks_cluster',
    attribute: 'access_config',
    why: 'moto/eks/responses.py:19-44 (create_cluster) does not read accessConfig, so DescribeCluster answers without it and the provider plans to set it (a replacement)',
  },
  {
    type: 'aws_eks_cluster',
    attribute: 'upgrade_policy',
    why: 'moto/eks/responses.py:19-44 (create_cluster) does not read upgradePolicy either',
  },
  {
    type: 'aws_eks_node_group',
    attribute: 'remote_access',
    why: 'moto/eks/models.py:58 and :247 give a node group created without remoteAccess DEFAULT_REMOTE_ACCESS {"ec2SshKey": "eksKeypair"}',
  },
  {
    type: 'aws_eks_node_group',
    attribute: 'update_config',
    why: 'moto/eks/responses.py:67-106 (create_nodegroup) does not read updateConfig (only update_nodegroup_config does)',
  },
  {
    type: 'aws_ec2_subnet_cidr_reservation',
    attribute: 'description',
    why: 'moto/ec2/responses/subnets.py:100-111 (create_subnet_cidr_reservation) does not read Description, and its model (moto/ec2/models/subnets.py:42-59) has none',
  },
  {
    type: 'aws_launch_template',
    attribute: 'tag_specifications',
    why: "moto/ec2/responses/launch_templates.py:20-34 copies the request's TagSpecifications for the template itself (resource type launch-template) into its LaunchTemplateData",
  },
];

/** null, undefined, '', [] and {} alike: the provider does not tell unset from empty either. */
function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}

/** Whether `before` and `after` differ where `after` is known (an unknown value follows from another change). */
function differs(before: unknown, after: unknown, unknown: unknown): boolean {
  if (unknown === true) return false;
  if (isEmpty(before) && isEmpty(after)) return false;
  if (Array.isArray(before) && Array.isArray(after)) {
    if (before.length !== after.length) return true;
    return before.some((item, i) => differs(item, after[i], Array.isArray(unknown) ? unknown[i] : undefined));
  }
  if (before !== null && after !== null && typeof before === 'object' && typeof after === 'object' && !Array.isArray(before) && !Array.isArray(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    const unknownOf = (key: string) => (unknown !== null && typeof unknown === 'object' ? (unknown as Record<string, unknown>)[key] : undefined);
    return [...keys].some((key) => differs((before as Record<string, unknown>)[key], (after as Record<string, unknown>)[key], unknownOf(key)));
  }
  return JSON.stringify(before) !== JSON.stringify(after);
}

/** What `terraform plan` would change, attribute by attribute, from `terraform show -json`'s output. */
export function planDifferences(show: PlanShow): PlanDifference[] {
  const result: PlanDifference[] = [];
  for (const { address, type, change } of show.resource_changes ?? []) {
    const actions = change.actions.join('+');
    if (actions === 'no-op' || actions === 'read') continue;
    if (change.before === null) {
      result.push({ address, type, attribute: '(created)', actions });
      continue;
    }
    if (change.after === null) {
      result.push({ address, type, attribute: '(deleted)', actions });
      continue;
    }
    const before = change.before as Record<string, unknown>;
    const after = change.after as Record<string, unknown>;
    const unknown = (change.after_unknown ?? {}) as Record<string, unknown>;
    for (const attribute of new Set([...Object.keys(before), ...Object.keys(after)])) {
      if (differs(before[attribute], after[attribute], unknown[attribute])) result.push({ address, type, attribute, actions });
    }
  }
  return result;
}

/**
 * Plans `stack` again (it was just applied) and returns what does not match
 * {@link EMULATOR_PLAN_DIFFERENCES}: differences the list does not explain (ours to fix), and listed
 * ones that did not show (the list is out of date).
 */
export async function planAgain(stack: EmulatorStack): Promise<{ unexplained: PlanDifference[]; notSeen: string[]; seen: PlanDifference[] }> {
  await stack.tf('plan', '-input=false', '-no-color', '-lock=false', '-out=again.plan');
  const seen = planDifferences(JSON.parse(await stack.tf('show', '-json', 'again.plan')) as PlanShow);
  const listed = (d: { type: string; attribute: string }) => EMULATOR_PLAN_DIFFERENCES.some((e) => e.type === d.type && e.attribute === d.attribute);
  const types = new Set(Object.keys(stack.copy.json.resource));
  return {
    unexplained: seen.filter((d) => !listed(d)),
    notSeen: EMULATOR_PLAN_DIFFERENCES.filter((e) => types.has(e.type) && !seen.some((d) => d.type === e.type && d.attribute === e.attribute)).map(
      (e) => `${e.type}.${e.attribute}`,
    ),
    seen,
  };
}

/** Terraform state of a stack, as `terraform show -json` prints it (the parts read here). */
interface StateShow {
  readonly values?: { readonly root_module?: { readonly resources?: ReadonlyArray<{ readonly type: string; readonly mode: string; readonly values: Record<string, unknown> }> } };
}

/** The account- or region-unique names in the stack's state (`<type> <name>`), sorted. */
export async function namesInState(stack: EmulatorStack): Promise<string[]> {
  const state = JSON.parse(await stack.tf('show', '-json')) as StateShow;
  return (state.values?.root_module?.resources ?? [])
    .filter((r) => r.mode === 'managed' && r.type in UNIQUE_NAME_ATTRIBUTES)
    .map((r) => `${r.type} ${String(r.values[UNIQUE_NAME_ATTRIBUTES[r.type]])}`)
    .sort();
}

/** The tags the EBS CSI driver puts on a volume it creates for this stack's cluster: its `extraVolumeTags` and its own. */
export function csiVolumeTags(stack: StackJson, claim: { readonly namespace: string; readonly name: string }): Record<string, string> {
  const [, driver] = oneResource(stack, 'aws_eks_addon', (r) => r.addon_name === 'aws-ebs-csi-driver');
  const configuration = JSON.parse(String(driver.configuration_values)) as { controller: { extraVolumeTags: Record<string, string> } };
  return {
    ...configuration.controller.extraVolumeTags,
    [EBS_CSI_VOLUME_TAG.key]: EBS_CSI_VOLUME_TAG.value,
    // What the driver adds for a dynamically provisioned claim (see lib/leftovers' PVC tags).
    'kubernetes.io/created-for/pvc/namespace': claim.namespace,
    'kubernetes.io/created-for/pvc/name': claim.name,
    'kubernetes.io/created-for/pv/name': `pvc-emulator-${claim.namespace}-${claim.name}`,
    CSIVolumeName: `pvc-emulator-${claim.namespace}-${claim.name}`,
  };
}

/** The tags of a node's root volume: the launch template's tag specification for volumes. */
export function rootVolumeTags(stack: StackJson): Record<string, string> {
  const [, template] = oneResource(stack, 'aws_launch_template');
  const specs = template.tag_specifications as Array<{ resource_type: string; tags: Record<string, string> }>;
  const volume = specs.find((s) => s.resource_type === 'volume');
  if (volume === undefined) throw new Error('the launch template tags no volumes');
  return volume.tags;
}

/** Creates an encrypted 1 GiB gp3 volume with `tags` in `zone`. @returns its id */
export async function createVolume(ec2: EC2Client, zone: string, tags: Readonly<Record<string, string>>): Promise<string> {
  const created = await ec2.send(
    new CreateVolumeCommand({
      AvailabilityZone: zone,
      Size: 1,
      VolumeType: 'gp3',
      Encrypted: true,
      TagSpecifications: [{ ResourceType: 'volume', Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }],
    }),
  );
  return String(created.VolumeId);
}

/** What a destroy with a volume still to be deleted showed. */
export interface DestroyWithVolume {
  /** How often the wait printed that it waits for the volume. */
  readonly sightings: number;
  /** Every volume id the wait said it waits for. */
  readonly idsWaitedFor: readonly string[];
  /** When the test deleted the volume (as the driver would), ms since the epoch. */
  readonly volumeDeletedAt: number;
  /** Whether the wait printed that no volume is left. */
  readonly waitSawNoneLeft: boolean;
  /** When the test re-created the control-plane log group (as EKS does), ms since the epoch; 0 when not asked to. */
  readonly logGroupRecreatedAt: number;
  /** How often the log group cleanup said it deleted the re-created group. */
  readonly logGroupDeletions: number;
}

/**
 * What EKS does and moto does not (terraform-aws-eks#2763): once the cluster is being deleted, its
 * last log events re-create the control-plane log group after Terraform deleted it, untagged.
 */
export interface RecreatedLogGroup {
  /** The CloudWatch Logs client of the emulator. */
  readonly logs: CloudWatchLogsClient;
  /** The group's name, `/aws/eks/<cluster>/cluster`. */
  readonly name: string;
}

/**
 * Destroys `stack` while one volume of its cluster exists: once the wait has reported the volume
 * `deleteAfterSightings` times, deletes it, as the EBS CSI driver would. With `recreateLogGroup`,
 * re-creates the control-plane log group once the log group cleanup starts watching for it (the
 * cluster and Terraform's group are gone by then), as EKS does. Resolves when destroy ends.
 */
export async function destroyWhileDriverDeletes(
  stack: EmulatorStack,
  ec2: EC2Client,
  volumeId: string,
  options: { readonly deleteAfterSightings?: number; readonly recreateLogGroup?: RecreatedLogGroup } = {},
): Promise<DestroyWithVolume> {
  const deleteAfterSightings = options.deleteAfterSightings ?? 2;
  const { recreateLogGroup } = options;
  let logGroupRecreatedAt = 0;
  let logGroupDeletions = 0;
  let recreation: Promise<unknown> = Promise.resolve();
  let sightings = 0;
  let volumeDeletedAt = 0;
  let deletion: Promise<unknown> = Promise.resolve();
  let waitSawNoneLeft = false;
  const idsWaitedFor = new Set<string>();
  await stack.tfStreaming(['destroy', '-input=false', '-no-color', '-auto-approve'], (line) => {
    const waiting = /\(local-exec\): waiting for the EBS CSI driver to delete: (.*)$/.exec(line);
    if (waiting) {
      const ids = waiting[1].split(/\s+/).filter(Boolean);
      ids.forEach((id) => idsWaitedFor.add(id));
      if (ids.includes(volumeId)) sightings += 1;
      if (sightings === deleteAfterSightings && volumeDeletedAt === 0) {
        volumeDeletedAt = Date.now();
        deletion = ec2.send(new DeleteVolumeCommand({ VolumeId: volumeId }));
      }
    }
    if (/\(local-exec\): EBS volumes of this lab: none left/.test(line)) waitSawNoneLeft = true;
    if (recreateLogGroup !== undefined && logGroupRecreatedAt === 0 && line.includes(`(local-exec): watching for ${recreateLogGroup.name} `)) {
      logGroupRecreatedAt = Date.now();
      recreation = recreateLogGroup.logs.send(new CreateLogGroupCommand({ logGroupName: recreateLogGroup.name }));
    }
    if (recreateLogGroup !== undefined && line.includes(`(local-exec): deleting ${recreateLogGroup.name}: EKS re-created it`)) logGroupDeletions += 1;
  });
  await deletion;
  await recreation;
  return { sightings, idsWaitedFor: [...idsWaitedFor].sort(), volumeDeletedAt, waitSawNoneLeft, logGroupRecreatedAt, logGroupDeletions };
}

/** How a destroy went, in the order of the calls the emulator received from one stack. */
export interface DestroyOrder {
  /** The wait's `aws ec2 describe-volumes` calls. */
  readonly waitPolls: readonly AwsCallRecord[];
  /** When the wait's last poll was answered, ms since the epoch. */
  readonly waitEndedAt: number;
  /** Every removal terraform's provider made (Delete*, Detach*, Disassociate*, Release*, HTTP DELETE, ...). */
  readonly removals: readonly AwsCallRecord[];
  /** The removals that started before the wait ended: none may. */
  readonly removedBeforeWaitEnded: readonly string[];
}

/** The destroy order of the calls recorded under `label` since `since` (ms since the epoch). */
export function destroyOrder(recorder: AwsCallRecorder, label: string, since: number): DestroyOrder {
  const calls = recorder.callsOf(label).filter((c) => c.startedAt >= since);
  const waitPolls = calls.filter((c) => isAwsCli(c) && c.action === 'DescribeVolumes');
  const waitEndedAt = Math.max(0, ...waitPolls.map((c) => c.endedAt));
  const removals = calls.filter((c) => !isAwsCli(c) && isRemoval(c));
  return {
    waitPolls,
    waitEndedAt,
    removals,
    removedBeforeWaitEnded: removals.filter((c) => c.startedAt < waitEndedAt).map((c) => `${c.service} ${c.action} ${c.path === '/' ? '' : c.path}`.trim()),
  };
}

/**
 * Runs the project's own `npm run leftovers` (its operation, through the same runner and `--json`)
 * against the emulator for `config`, with the emulator's clients as the session's.
 * @returns the exit code and the report
 */
export async function leftoversAgainstEmulator(
  clients: EmulatorClients,
  config: LabConfig,
  dir: string,
): Promise<{ readonly code: number; readonly report: LeftoverReport; readonly stderr: string }> {
  const file = path.join(dir, 'leftovers-config.json');
  writeFileSync(file, JSON.stringify(config));
  let stdout = '';
  let stderr = '';
  // The emulator's clients, looked up by class: the operation asks the session for the ones it needs.
  const byClass = new Map<unknown, unknown>(Object.values(clients).map((client) => [(client as object).constructor, client]));
  const session: AwsSession = {
    region: config.region,
    client: <C>(clientClass: AwsClientClass<C>) => {
      const client = byClass.get(clientClass);
      if (client === undefined) throw new Error(`the emulator harness has no client ${clientClass.name}`);
      return client as C;
    },
    clientIn: () => {
      throw new Error('leftovers asks only the lab region');
    },
    forAccount: () => {
      throw new Error('the emulator harness session serves the deploying account only');
    },
  };
  const code = await runOperation(leftoversOperation, ['--json'], {
    createSession: () => session,
    env: { LAB_CONFIG: file },
    cwd: dir,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  let report: LeftoverReport;
  try {
    report = JSON.parse(stdout) as LeftoverReport;
  } catch {
    throw new Error(`leftovers printed no JSON report (exit ${code}):\n${stdout}\n${stderr}`);
  }
  return { code, report, stderr };
}

/**
 * Declares the steps of one round trip as jest tests that run in order; once one fails, the later
 * ones fail at once saying which step broke the trip (they depend on what it should have done).
 */
export function roundTripSteps(trip: string): (name: string, fn: () => Promise<void>, timeoutMs?: number) => void {
  let failed: string | undefined;
  return (name, fn, timeoutMs = 600_000) =>
    test(
      name,
      async () => {
        if (failed !== undefined) throw new Error(`not run: the earlier step "${failed}" failed`);
        try {
          await step(trip, name, fn);
        } catch (error) {
          failed = name;
          throw error;
        }
      },
      timeoutMs,
    );
}

/**
 * Prints what the emulator copy of each stack leaves out, the references rewritten for it, and the
 * stacks not run at all (those of the Kubernetes provider: the emulator has no Kubernetes API).
 */
export function printLeftOut(trip: string, stacks: readonly EmulatorStack[], notRun: readonly string[]): void {
  process.stdout.write(`[emulator ${trip}] not run: ${notRun.join(', ')} (Kubernetes provider: the emulator has no Kubernetes API)\n`);
  for (const stack of stacks) {
    const { leftOut, rewrites } = stack.copy;
    const types = [...new Set(leftOut.map((l) => l.address.split('.')[0]))];
    const lines = [
      `[emulator ${trip}] ${stack.name}: left out of the emulator copy (${leftOut.length} resources):`,
      ...types.flatMap((type) => {
        const ofType = leftOut.filter((l) => l.address.startsWith(`${type}.`));
        return [`    ${type} x${ofType.length}: ${ofType.map((l) => l.address.slice(type.length + 1)).join(', ')}`, `      why: ${ofType[0].why}`];
      }),
      `[emulator ${trip}] ${stack.name}: references to them rewritten (${rewrites.length}):`,
      ...rewrites.map((r) => `    ${r.at} ${r.field}: ${r.from} -> ${r.to}`),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    // moto has no API for them, whatever is installed: a known gap, in the end-of-run list, never a failure.
    if (leftOut.length > 0) {
      knownGap(
        `emulator round trip (${trip}) of ${stack.name}: ${types.map((type) => `${type} x${leftOut.filter((l) => l.address.startsWith(`${type}.`)).length}`).join(', ')}`,
        'moto 5.2.1 has no API for them (LEFT_OUT_OF_EMULATOR in test/support/emulator-terraform.ts); the offline plan checks them',
      );
    }
  }
}

/**
 * `leftovers` after a complete destroy: its exit code and report. The Tagging API (moto's as AWS's)
 * still lists the deleted NAT gateway (moto/resourcegroupstaggingapi/models.py:695 lists every NAT
 * gateway whatever its state); leftovers confirms NAT gateways with EC2, so it must not count it.
 */
export async function leftoversAfterDestroy(
  clients: EmulatorClients,
  config: LabConfig,
  dir: string,
): Promise<{ readonly code: number; readonly report: LeftoverReport; readonly resources: LeftoverResource[]; readonly stderr: string }> {
  const { code, report, stderr } = await leftoversAgainstEmulator(clients, config, dir);
  return { code, report, resources: report.groups.flatMap((g) => g.resources), stderr };
}

/** The project folder, where scripts/build.mjs writes dist/. */
const PROJECT = path.resolve(__dirname, '..', '..');

/**
 * Runs one of the project's compiled commands (`npm run preflight`, `leftovers`) as a user would, in a
 * child process, against the emulator: `AWS_ENDPOINT_URL` points the real SDK clients at it, fake
 * credentials, no AWS_REGION, the lab's configuration in a LAB_CONFIG file and the workspace as the
 * project folder (where the stacks' local state files are). Call {@link buildCommands} once first.
 * @returns the exit code and what the command printed
 */
export async function commandAgainstEmulator(
  command: 'preflight' | 'leftovers',
  args: readonly string[],
  options: { readonly endpoint: string; readonly config: LabConfig; readonly dir: string },
): Promise<{ readonly code: number; readonly stdout: string; readonly stderr: string }> {
  const file = path.join(options.dir, `${command}-config.json`);
  writeFileSync(file, JSON.stringify(options.config));
  const run = promisify(execFile);
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: options.dir,
    LAB_CONFIG: file,
    AWS_ENDPOINT_URL: options.endpoint,
    AWS_ACCESS_KEY_ID: EMULATOR_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: EMULATOR_CREDENTIALS.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(PROJECT, 'dist', 'scripts', `${command}.js`), ...args], { cwd: options.dir, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof e.code !== 'number') throw error;
    return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** Builds dist/ as the npm scripts do, so {@link commandAgainstEmulator} runs the current code. */
export function buildCommands(): void {
  execFileSync(process.execPath, [path.join(PROJECT, 'scripts', 'build.mjs')], { cwd: PROJECT, stdio: 'pipe' });
}

/**
 * The preflight checks moto 5.2.1 cannot answer, with the call it does not implement: AWS's default
 * quotas (moto/servicequotas/responses.py answers ListAWSDefaultServiceQuotas and GetServiceQuota
 * only, and knows only the `vpc` service's quotas), and the IAM policy simulator
 * (moto/iam/responses.py has no simulate_principal_policy).
 */
export const MOTO_UNANSWERED_PREFLIGHT_CALLS: Readonly<Record<string, string>> = {
  'EC2 vCPUs (On-Demand Standard)': 'servicequotas:GetAWSDefaultServiceQuota',
  'Elastic IPs': 'servicequotas:GetAWSDefaultServiceQuota',
  'EKS clusters': 'servicequotas:GetAWSDefaultServiceQuota',
  "Participants' IAM policy": 'iam:SimulatePrincipalPolicy',
};

/**
 * A preflight against moto: no FAIL, and NOT CHECKED only for the checks moto cannot answer (each
 * saying the endpoint did not answer as AWS does), which makes the exit code 2, as it would be
 * against AWS with those calls unanswered. Rows of participants' accounts end with the check's name.
 */
export function expectOnlyMotoGapsNotChecked(report: PreflightReport, code: number): void {
  expect(report.rows.filter((r) => r.result === PreflightResult.FAIL)).toEqual([]);
  const notChecked = report.rows.filter((r) => r.result === PreflightResult.NOT_CHECKED);
  expect(notChecked.length).toBeGreaterThan(0);
  const gapOf = (check: string) => Object.entries(MOTO_UNANSWERED_PREFLIGHT_CALLS).find(([name]) => check === name || check.endsWith(`: ${name}`))?.[1];
  expect(notChecked.map((r) => [r.check, r.figure])).toEqual(
    notChecked.map((r) => [r.check, gapOf(r.check) === undefined ? '(a check moto answers)' : `not checked: ${gapOf(r.check)} was not answered as the AWS API answers`]),
  );
  expect(code).toBe(2);
}
