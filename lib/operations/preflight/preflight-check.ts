import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { EKSClient } from '@aws-sdk/client-eks';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { S3Client } from '@aws-sdk/client-s3';
import type { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import type { LabConfig } from '../../config/lab-config';
import type { LabAccount, LabEnvironment } from '../../plan/lab-environment';
import type { NetworkPlan } from '../../plan/network-plan';
import type { LabPlan } from '../../plan/lab-plan';
import { AwsCallError, AwsFailureKind, awsFailureFix } from '../aws-call-error';
import type { CallerIdentity } from './caller-identity';
import type { StateReader } from './terraform-state';

/** The verdict of one row. */
export enum PreflightResult {
  /** Nothing in the way. */
  PASS = 'PASS',
  /** Worth a look, but the deploy would not fail because of it (or it could not be checked). */
  WARN = 'WARN',
  /** The deploy would fail (or a lab would be unusable): fix it first. */
  FAIL = 'FAIL',
  /** The check could not run (its AWS call was denied, throttled or not answered as AWS does): nothing is known. */
  NOT_CHECKED = 'NOT CHECKED',
}

/** One line of the preflight table. */
export interface PreflightRow {
  /** What was checked, e.g. `EC2 vCPUs (On-Demand Standard)`. */
  readonly check: string;
  /** What was found, with its numbers. */
  readonly figure: string;
  /** PASS, WARN or FAIL. */
  readonly result: PreflightResult;
  /** How to fix it (lines separated by `\n`). @default - none (PASS) */
  readonly fix?: string;
}

/** The AWS clients the checks use, all for the lab's region except S3 (the state bucket's region). */
export interface PreflightClients {
  /** EC2: instance types, instances, VPCs, addresses, NAT gateways, subnets, launch templates. */
  readonly ec2: EC2Client;
  /** Service Quotas: applied and default quota values. */
  readonly serviceQuotas: ServiceQuotasClient;
  /** EKS: the clusters of the region. */
  readonly eks: EKSClient;
  /** IAM (global): roles, users, the policy simulator. */
  readonly iam: IAMClient;
  /** CloudWatch Logs: the control-plane log groups. */
  readonly logs: CloudWatchLogsClient;
  /** KMS: key aliases. */
  readonly kms: KMSClient;
  /** S3 in `region`: the state bucket. */
  s3(region: string): S3Client;
}

/** What every check reads. */
export interface PreflightContext {
  /** The validated configuration (the plan's). */
  readonly config: LabConfig;
  /** The plan of the lab or class. */
  readonly plan: LabPlan;
  /** The labs checked: every lab of the configuration, or the one `--participant` names. */
  readonly environments: readonly LabEnvironment[];
  /** The networks the checked labs create in the account asked (none in the deploying account of a class of accounts). */
  readonly networks: readonly NetworkPlan[];
  /**
   * The participant's account these clients act in, when the class has accounts per participant.
   * @default - the deploying account
   */
  readonly account?: LabAccount;
  /** Who deploys: the identity of the credentials in use. */
  readonly identity: CallerIdentity;
  /** AWS clients. */
  readonly clients: PreflightClients;
  /** The stacks' Terraform state, as the configured backend holds it. */
  readonly state: StateReader;
  /** The moment the preflight runs (the expiry date is compared with its day, UTC). */
  readonly now: Date;
  /** The result of `fetch` under `key`, fetched once for all checks (e.g. the region's EKS clusters). */
  memo<T>(key: string, fetch: () => Promise<T>): Promise<T>;
}

/** Which account a check asks, in a class of accounts per participant (elsewhere there is one account). */
export enum PreflightScope {
  /** Each participant's account, where their lab is created (quotas, names, principals there). */
  LAB_ACCOUNT = 'lab-account',
  /** The deploying account, where the state is kept and the instructors are. */
  DEPLOYING_ACCOUNT = 'deploying-account',
  /** Both: each looks at what is in it. */
  BOTH = 'both',
}

/** One check of `npm run preflight`: asks AWS and returns its rows. */
export interface PreflightCheck {
  /** The name in the CHECK column (the rows may name something narrower). */
  readonly name: string;
  /** Where it asks when participants have accounts of their own. @default PreflightScope.LAB_ACCOUNT */
  readonly scope?: PreflightScope;
  /** The IAM permissions it needs, named in its WARN row when AWS denies one. */
  readonly permissions: readonly string[];
  /**
   * Its rows. Throws {@link AwsCallError} when an AWS call fails; {@link runPreflightCheck} turns that
   * into a WARN row unless AWS cannot be asked at all.
   */
  run(context: PreflightContext): Promise<PreflightRow[]>;
}

/** Failures that mean AWS cannot be asked at all: the command stops with exit 2 instead of going on. */
const CANNOT_ASK: ReadonlySet<AwsFailureKind> = new Set([
  AwsFailureKind.NO_CREDENTIALS,
  AwsFailureKind.EXPIRED_CREDENTIALS,
  AwsFailureKind.UNREACHABLE,
]);

/**
 * The rows of `check`. When one of its AWS calls is denied, throttled or fails otherwise, the check
 * gives one NOT CHECKED row saying in words which call and why, and how to make it run, and the other
 * checks go on; no credentials, expired credentials and an unreachable endpoint are rethrown (exit 2).
 */
export async function runPreflightCheck(check: PreflightCheck, context: PreflightContext): Promise<PreflightRow[]> {
  try {
    return await check.run(context);
  } catch (error) {
    if (!(error instanceof AwsCallError) || CANNOT_ASK.has(error.kind)) throw error;
    return [notCheckedRow(check, error)];
  }
}

/** The NOT CHECKED row of a check that could not ask AWS: why in words, and what makes it run. */
export function notCheckedRow(check: Pick<PreflightCheck, 'name' | 'permissions'>, error: AwsCallError): PreflightRow {
  const why =
    error.kind === AwsFailureKind.ACCESS_DENIED
      ? `${error.operation} was denied`
      : error.kind === AwsFailureKind.THROTTLED
        ? `${error.operation} was throttled`
        : error.kind === AwsFailureKind.NOT_THE_API
          ? `${error.operation} was not answered as the AWS API answers`
          : `${error.operation} failed (${error.awsErrorName})`;
  const fix =
    error.kind === AwsFailureKind.ACCESS_DENIED
      ? `allow ${check.permissions.join(', ')} to the deploying identity to run this check`
      : error.kind === AwsFailureKind.THROTTLED
        ? 'run the preflight again in a minute'
        : (awsFailureFix(error.kind) ?? `AWS said: ${firstLine(error.message)}`);
  return { check: check.name, result: PreflightResult.NOT_CHECKED, figure: `not checked: ${why}`, fix };
}

/** The first line of an SDK message, which may carry the raw response after it. */
function firstLine(message: string): string {
  return message.split('\n')[0];
}

/** `count` and the noun, plural unless one: `1 VPC`, `3 VPCs`. */
export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : pluralNoun}`;
}

/** The value of tag `key` in an AWS tag list (EC2's `Tags`/`TagSet`). */
export function tagValue(tags: ReadonlyArray<{ readonly Key?: string; readonly Value?: string }> | undefined, key: string): string | undefined {
  return tags?.find((t) => t.Key === key)?.Value;
}

/**
 * Whether `error` is IAM's "no such role/user" answer: the SDK v3 names it `NoSuchEntityException`
 * (its modeled class); the wire code, which other clients and emulators report, is `NoSuchEntity`.
 */
export function isNoSuchEntity(error: unknown): error is AwsCallError {
  return error instanceof AwsCallError && (error.awsErrorName === 'NoSuchEntityException' || error.awsErrorName === 'NoSuchEntity');
}
