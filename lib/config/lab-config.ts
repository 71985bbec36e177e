import { z } from 'zod';
import { cidrContains, formatIpv4Cidr, Ipv4Cidr, parseIpv4Cidr, PRIVATE_IPV4_RANGES } from '../network/ipv4-cidr';
import { MAX_ZONES } from '../network/subnet-layout';
import { DEFAULT_KUBERNETES_VERSION, EKS_KUBERNETES_VERSIONS } from './eks-kubernetes-versions';
import { AWS_REGIONS } from './aws-regions';
import { didYouMean } from './did-you-mean';
import { LAB_TAG_KEYS } from './lab-tags';

/** How many NAT gateways the lab's network gets. */
export enum NatGatewayMode {
  /** One NAT gateway for the whole VPC (the workshop's choice: cheapest). */
  SINGLE = 'single',
  /** One NAT gateway per availability zone (survives the loss of an AZ; costs N times more). */
  PER_AZ = 'per-az',
}

/** Which KMS key envelope-encrypts Kubernetes secrets. */
export enum SecretsEncryption {
  /** EKS's default envelope encryption with an AWS-owned key: no cost, nothing to clean up. */
  AWS_MANAGED = 'aws-managed',
  /** A customer-managed KMS key created with the lab ($1/month, 7-day deletion window). */
  CUSTOMER_MANAGED = 'customer-managed',
}

/** Where Terraform keeps each stack's state. */
export enum StateBackend {
  /** A `terraform.<stack>.tfstate` file in the project folder (one machine). */
  LOCAL = 'local',
  /** An S3 bucket with native lockfile locking (Terraform >= 1.10): shared by co-instructors or CI. */
  S3 = 's3',
}

/** Which part of the retail store sample application the workloads stack deploys. */
export enum RetailApplication {
  /**
   * The whole store: the five services (ui, catalog, carts with its DynamoDB Local, checkout, orders)
   * on top of the three data stores, as the workshop's base application.
   */
  STORE = 'retail-store',
  /** Only the three data stores (and the module's DaemonSet, Job and CronJob): the smaller lab. */
  DATA_STORES = 'data-stores-only',
}

/** EKS control-plane log types, as the EKS API spells them. */
export const CONTROL_PLANE_LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'] as const;

/** Retention values CloudWatch Logs accepts (days). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/**
 * Regions whose zones are not `a`, `b`, `c` (or differ per account), and the default zone letters
 * used there; `null` means the zones must be configured.
 * @see https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html
 */
const DEFAULT_ZONE_LETTERS: Record<string, readonly string[] | null> = {
  'ap-northeast-1': ['a', 'c', 'd'],
  'ca-central-1': ['a', 'b', 'd'],
  'us-west-1': null,
};

/** IAM role or user ARN; the partition is checked against the region separately. */
const PRINCIPAL_ARN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:(role|user)\/[\w+=,.@/-]{1,512}$/;
const LAB_NAME = /^[a-z]([a-z0-9-]*[a-z0-9])?$/;
/** EC2 instance type such as `m5.large` or `m7i-flex.xlarge`. */
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;

/** Participant id: a DNS label that becomes part of the participant's cluster name. */
const PARTICIPANT_ID = /^[a-z]([a-z0-9-]*[a-z0-9])?$/;
/** S3 bucket name rules (general purpose buckets). */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/** State key prefix: path segments of letters, digits, `-`, `_`, `.` separated by `/`. */
const KEY_PREFIX = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;
const KMS_KEY = /^arn:aws(-cn|-us-gov)?:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[\w/-]+$/;

/** Longest participant id. */
export const MAX_PARTICIPANT_ID_LENGTH = 16;

/**
 * Longest cluster name (`<lab>` or `<lab>-<participant>`): the IAM role `<cluster>-ebs-csi-driver`
 * must fit IAM's 64 characters.
 */
export const MAX_CLUSTER_NAME_LENGTH = 49;

/** EKS clusters per region and account, the default quota. */
export const DEFAULT_EKS_CLUSTER_QUOTA = 100;

/**
 * Longest lab name: the longest derived name is the IAM role `<lab>-ebs-csi-driver` (IAM: 64
 * characters), and a fleet appends `-<participant>` (up to 16) to the lab name.
 */
export const MAX_LAB_NAME_LENGTH = 32;

/** An AWS region the SDK's partition metadata knows, with the nearest names when it is not one. */
const awsRegion = () =>
  z.string().superRefine((value, ctx) => {
    if (Object.prototype.hasOwnProperty.call(AWS_REGIONS, value)) return;
    const suggestion = didYouMean(value, Object.keys(AWS_REGIONS));
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: `must be an AWS region${suggestion ? `: ${suggestion}` : ' code such as us-west-2 (aws ec2 describe-regions lists them)'}`,
    });
  });

/** Error map of a closed set: every failure (wrong type or value) lists the allowed values. */
const oneOf = (values: readonly string[]) => ({ errorMap: () => ({ message: `must be one of: ${values.join(', ')}` }) });

/**
 * The rules EKS sets for a Kubernetes service IPv4 range, one sentence per rule `text` breaks
 * (empty when it is a valid range). Overlap with the VPC is a cross-field rule of the loader.
 * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_KubernetesNetworkConfigRequest.html
 */
export function serviceCidrProblems(text: string): string[] {
  const parsed = parseIpv4Cidr(text);
  return typeof parsed === 'string' ? [parsed] : serviceRangeProblems(parsed);
}

function serviceRangeProblems(network: Ipv4Cidr): string[] {
  const problems: string[] = [];
  if (!PRIVATE_IPV4_RANGES.some((range) => cidrContains(range, network))) {
    problems.push(`must be within ${PRIVATE_IPV4_RANGES.map(formatIpv4Cidr).join(', ')} (EKS accepts only private service ranges)`);
  }
  if (network.prefix < 12 || network.prefix > 24) {
    problems.push('must be a /12 to /24 network (the service range sizes EKS accepts)');
  }
  return problems;
}

/** A CIDR string that parses strictly, then passes `rules` (each returns one sentence per broken rule). */
const cidr = (rules: (network: Ipv4Cidr) => string[] = () => []) =>
  z.string().superRefine((value, ctx) => {
    const parsed = parseIpv4Cidr(value);
    const problems = typeof parsed === 'string' ? [parsed] : rules(parsed);
    problems.forEach((message) => ctx.addIssue({ code: z.ZodIssueCode.custom, message }));
  });

const vpcRangeProblems = (network: Ipv4Cidr): string[] =>
  network.prefix < 16 || network.prefix > 20
    ? ['must be a /16 to /20 network (AWS allows /16-/28; the lab needs six /19-/23 subnets)']
    : [];

const principalArn = () =>
  z.string().regex(PRINCIPAL_ARN, 'must be an IAM role or user ARN such as arn:aws:iam::123456789012:role/Admin');

/** Field-level schema of a class roster. */
const rosterSchema = z.strictObject({
  participants: z
    .array(
      z.strictObject({
        id: z
          .string()
          .max(MAX_PARTICIPANT_ID_LENGTH, `must be at most ${MAX_PARTICIPANT_ID_LENGTH} characters`)
          .regex(PARTICIPANT_ID, 'must be lower-case letters, digits and hyphens, starting with a letter (it becomes part of the cluster name)')
          .describe('Short id, unique in the roster: a lower-case DNS label of at most 16 characters. The cluster is named <labName>-<id>.'),
        principalArn: principalArn().describe(
          "The participant's IAM role or user ARN: cluster-admin on their own cluster only. Each principal may appear once in the configuration.",
        ),
      }),
    )
    .min(1, 'must list at least one participant (leave roster out for a single lab)')
    .describe('One isolated lab each (cluster, nodes, workloads, own Terraform state) on the network the class shares.'),
  instructorPrincipalArns: z
    .array(principalArn())
    .default([])
    .describe("IAM role or user ARNs with cluster-admin on every participant's cluster (with adminPrincipalArns)."),
  eksClusterQuota: z
    .number()
    .int('must be a whole number')
    .min(1, 'must be >= 1')
    .default(DEFAULT_EKS_CLUSTER_QUOTA)
    .describe('Your EKS clusters-per-region quota (Service Quotas): the roster must not exceed it. npm run preflight reads the real one.'),
});

/** Field-level schema of the state settings. */
const stateSchema = z
  .strictObject({
    backend: z
      .nativeEnum(StateBackend, oneOf(Object.values(StateBackend)))
      .default(StateBackend.LOCAL)
      .describe('local: terraform.<stack>.tfstate in the project folder (one machine). s3: a bucket shared with co-instructors or CI, encrypted, with S3 native locking.'),
    bucket: z
      .string()
      .regex(BUCKET_NAME, 'must be an S3 bucket name (3-63 lower-case letters, digits, dots, hyphens)')
      .optional()
      .describe('S3 state: an existing bucket (versioning on). Required with backend s3.'),
    keyPrefix: z
      .string()
      .max(512, 'must be at most 512 characters')
      .regex(KEY_PREFIX, 'must be a path such as labs/eks-workshop')
      .optional()
      .describe('S3 state: keys are <keyPrefix>/<stack>.tfstate. Default: labName.'),
    region: awsRegion().optional().describe("S3 state: the bucket's region. Default: the lab's region."),
    kmsKeyId: z.string().regex(KMS_KEY, 'must be a KMS key or alias ARN').optional().describe('S3 state: a KMS key ARN for server-side encryption. Default: the bucket default.'),
  })
  .superRefine((state, ctx) => {
    if (state.backend === StateBackend.S3 && state.bucket === undefined) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['bucket'], message: 'must be set when state.backend is s3' });
    }
    if (state.backend === StateBackend.LOCAL) {
      for (const field of ['bucket', 'keyPrefix', 'region', 'kmsKeyId'] as const) {
        if (state[field] !== undefined) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, path: [field], message: 'applies only to state.backend s3' });
        }
      }
    }
  });

/**
 * AWS Budgets limits of one budget: "up to 5 notifications per budget" and "up to 10 email subscribers
 * per notification".
 * @see https://docs.aws.amazon.com/cost-management/latest/userguide/budgets-limits.html
 */
export const BUDGET_LIMITS = { notifications: 5, emailSubscribers: 10 } as const;

/** Field-level schema of the budget guard. */
const budgetSchema = z.strictObject({
  enabled: z
    .boolean()
    .optional()
    .describe('Whether the stacks create the budget. Default: on for a class that lists alertEmails (a class without them gets a warning), off for a single lab; on needs alertEmails and expiresOn.'),
  alertEmails: z
    .array(z.string().email('must be an e-mail address such as instructor@example.com'))
    .max(BUDGET_LIMITS.emailSubscribers, `AWS Budgets sends to at most ${BUDGET_LIMITS.emailSubscribers} addresses per alert`)
    .superRefine((emails, ctx) => {
      emails.forEach((email, i) => {
        if (emails.findIndex((e) => e.toLowerCase() === email.toLowerCase()) !== i) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, path: [i], message: 'must not repeat an earlier address' });
        }
      });
    })
    .default([])
    .describe('Who gets the alerts: e-mail addresses, at most 10, each once.'),
  thresholdPercents: z
    .array(
      z
        .number()
        .finite('must be a finite number')
        .min(1, 'must be >= 1 (percent of a day of the estimate)')
        .max(1000, 'must be <= 1000 (percent of a day of the estimate)'),
    )
    .min(1, 'must list at least one threshold')
    .max(BUDGET_LIMITS.notifications, `AWS Budgets allows at most ${BUDGET_LIMITS.notifications} notifications per budget`)
    .superRefine((thresholds, ctx) => {
      thresholds.forEach((t, i) => {
        if (thresholds.indexOf(t) !== i) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [i], message: 'must not repeat an earlier threshold (AWS rejects duplicate notifications)' });
      });
    })
    .default([10, 100])
    .describe('Alert thresholds in percent of one day of the estimate (npm run estimate): 1-1000 each, at most 5, each once. An alert goes out on each day after expiresOn whose cost passes one.'),
});

/** A calendar date `YYYY-MM-DD` that exists. */
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine((v) => new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), { message: 'must be a date that exists' });

/** Field-level schema of the node group. */
const nodeGroupSchema = z.strictObject({
  instanceTypes: z
    .array(z.string().regex(INSTANCE_TYPE, 'must be an EC2 instance type such as m5.large'))
    .min(1, 'must name at least one instance type')
    .max(20, 'EKS accepts at most 20 instance types')
    .default(['m5.large'])
    .describe('EC2 instance types of the managed node group (AL2023).'),
  minSize: z.number().int('must be a whole number').min(0, 'must be >= 0').default(3).describe('Fewest nodes; minSize <= desiredSize <= maxSize.'),
  desiredSize: z.number().int('must be a whole number').min(0, 'must be >= 0').default(3).describe('Nodes at creation.'),
  maxSize: z
    .number()
    .int('must be a whole number')
    .min(1, 'must be >= 1')
    .max(100, 'must be <= 100')
    .default(6)
    .describe('Most nodes: quotas, address space and the cost ceiling are checked at this size.'),
  diskSizeGiB: z
    .number()
    .int('must be a whole number of GiB')
    .min(20, 'must be >= 20 (the AL2023 EKS AMI snapshot is 20 GiB)')
    .max(16384, 'must be <= 16384 (gp3 limit)')
    .default(30)
    .describe('Encrypted gp3 root volume per node, in GiB.'),
});

/**
 * The schema of the lab's configuration. Every field has a default; `availabilityZones` and
 * `bootstrapCreatorAdmin` defaults depend on other fields and are resolved in {@link resolveLabConfig}.
 */
export const labConfigSchema = z.strictObject({
  labName: z
    .string()
    .max(MAX_LAB_NAME_LENGTH, `must be at most ${MAX_LAB_NAME_LENGTH} characters`)
    .regex(LAB_NAME, 'must be lower-case letters, digits and hyphens, starting with a letter')
    .default('eks-workshop')
    .describe(
      'Cluster name (a class: <labName>-<id>) and prefix of every other name (IAM roles, log group, launch template, key alias). ' +
        'Lower-case letters, digits, hyphens, at most 32 characters. Labs with different names coexist in one account and region.',
    ),
  region: awsRegion()
    .default('us-west-2')
    .describe('AWS region of the lab. AWS_REGION in the environment does not change it (every command passes this region explicitly).'),
  availabilityZones: z
    .array(z.string())
    .min(2, 'EKS needs subnets in at least 2 availability zones')
    .max(MAX_ZONES, `the subnet layout has room for at most ${MAX_ZONES} availability zones`)
    .optional()
    .describe(
      '2 or 3 zones of the region. Default: <region>a, b, c; a, c, d in ap-northeast-1; a, b, d in ca-central-1; us-west-1 has none (zone names differ per account): set it there.',
    ),
  kubernetesVersion: z
    .string()
    .refine((v) => EKS_KUBERNETES_VERSIONS.some((k) => k.version === v), {
      message: `must be a Kubernetes version EKS offers: ${EKS_KUBERNETES_VERSIONS.map((k) => k.version).join(', ')}`,
    })
    .default(DEFAULT_KUBERNETES_VERSION)
    .describe(
      'Kubernetes minor version. A version past the end of EKS standard support is rejected (extended support bills $0.60/h instead of $0.10/h); ' +
        'a warning when it leaves standard support within 30 days or before expiresOn.',
    ),
  vpcCidr: cidr(vpcRangeProblems)
    .default('10.42.0.0/16')
    .describe(
      '/16 to /20. A single lab cuts it into eight blocks (public subnets 0-2, private 3-5: the workshop layout for a /16); ' +
        "a class's shared network into four (private subnets 0-2, small public subnets in block 3).",
    ),
  serviceCidr: cidr(serviceRangeProblems)
    .optional()
    .describe(
      'Kubernetes Service range: within 10/8, 172.16/12 or 192.168/16, /12 to /24, not overlapping vpcCidr. Default: chosen by EKS. Changing it replaces the cluster.',
    ),
  natGateways: z
    .nativeEnum(NatGatewayMode, oneOf(Object.values(NatGatewayMode)))
    .default(NatGatewayMode.SINGLE)
    .describe('single: one NAT gateway (as the workshop; cheapest). per-az: one per zone.'),
  nodeGroup: nodeGroupSchema.default(nodeGroupSchema.parse({})).describe('The managed node group of each lab.'),
  adminPrincipalArns: z
    .array(principalArn())
    .default([])
    .describe('IAM role or user ARNs that get a cluster-admin access entry on every cluster of the configuration.'),
  bootstrapCreatorAdmin: z
    .boolean()
    .optional()
    .describe(
      'Whether EKS makes the deploying identity cluster admin. Default: true when adminPrincipalArns and roster.instructorPrincipalArns are empty, ' +
        'else false (list yourself there: a second entry for the same principal makes EKS answer 409). Read only when a cluster is created.',
    ),
  publicAccessCidrs: z
    .array(cidr())
    .min(1, 'must list at least one CIDR (the public endpoint is how kubectl reaches the lab)')
    .max(40, 'EKS accepts at most 40 public access CIDRs')
    .default(['0.0.0.0/0'])
    .describe('CIDRs allowed to reach the public API endpoint (the private endpoint is always on). A warning when open to the world.'),
  secretsEncryption: z
    .nativeEnum(SecretsEncryption, oneOf(Object.values(SecretsEncryption)))
    .default(SecretsEncryption.AWS_MANAGED)
    .describe('aws-managed: EKS default envelope encryption. customer-managed: a KMS key per lab ($1/month, alias alias/<cluster>-eks-secrets, 7-day deletion window).'),
  controlPlaneLogTypes: z
    .array(z.enum(CONTROL_PLANE_LOG_TYPES, oneOf(CONTROL_PLANE_LOG_TYPES)))
    .default([...CONTROL_PLANE_LOG_TYPES])
    .describe('Control-plane log types sent to /aws/eks/<cluster>/cluster.'),
  logRetentionDays: z
    .number()
    .refine((v) => (LOG_RETENTION_DAYS as readonly number[]).includes(v), {
      message: `must be one of the CloudWatch Logs retention values: ${LOG_RETENTION_DAYS.join(', ')}`,
    })
    .default(7)
    .describe('Retention of the control-plane log group, in days (a CloudWatch Logs retention value).'),
  databaseVolumeGiB: z
    .number()
    .int('must be a whole number of GiB')
    .min(1, 'must be >= 1')
    .max(16384, 'must be <= 16384 (gp3 limit)')
    .default(10)
    .describe("Size of each data store's EBS volume (encrypted gp3), in GiB."),
  application: z
    .nativeEnum(RetailApplication, oneOf(Object.values(RetailApplication)))
    .default(RetailApplication.STORE)
    .describe(
      'retail-store: the whole retail store (ui, catalog, carts, checkout, orders) on the three data stores, as the workshop. ' +
        'data-stores-only: the data stores and the module\'s DaemonSet, Job and CronJob only (a smaller lab).',
    ),
  tags: z
    .record(z.string().max(256, 'tag values must be at most 256 characters'))
    .superRefine((tags, ctx) => {
      for (const key of Object.keys(tags)) {
        if (key === '' || key.length > 128) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: `key ${JSON.stringify(key)} must be 1 to 128 characters` });
        } else if (key.toLowerCase().startsWith('aws:')) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: `key ${JSON.stringify(key)} must not start with aws: (reserved by AWS)` });
        } else if ((Object.values(LAB_TAG_KEYS) as string[]).includes(key)) {
          // The project sets these; a configured value would misfile resources in npm run leftovers.
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: `key ${JSON.stringify(key)} is set by the project (it identifies the lab's resources)` });
        }
      }
    })
    .default({})
    .describe('Extra tags on every AWS resource. lab, participant, env, created-by and expires-on are set by the project and may not be configured.'),
  roster: rosterSchema.optional().describe('The class. Leave it out for a single lab.'),
  expiresOn: isoDate
    .optional()
    .describe('YYYY-MM-DD, tagged expires-on on every resource so forgotten labs can be found; required with a roster. A fixed date, never computed.'),
  budget: budgetSchema
    .default({})
    .describe('The budget guard: an AWS Budgets alert on each day after expiresOn that the lab or class still costs a share of a day of the estimate (docs/running-a-class.md).'),
  state: stateSchema.default({}).describe('Where Terraform keeps each stack\'s state.'),
});

/** The configuration as parsed, before dependent defaults are resolved. */
type ParsedLabConfig = z.output<typeof labConfigSchema>;

/** The node group settings of a lab. */
export interface NodeGroupConfig {
  /** EC2 instance types of the managed node group. @default ['m5.large'] */
  readonly instanceTypes: readonly string[];
  /** Minimum node count. @default 3 */
  readonly minSize: number;
  /** Desired node count at creation. @default 3 */
  readonly desiredSize: number;
  /** Maximum node count. @default 6 */
  readonly maxSize: number;
  /** Root volume size in GiB (gp3, encrypted). @default 30 */
  readonly diskSizeGiB: number;
}

/** One participant of a class. */
export interface Participant {
  /** Short DNS-safe id, unique in the roster; the cluster is named `<labName>-<id>`. */
  readonly id: string;
  /** The participant's IAM role or user: cluster-admin on their own cluster only. */
  readonly principalArn: string;
}

/** The class a fleet of labs is built for. */
export interface RosterConfig {
  /** One isolated lab each. */
  readonly participants: readonly Participant[];
  /** Cluster-admin on every participant's cluster. @default [] */
  readonly instructorPrincipalArns: readonly string[];
  /** EKS clusters the account may have in the region (Service Quotas). @default 100 */
  readonly eksClusterQuota: number;
}

/**
 * The budget guard: an AWS Budgets budget that watches what the lab (or class) still costs each day
 * after its `expiresOn` date, and e-mails when a day passes a share of the estimated daily cost.
 */
export interface BudgetConfig {
  /**
   * Whether the stacks create the budget.
   * @default - true for a class that lists alertEmails, false for a single lab
   */
  readonly enabled: boolean;
  /** Who gets the alerts (AWS Budgets e-mail subscribers, at most 10). @default [] */
  readonly alertEmails: readonly string[];
  /**
   * Alert thresholds, in percent of the estimated cost of one day of the lab or class (1-1000, at
   * most 5): an alert goes out on a day after expiresOn whose cost passes each.
   * @default [10, 100]
   */
  readonly thresholdPercents: readonly number[];
}

/** Where Terraform state lives. */
export type StateConfig =
  | { readonly backend: StateBackend.LOCAL }
  | {
      readonly backend: StateBackend.S3;
      /** Existing bucket (versioning on is recommended). */
      readonly bucket: string;
      /** Keys are `<keyPrefix>/<stack>.tfstate`. @default - the lab name */
      readonly keyPrefix: string;
      /** Region of the bucket. @default - the lab's region */
      readonly region: string;
      /** KMS key for server-side encryption. @default - the bucket's default encryption (SSE-S3 or its key) */
      readonly kmsKeyId?: string;
    };

/** The complete, validated configuration of one lab. Every field is resolved. */
export interface LabConfig {
  /** Prefix of every name the lab creates; also the EKS cluster name. @default 'eks-workshop' */
  readonly labName: string;
  /** AWS region. @default 'us-west-2' */
  readonly region: string;
  /**
   * Availability zones (2 or 3).
   * @default - `<region>a`, `<region>b`, `<region>c` (a, c, d in ap-northeast-1; a, b, d in ca-central-1;
   *   us-west-1 has no default because its zone names differ per account)
   */
  readonly availabilityZones: readonly string[];
  /** Kubernetes minor version of the cluster. @default '1.35' */
  readonly kubernetesVersion: string;
  /** VPC CIDR (/16 to /20). @default '10.42.0.0/16' */
  readonly vpcCidr: string;
  /**
   * IPv4 range Kubernetes assigns Service cluster IPs from: within 10.0.0.0/8, 172.16.0.0/12 or
   * 192.168.0.0/16, /12 to /24, not overlapping `vpcCidr`. Set only at creation: changing it replaces
   * the cluster.
   * @default - EKS picks 10.100.0.0/16 or 172.20.0.0/16 (whichever does not overlap the VPC)
   * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_KubernetesNetworkConfigRequest.html
   */
  readonly serviceCidr?: string;
  /** NAT gateway layout. @default NatGatewayMode.SINGLE */
  readonly natGateways: NatGatewayMode;
  /** Managed node group settings. */
  readonly nodeGroup: NodeGroupConfig;
  /** IAM role/user ARNs that get cluster-admin access entries. @default [] */
  readonly adminPrincipalArns: readonly string[];
  /**
   * Whether EKS makes the identity that creates the cluster a cluster admin.
   * @default - true when `adminPrincipalArns` is empty, false otherwise (list yourself there:
   *   a second entry for the same principal makes EKS answer 409)
   */
  readonly bootstrapCreatorAdmin: boolean;
  /** CIDRs allowed to reach the public API endpoint. @default ['0.0.0.0/0'] */
  readonly publicAccessCidrs: readonly string[];
  /** Key for envelope encryption of Kubernetes secrets. @default SecretsEncryption.AWS_MANAGED */
  readonly secretsEncryption: SecretsEncryption;
  /** Control-plane log types sent to CloudWatch Logs. @default - all five */
  readonly controlPlaneLogTypes: readonly (typeof CONTROL_PLANE_LOG_TYPES)[number][];
  /** Retention of the control-plane log group, in days. @default 7 */
  readonly logRetentionDays: number;
  /** Size of each database's EBS volume (gp3, encrypted), in GiB. @default 10 */
  readonly databaseVolumeGiB: number;
  /**
   * What of the retail store sample application the workloads stack deploys: the whole store, or
   * only its three data stores (the smaller lab).
   * @default RetailApplication.STORE
   */
  readonly application: RetailApplication;
  /** Extra tags on every AWS resource. @default {} */
  readonly tags: Readonly<Record<string, string>>;
  /**
   * The class: one isolated lab per participant on a shared network.
   * @default - none: a single lab named `labName`
   */
  readonly roster?: RosterConfig;
  /**
   * Date after which the lab may be removed (`YYYY-MM-DD`), tagged `expires-on` on every resource.
   * A fixed value, so the plan never changes by itself. Required with a roster.
   * @default - no expiry tag
   */
  readonly expiresOn?: string;
  /** The budget guard. @default - on for a class with alertEmails, off for a single lab */
  readonly budget: BudgetConfig;
  /** Terraform state location. @default { backend: StateBackend.LOCAL } */
  readonly state: StateConfig;
}

/** Resolves the defaults that depend on other fields. */
export function resolveLabConfig(parsed: ParsedLabConfig): LabConfig {
  const letters = parsed.region in DEFAULT_ZONE_LETTERS ? DEFAULT_ZONE_LETTERS[parsed.region] : ['a', 'b', 'c'];
  return {
    ...parsed,
    // An empty list (the region has no reliable default) is reported by the loader, naming the field.
    availabilityZones: parsed.availabilityZones ?? (letters ?? []).map((suffix) => `${parsed.region}${suffix}`),
    bootstrapCreatorAdmin:
      parsed.bootstrapCreatorAdmin ??
      parsed.adminPrincipalArns.length + (parsed.roster?.instructorPrincipalArns.length ?? 0) === 0,
    budget: {
      alertEmails: parsed.budget.alertEmails,
      thresholdPercents: parsed.budget.thresholdPercents,
      // On by default for a class, as far as there is someone to alert: without addresses the loader warns.
      enabled: parsed.budget.enabled ?? (parsed.roster !== undefined && parsed.budget.alertEmails.length > 0),
    },
    state: resolveState(parsed.state, parsed),
  };
}

function resolveState(state: ParsedLabConfig['state'], parsed: ParsedLabConfig): StateConfig {
  if (state.backend === StateBackend.LOCAL) return { backend: StateBackend.LOCAL };
  return {
    backend: StateBackend.S3,
    bucket: state.bucket ?? '', // required by the schema's refinement
    keyPrefix: state.keyPrefix ?? parsed.labName,
    region: state.region ?? parsed.region,
    ...(state.kmsKeyId === undefined ? {} : { kmsKeyId: state.kmsKeyId }),
  };
}
