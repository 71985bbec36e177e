import type { ParsedLabConfig } from './lab-config-schema';

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
/** What the budget guard's after-expiry budget counts in a shared account. */
export enum BudgetFilter {
  /** Costs tagged `lab=<labName>` in the lab's region: needs `lab` to be an active cost allocation tag. */
  LAB_TAG = 'lab-tag',
  /** Every cost of the account in the lab's region: no tag needed (an account that holds only this lab or class). */
  REGION = 'region',
}

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

/** One EKS control-plane log type. */
export type ControlPlaneLogType = (typeof CONTROL_PLANE_LOG_TYPES)[number];

/** Retention values CloudWatch Logs accepts (days). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** Most availability zones a lab's subnet layouts have room for. */
export const MAX_ZONES = 3;

/** Longest participant id. */
export const MAX_PARTICIPANT_ID_LENGTH = 16;

/**
 * The role AWS Organizations creates in every member account it creates, which the management
 * account may assume.
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_accounts_access-cross-account-role.html
 */
export const DEFAULT_ACCOUNT_ROLE_NAME = 'OrganizationAccountAccessRole';

/** EKS clusters per region and account, the default quota. */
export const DEFAULT_EKS_CLUSTER_QUOTA = 100;

/**
 * Longest lab name: the longest derived name is the IAM role `<lab>-ebs-csi-driver` (IAM: 64
 * characters), and a class appends `-<participant>` (up to 16) to the lab name: 32 + 1 + 16 + 15 = 64
 * (test/plan/lab-names.test.ts checks every derived name against its limit).
 */
export const MAX_LAB_NAME_LENGTH = 32;

/**
 * AWS Budgets limits of one budget: "up to 5 notifications per budget" and "up to 10 email subscribers
 * per notification".
 * @see https://docs.aws.amazon.com/cost-management/latest/userguide/budgets-limits.html
 */
export const BUDGET_LIMITS = { notifications: 5, emailSubscribers: 10 } as const;

/**
 * Regions whose zones are not `a`, `b`, `c` (or differ per account), and the default zone letters
 * used there; `null` means the zones must be configured.
 * @see https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html
 */
export const DEFAULT_ZONE_LETTERS: Record<string, readonly string[] | null> = {
  'ap-northeast-1': ['a', 'c', 'd'],
  'ca-central-1': ['a', 'b', 'd'],
  'us-west-1': null,
};

/** The node group settings of a lab. */
export interface NodeGroupConfig {
  /** EC2 instance types of the managed node group. */
  readonly instanceTypes: readonly string[];
  /** Minimum node count. */
  readonly minSize: number;
  /** Desired node count at creation. */
  readonly desiredSize: number;
  /** Maximum node count. */
  readonly maxSize: number;
  /** Root volume size in GiB (gp3, encrypted). */
  readonly diskSizeGiB: number;
}

/** A participant who signs in through IAM Identity Center with a permission set the class shares. */
export interface SsoUser {
  /** The role IAM Identity Center created for the permission set (`.../aws-reserved/sso.amazonaws.com/.../AWSReservedSSO_...`). */
  readonly permissionSetRoleArn: string;
  /** Their IAM Identity Center user name: their sessions of that role carry it as session name. */
  readonly userName: string;
}

/** One participant of a class. */
export interface Participant {
  /** Short DNS-safe id, unique in the roster; the cluster is named `<labName>-<id>`. */
  readonly id: string;
  /**
   * The participant's IAM role or user: cluster-admin on their own cluster only.
   * @default - none: an IAM Identity Center user ({@link ssoUser}) instead
   */
  readonly principalArn?: string;
  /**
   * An IAM Identity Center user of a shared permission set, instead of {@link principalArn}: the lab
   * creates a role only this user may assume, with cluster-admin. @default - none
   */
  readonly ssoUser?: SsoUser;
  /** The participant's own AWS account, where their lab is deployed (a class of one account per participant). */
  readonly accountId?: string;
}

/** The class a fleet of labs is built for. */
export interface RosterConfig {
  /** One isolated lab each. */
  readonly participants: readonly Participant[];
  /** Cluster-admin on every participant's cluster. */
  readonly instructorPrincipalArns: readonly string[];
  /** EKS clusters the account may have in the region (Service Quotas). */
  readonly eksClusterQuota: number;
  /** The role assumed in each participant's account, when the participants have accounts of their own. */
  readonly accountRoleName: string;
  /** Most participants on one shared network. */
  readonly participantsPerNetwork?: number;
}

/**
 * The budget guard: an AWS Budgets budget that watches what the lab (or class) still costs each day
 * after its `expiresOn` date, and e-mails when a day passes a share of the estimated daily cost.
 */
export interface BudgetConfig {
  /**
   * Whether the stacks create the budget.
   */
  readonly enabled: boolean;
  /** Who gets the alerts (AWS Budgets e-mail subscribers, at most 10). */
  readonly alertEmails: readonly string[];
  /**
   * Alert thresholds, in percent of the estimated cost of one day of the lab or class (1-1000, at
   * most 5): an alert goes out on a day after expiresOn whose cost passes each.
   */
  readonly thresholdPercents: readonly number[];
  /** What the after-expiry budget counts in a shared account (a participant's own account is counted whole). */
  readonly scope: BudgetFilter;
}

/** The class runner (`npm run class`) and the GitHub Actions workflows it writes. */
export interface ClassConfig {
  /** Participants one runner process works on at once. */
  readonly parallel: number;
  /** GitHub Actions jobs at once in the generated workflows (the matrix's `max-parallel`). */
  readonly workflowMaxParallel: number;
  /** The IAM role the generated workflows assume through OIDC. */
  readonly workflowRoleArn?: string;
}

/** Where Terraform state lives. */
export type StateConfig =
  | { readonly backend: StateBackend.LOCAL }
  | {
      readonly backend: StateBackend.S3;
      /** Existing bucket (versioning on is recommended). */
      readonly bucket: string;
      /** Keys are `<keyPrefix>/<stack>.tfstate`. */
      readonly keyPrefix: string;
      /** Region of the bucket. */
      readonly region: string;
      /** KMS key for server-side encryption. */
      readonly kmsKeyId?: string;
    };

/**
 * The complete, validated configuration of one lab or class, every field resolved. The defaults are
 * written once, in the schema (lib/config/lab-config-schema.ts), which also generates
 * docs/configuration.md; {@link resolveLabConfig} fills the ones that depend on other fields.
 */
export interface LabConfig {
  /** Prefix of every name the lab creates; also the EKS cluster name. */
  readonly labName: string;
  /** AWS region. */
  readonly region: string;
  /** Availability zones (2 or 3). */
  readonly availabilityZones: readonly string[];
  /** Kubernetes minor version of the cluster. */
  readonly kubernetesVersion: string;
  /** VPC CIDR (/16 to /20). */
  readonly vpcCidr: string;
  /**
   * IPv4 range Kubernetes assigns Service cluster IPs from: within 10.0.0.0/8, 172.16.0.0/12 or
   * 192.168.0.0/16, /12 to /24, not overlapping `vpcCidr`. Set only at creation: changing it replaces
   * the cluster.
   * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_KubernetesNetworkConfigRequest.html
   */
  readonly serviceCidr?: string;
  /** NAT gateway layout. */
  readonly natGateways: NatGatewayMode;
  /** Managed node group settings. */
  readonly nodeGroup: NodeGroupConfig;
  /** IAM role/user ARNs that get cluster-admin access entries. */
  readonly adminPrincipalArns: readonly string[];
  /** Whether EKS makes the identity that creates the cluster a cluster admin. */
  readonly bootstrapCreatorAdmin: boolean;
  /** CIDRs allowed to reach the public API endpoint. */
  readonly publicAccessCidrs: readonly string[];
  /** Key for envelope encryption of Kubernetes secrets. */
  readonly secretsEncryption: SecretsEncryption;
  /** Control-plane log types sent to CloudWatch Logs. */
  readonly controlPlaneLogTypes: readonly ControlPlaneLogType[];
  /** Retention of the control-plane log group, in days. */
  readonly logRetentionDays: number;
  /** Size of each database's EBS volume (gp3, encrypted), in GiB. */
  readonly databaseVolumeGiB: number;
  /**
   * What of the retail store sample application the workloads stack deploys: the whole store, or
   * only its three data stores (the smaller lab).
   */
  readonly application: RetailApplication;
  /** Extra tags on every AWS resource. */
  readonly tags: Readonly<Record<string, string>>;
  /**
   * The class: one isolated lab per participant on a shared network.
   */
  readonly roster?: RosterConfig;
  /**
   * Date after which the lab may be removed (`YYYY-MM-DD`), tagged `expires-on` on every resource.
   * A fixed value, so the plan never changes by itself. Required with a roster.
   */
  readonly expiresOn?: string;
  /** The budget guard. */
  readonly budget: BudgetConfig;
  /** Terraform state location. */
  readonly state: StateConfig;
  /** The class runner and its workflows. */
  readonly class: ClassConfig;
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
      // In a participant's own account the deploy role gets an access entry of its own instead.
      (!(parsed.roster?.participants.some((p) => p.accountId !== undefined) ?? false) &&
        parsed.adminPrincipalArns.length + (parsed.roster?.instructorPrincipalArns.length ?? 0) === 0),
    budget: {
      alertEmails: parsed.budget.alertEmails,
      thresholdPercents: parsed.budget.thresholdPercents,
      scope: parsed.budget.scope,
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

