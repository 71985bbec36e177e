import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { StackJson, TfBlock } from './fixtures';
import { blocksOf, directDependencies, TfAddress } from './terraform-graph';
import { mirroredProviderPin, TerraformRunner, terraformRunner, TerraformTools, writeMirrorCliConfig } from './terraform-tools';

/**
 * The emulator copy of synthesized stacks: what moto cannot apply is left out by one listed rule,
 * every reference to it is rewritten so the copy stays valid (and keeps its order), and an override
 * file points the AWS provider at the emulator. Stacks are copied to `<root>/cdktf.out/stacks/<stack>`,
 * the depth cdktf writes them at, so their relative local-backend paths (`../../../terraform.<stack>.tfstate`)
 * and a class's `terraform_remote_state` work unchanged.
 */

/**
 * Resource types moto 5.2.1 does not implement, with the proof in its source: they are left out of
 * the emulator copy. Everything else that fails to apply is a finding.
 */
export const LEFT_OUT_OF_EMULATOR: Readonly<Record<string, string>> = {
  aws_eks_addon:
    'moto 5.2.1 does not implement EKS add-ons: moto/eks/urls.py:11-21 routes only /clusters, /node-groups, /fargate-profiles, /update-config and /tags (no /clusters/<name>/addons)',
  aws_eks_access_entry:
    'moto 5.2.1 does not implement EKS access entries: moto/eks/urls.py:11-21 has no /clusters/<name>/access-entries route',
  aws_eks_access_policy_association:
    'moto 5.2.1 does not implement EKS access policy associations: moto/eks/urls.py:11-21 has no /clusters/<name>/access-entries/<principal>/access-policies route',
};

/**
 * The AWS provider's endpoint key (and so the emulator's service) of every resource type the stacks
 * use; a type missing here stops the copy, so no call can slip past the emulator to a real endpoint.
 */
const ENDPOINT_OF_TYPE: ReadonlyArray<readonly [RegExp, string]> = [
  [/^aws_(vpc|subnet|internet_gateway|nat_gateway|eip|route_table|route_table_association|route|launch_template|ec2_subnet_cidr_reservation|security_group|security_group_rule|network_interface|ebs_volume)$/, 'ec2'],
  [/^aws_iam_/, 'iam'],
  [/^aws_eks_/, 'eks'],
  [/^aws_cloudwatch_log_group$/, 'logs'],
  [/^aws_kms_/, 'kms'],
];

/** Blocks of Terraform's own that call no AWS API. */
const BUILT_IN_TYPES = new Set(['terraform_data', 'terraform_remote_state']);

/** Fake credentials the emulator accepts (moto checks none). */
export const EMULATOR_CREDENTIALS = { accessKeyId: 'AKIAEMULATORROUNDTRIP', secretAccessKey: 'emulator-round-trip-not-a-secret' } as const;

/** One rewrite of a reference to a left-out resource. */
export interface EmulatorRewrite {
  /** The block or output that held the reference. */
  readonly at: string;
  /** `depends_on`, or the attribute path of an interpolation. */
  readonly field: string;
  /** The reference before. */
  readonly from: string;
  /** What took its place. */
  readonly to: string;
}

/** A stack as the emulator gets it. */
export interface EmulatorCopy {
  /** The stack without the left-out resources. */
  readonly json: StackJson;
  /** The left-out resources, with why. */
  readonly leftOut: ReadonlyArray<{ readonly address: TfAddress; readonly why: string }>;
  /** Every reference to them that was rewritten. */
  readonly rewrites: readonly EmulatorRewrite[];
  /** The provider endpoint keys the stack's resources need (plus `sts`, which the provider calls itself). */
  readonly endpointKeys: readonly string[];
}

/** The provider endpoint key of `type`, or undefined for Terraform's own blocks. @throws for a type without one */
function endpointKeyOf(type: string): string | undefined {
  if (BUILT_IN_TYPES.has(type)) return undefined;
  const match = ENDPOINT_OF_TYPE.find(([pattern]) => pattern.test(type));
  if (match === undefined) {
    throw new Error(`emulator copy: resource type ${type} has no emulator endpoint: add its service to ENDPOINT_OF_TYPE in test/support/emulator-terraform.ts`);
  }
  return match[1];
}

/**
 * What a left-out resource ordered: the resources it referred to, with left-out ones replaced by
 * theirs in turn. A block that depended on it depends on these instead, so Terraform still creates
 * it after (and destroys it before) everything the left-out resource stood between.
 */
function standInDependencies(address: TfAddress, blocks: ReadonlyMap<TfAddress, TfBlock>, leftOut: ReadonlySet<TfAddress>): TfAddress[] {
  const result = new Set<TfAddress>();
  const seen = new Set<TfAddress>([address]);
  const pending = [address];
  while (pending.length > 0) {
    const current = pending.pop() as TfAddress;
    for (const next of directDependencies(blocks.get(current) as TfBlock, blocks)) {
      if (seen.has(next)) continue;
      seen.add(next);
      if (leftOut.has(next)) pending.push(next);
      else result.add(next);
    }
  }
  return [...result].sort();
}

/** Replaces, in every string inside `value`, each `${...}` that names a left-out address. */
function rewriteInterpolations(value: unknown, leftOut: ReadonlySet<TfAddress>, at: string, field: string, rewrites: EmulatorRewrite[]): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([^}]*)\}/g, (segment, expression: string) => {
      const hit = [...leftOut].find((address) => new RegExp(`(^|[^A-Za-z0-9_.])${address.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\.|\\[|$)`).test(expression));
      if (hit === undefined) return segment;
      const to = `emulator-left-out:${expression}`;
      rewrites.push({ at, field, from: segment, to });
      return to;
    });
  }
  if (Array.isArray(value)) return value.map((item, i) => rewriteInterpolations(item, leftOut, at, `${field}[${i}]`, rewrites));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, rewriteInterpolations(item, leftOut, at, field === '' ? key : `${field}.${key}`, rewrites)]),
    );
  }
  return value;
}

/** The emulator copy of one synthesized stack (see {@link LEFT_OUT_OF_EMULATOR}). */
export function emulatorCopy(stack: StackJson): EmulatorCopy {
  const blocks = blocksOf(stack);
  const leftOutSet = new Set([...blocks.keys()].filter((address) => address.split('.')[0] in LEFT_OUT_OF_EMULATOR));
  const rewrites: EmulatorRewrite[] = [];
  const copy = JSON.parse(JSON.stringify(stack)) as StackJson & { resource: Record<string, Record<string, TfBlock>> };

  const rewriteBlock = (at: string, block: TfBlock): TfBlock => {
    const { depends_on: dependsOn, ...rest } = block;
    const rewritten = rewriteInterpolations(rest, leftOutSet, at, '', rewrites) as TfBlock;
    if (dependsOn === undefined) return rewritten;
    const kept = new Set<TfAddress>();
    for (const dependency of dependsOn) {
      if (!leftOutSet.has(dependency)) {
        kept.add(dependency);
        continue;
      }
      const standIns = standInDependencies(dependency, blocks, leftOutSet).filter((d) => d !== at);
      standIns.forEach((d) => kept.add(d));
      rewrites.push({ at, field: 'depends_on', from: dependency, to: standIns.join(', ') || '(nothing)' });
    }
    return kept.size === 0 ? rewritten : { ...rewritten, depends_on: [...kept] };
  };

  for (const [type, byName] of Object.entries(copy.resource)) {
    if (type in LEFT_OUT_OF_EMULATOR) {
      delete copy.resource[type];
      continue;
    }
    for (const [name, block] of Object.entries(byName)) byName[name] = rewriteBlock(`${type}.${name}`, block);
  }
  for (const [type, byName] of Object.entries(copy.data ?? {})) {
    for (const [name, block] of Object.entries(byName)) byName[name] = rewriteBlock(`data.${type}.${name}`, block);
  }
  for (const [name, output] of Object.entries(copy.output ?? {})) {
    copy.output[name] = rewriteInterpolations(output, leftOutSet, `output.${name}`, '', rewrites) as typeof output;
  }

  const endpointKeys = new Set(['sts']);
  for (const address of blocks.keys()) {
    const type = address.startsWith('data.') ? address.split('.')[1] : address.split('.')[0];
    if (leftOutSet.has(address)) continue;
    const key = endpointKeyOf(type);
    if (key !== undefined) endpointKeys.add(key);
  }
  return {
    json: copy,
    leftOut: [...leftOutSet].sort().map((address) => ({ address, why: LEFT_OUT_OF_EMULATOR[address.split('.')[0]] })),
    rewrites,
    endpointKeys: [...endpointKeys].sort(),
  };
}

/**
 * The override file of an emulator copy: the AWS provider pinned to the mirror's version, every
 * endpoint the stack needs pointed at `endpoint`, fake credentials. Nothing is skipped: the provider
 * validates the credentials and asks for the account id, against the emulator.
 */
export function emulatorOverride(tools: TerraformTools, copy: EmulatorCopy, endpoint: string): Record<string, unknown> {
  const providers = copy.json.provider?.aws ?? [];
  if (providers.length !== 1 || Object.keys(copy.json.provider ?? {}).some((name) => name !== 'aws')) {
    throw new Error(`emulator copy: the stack must configure exactly one provider, aws without alias; it has ${JSON.stringify(Object.keys(copy.json.provider ?? {}))}`);
  }
  const backend = Object.keys((copy.json.terraform.backend ?? {}) as Record<string, unknown>);
  if (backend.join() !== 'local') {
    throw new Error(`emulator copy: the stack's state backend must be local (the configuration's default), not ${backend.join(', ') || 'none'}`);
  }
  return {
    terraform: { required_providers: mirroredProviderPin(tools) },
    provider: {
      aws: [
        {
          access_key: EMULATOR_CREDENTIALS.accessKeyId,
          secret_key: EMULATOR_CREDENTIALS.secretAccessKey,
          skip_metadata_api_check: true,
          endpoints: [Object.fromEntries(copy.endpointKeys.map((key) => [key, endpoint]))],
        },
      ],
    },
  };
}

/** One stack of an {@link EmulatorWorkspace}. */
export interface EmulatorStack extends TerraformRunner {
  /** The stack's name. */
  readonly name: string;
  /** Its emulator copy. */
  readonly copy: EmulatorCopy;
  /** The endpoint its provider and its destroy-time `aws` calls go to. */
  readonly endpoint: string;
}

/** Options of {@link EmulatorWorkspace.create}. */
export interface EmulatorWorkspaceOptions {
  /** Environment for terraform and what it runs (the volume wait's `aws`), on top of the emulator settings. @default {} */
  readonly env?: Readonly<Record<string, string>>;
}

/** A folder laid out as a cdktf project's output, holding the emulator copies of some stacks. */
export class EmulatorWorkspace {
  /**
   * Copies `stacks` (by name) into a new temporary folder, each pointed at its endpoint from
   * `endpointOf` (so calls are told apart by stack).
   */
  public static async create(
    tools: TerraformTools,
    stacks: Readonly<Record<string, StackJson>>,
    endpointOf: (stack: string) => Promise<string>,
    options: EmulatorWorkspaceOptions = {},
  ): Promise<EmulatorWorkspace> {
    const root = mkdtempSync(path.join(tmpdir(), 'lab-emulator-'));
    // A cache of its own: suites in other jest workers init at the same time.
    const cliConfig = writeMirrorCliConfig(tools, root, 'mirror.tfrc', path.join(root, 'plugin-cache'));
    const result = new Map<string, EmulatorStack>();
    for (const [name, json] of Object.entries(stacks)) {
      const copy = emulatorCopy(json);
      const endpoint = await endpointOf(name);
      const dir = path.join(root, 'cdktf.out', 'stacks', name);
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(copy.json, null, 2));
      writeFileSync(path.join(dir, 'emulator_override.tf.json'), JSON.stringify(emulatorOverride(tools, copy, endpoint), null, 2));
      const runner = terraformRunner(tools, dir, cliConfig, {
        AWS_ACCESS_KEY_ID: EMULATOR_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: EMULATOR_CREDENTIALS.secretAccessKey,
        // The AWS CLI (v1 >= 1.29, v2 >= 2.13) and the SDKs send every service to this URL.
        AWS_ENDPOINT_URL: endpoint,
        // Nothing from the machine's own AWS configuration.
        AWS_CONFIG_FILE: path.join(root, 'no-aws-config'),
        AWS_SHARED_CREDENTIALS_FILE: path.join(root, 'no-aws-credentials'),
        ...options.env,
      });
      result.set(name, { ...runner, name, copy, endpoint });
    }
    return new EmulatorWorkspace(root, result);
  }

  private constructor(
    /** The project folder: states are `<root>/terraform.<stack>.tfstate`. */
    public readonly root: string,
    private readonly stacks: ReadonlyMap<string, EmulatorStack>,
  ) {}

  /** The stack named `name`. */
  public stack(name: string): EmulatorStack {
    const stack = this.stacks.get(name);
    if (stack === undefined) throw new Error(`no stack ${name} in the emulator workspace (${[...this.stacks.keys()].join(', ')})`);
    return stack;
  }

  /** Every stack's name. */
  public get names(): string[] {
    return [...this.stacks.keys()];
  }

  /** Deletes the folder (copies, states, plugin cache). */
  public remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }

  /** `terraform init` of every stack, one after another (they fill one plugin cache). */
  public async init(): Promise<void> {
    for (const stack of this.stacks.values()) await stack.tf('init', '-input=false', '-no-color');
  }
}
