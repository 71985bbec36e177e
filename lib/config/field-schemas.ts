import { z } from 'zod';
import { AWS_REGIONS } from './aws-regions';
import { didYouMean } from './did-you-mean';
import { cidrContains, formatIpv4Cidr, Ipv4Cidr, parseIpv4Cidr, PRIVATE_IPV4_RANGES } from './ipv4-cidr';

/** The schemas of single fields the configuration's sections share, with their messages. */

/** IAM role or user ARN; the partition is checked against the region separately. */
export const PRINCIPAL_ARN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:(role|user)\/[\w+=,.@/-]{1,512}$/;
export const LAB_NAME = /^[a-z]([a-z0-9-]*[a-z0-9])?$/;
/** EC2 instance type such as `m5.large` or `m7i-flex.xlarge`. */
export const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;

/** Participant id: a DNS label that becomes part of the participant's cluster name. */
export const PARTICIPANT_ID = /^[a-z]([a-z0-9-]*[a-z0-9])?$/;
/** An AWS account id: twelve digits. */
export const ACCOUNT_ID = /^\d{12}$/;
/** An IAM role name: 1-64 of letters, digits and `+=,.@_-`. */
export const IAM_ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
/** S3 bucket name rules (general purpose buckets). */
export const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/** State key prefix: path segments of letters, digits, `-`, `_`, `.` separated by `/`. */
export const KEY_PREFIX = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;
export const KMS_KEY = /^arn:aws(-cn|-us-gov)?:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[\w/-]+$/;

/** An AWS region the SDK's partition metadata knows, with the nearest names when it is not one. */
export const awsRegion = () =>
  z.string().superRefine((value, ctx) => {
    if (Object.prototype.hasOwnProperty.call(AWS_REGIONS, value)) return;
    const suggestion = didYouMean(value, Object.keys(AWS_REGIONS));
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: `must be an AWS region${suggestion ? `: ${suggestion}` : ' code such as us-west-2 (aws ec2 describe-regions lists them)'}`,
    });
  });

/** Error map of a closed set: every failure (wrong type or value) lists the allowed values. */
export const oneOf = (values: readonly string[]) => ({ errorMap: () => ({ message: `must be one of: ${values.join(', ')}` }) });

/**
 * The rules EKS sets for a Kubernetes service IPv4 range, one sentence per rule `text` breaks
 * (empty when it is a valid range). Overlap with the VPC is a cross-field rule of the loader.
 * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_KubernetesNetworkConfigRequest.html
 */
export function serviceCidrProblems(text: string): string[] {
  const parsed = parseIpv4Cidr(text);
  return typeof parsed === 'string' ? [parsed] : serviceRangeProblems(parsed);
}

/** The rules EKS sets for a Kubernetes service IPv4 range, one sentence per broken rule. */
export function serviceRangeProblems(network: Ipv4Cidr): string[] {
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
export const cidr = (rules: (network: Ipv4Cidr) => string[] = () => []) =>
  z.string().superRefine((value, ctx) => {
    const parsed = parseIpv4Cidr(value);
    const problems = typeof parsed === 'string' ? [parsed] : rules(parsed);
    problems.forEach((message) => ctx.addIssue({ code: z.ZodIssueCode.custom, message }));
  });

export const vpcRangeProblems = (network: Ipv4Cidr): string[] =>
  network.prefix < 16 || network.prefix > 20
    ? ['must be a /16 to /20 network (AWS allows /16-/28; the lab needs six /19-/23 subnets)']
    : [];

export const principalArn = () =>
  z.string().regex(PRINCIPAL_ARN, 'must be an IAM role or user ARN such as arn:aws:iam::123456789012:role/Admin');

/**
 * The role IAM Identity Center creates in an account for a permission set:
 * `role/aws-reserved/sso.amazonaws.com/[<region>/]AWSReservedSSO_<permission set>_<suffix>`.
 * @see https://docs.aws.amazon.com/singlesignon/latest/userguide/referencingpermissionsets.html
 */
export const PERMISSION_SET_ROLE_ARN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/aws-reserved\/sso\.amazonaws\.com\/([a-z0-9-]+\/)?AWSReservedSSO_[\w+=,.@-]+$/;

/**
 * An IAM Identity Center user name as its sessions carry it: the role session name, which IAM
 * limits to 2-64 of letters, digits and `+=,.@_-`.
 * @see https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html (RoleSessionName)
 */
export const SSO_USER_NAME = /^[\w+=,.@-]{2,64}$/;

/**
 * A calendar date written `YYYY-MM-DD` that exists. Every other spelling (`2026-12-1`, `2026/12/18`,
 * `18.12.2026`, a timestamp) and every date that does not exist (`2026-13-01`, `2026-02-30`) is one
 * message naming the format; nothing here may throw (`new Date(...).toISOString()` of a bad date
 * throws RangeError).
 */
export const isoDate = z.string().superRefine((value, ctx) => {
  const example = 'such as 2026-12-18';
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (match === null) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must be a date written YYYY-MM-DD, ${example}` });
    return;
  }
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    const why = month < 1 || month > 12 ? `there is no month ${month}` : `${year}-${match[2]} has no day ${day}`;
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must be a date that exists (${why}), written YYYY-MM-DD, ${example}` });
  }
});
