import { GetAWSDefaultServiceQuotaCommand, GetServiceQuotaCommand, ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { AwsCallError, awsCall } from '../aws-call-error';

/** A Service Quotas quota: its service, code and name as the console shows it. */
export interface QuotaDefinition {
  /** Service code, e.g. `ec2`. */
  readonly serviceCode: string;
  /** Quota code, e.g. `L-1216C47A`. */
  readonly quotaCode: string;
  /** The quota's name in Service Quotas. */
  readonly name: string;
}

/**
 * The quotas a lab runs into, with their codes and names as Service Quotas returns them. Sources of
 * each code next to it; the defaults in the comments are the AWS documentation's.
 */
export const LAB_QUOTAS = {
  /**
   * vCPUs of running On-Demand instances of the standard families; new accounts often start at 32 or
   * less. Code and name: the AWS CLI's get-aws-default-service-quota example
   * (https://docs.aws.amazon.com/cli/latest/userguide/cli_service-quotas_code_examples.html).
   */
  standardVcpus: { serviceCode: 'ec2', quotaCode: 'L-1216C47A', name: 'Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances' },
  /**
   * VPCs per region (default 5). Code and name: moto 5.2.1's copy of Service Quotas' VPC listing
   * (moto/servicequotas/resources/default_quotas/vpc.py); defaults:
   * https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html
   */
  vpcs: { serviceCode: 'vpc', quotaCode: 'L-F678F1CE', name: 'VPCs per Region' },
  /**
   * Elastic IP addresses per region (default 5); each NAT gateway takes one. Code and name as
   * awslimitchecker and cortexlabs/cortex query it (ElasticIpCountCheck, `_elasticIPsQuotaCode`).
   */
  elasticIps: { serviceCode: 'ec2', quotaCode: 'L-0263D0A3', name: 'EC2-VPC Elastic IPs' },
  /**
   * NAT gateways per availability zone (default 5), counted in the pending, available and deleting
   * states. Code and name: moto 5.2.1's copy of Service Quotas' VPC listing (as above).
   */
  natGatewaysPerZone: { serviceCode: 'vpc', quotaCode: 'L-FE5A380F', name: 'NAT gateways per Availability Zone' },
  /**
   * EKS clusters per region (default 100; name "Clusters" in
   * https://docs.aws.amazon.com/eks/latest/userguide/service-quotas.html). Code as infrastructure
   * code requests it (aws_servicequotas_template "eks_clusters", quota_code L-1194D53C).
   */
  eksClusters: { serviceCode: 'eks', quotaCode: 'L-1194D53C', name: 'Clusters' },
} as const satisfies Record<string, QuotaDefinition>;

/** Which value a quota figure is. */
export enum QuotaSource {
  /** The account's applied value (GetServiceQuota): what AWS enforces. */
  APPLIED = 'applied',
  /** AWS's default (GetAWSDefaultServiceQuota): Service Quotas has no applied value for this account. */
  DEFAULT = 'AWS default',
}

/** A quota's value and where it came from. */
export interface QuotaValue {
  /** The quota. */
  readonly quota: QuotaDefinition;
  /** Its value. */
  readonly value: number;
  /** Applied or AWS default. */
  readonly source: QuotaSource;
}

/**
 * The quota's applied value (GetServiceQuota), or AWS's default (GetAWSDefaultServiceQuota) when
 * Service Quotas has no applied value for the account (NoSuchResourceException, or an answer without a
 * value): "For some quotas, only the default values are available" (GetServiceQuota API reference).
 *
 * @see https://docs.aws.amazon.com/servicequotas/2019-06-24/apireference/API_GetServiceQuota.html
 * @throws AwsCallError when neither can be read
 */
export async function quotaValue(client: ServiceQuotasClient, quota: QuotaDefinition): Promise<QuotaValue> {
  const input = { ServiceCode: quota.serviceCode, QuotaCode: quota.quotaCode };
  try {
    const applied = await awsCall('servicequotas:GetServiceQuota', () => client.send(new GetServiceQuotaCommand(input)));
    if (applied.Quota?.Value !== undefined) return { quota, value: applied.Quota.Value, source: QuotaSource.APPLIED };
  } catch (error) {
    if (!(error instanceof AwsCallError) || error.awsErrorName !== 'NoSuchResourceException') throw error;
  }
  const byDefault = await awsCall('servicequotas:GetAWSDefaultServiceQuota', () => client.send(new GetAWSDefaultServiceQuotaCommand(input)));
  if (byDefault.Quota?.Value === undefined) {
    throw new AwsCallError('servicequotas:GetAWSDefaultServiceQuota', new Error(`no value for ${quota.serviceCode} ${quota.quotaCode}`));
  }
  return { quota, value: byDefault.Quota.Value, source: QuotaSource.DEFAULT };
}

/** `quota 32 (applied)`: the value and which one it is. */
export function quotaFigure(value: QuotaValue): string {
  return `quota ${value.value} (${value.source})`;
}

/** How to raise `quota` to `desired` in `region`: its name and code, and the AWS CLI command. */
export function quotaIncreaseFix(quota: QuotaDefinition, region: string, desired: number): string {
  return (
    `raise "${quota.name}" (${quota.serviceCode} ${quota.quotaCode}) in ${region} to at least ${desired} ` +
    `(Service Quotas console, or: aws service-quotas request-service-quota-increase --region ${region} ` +
    `--service-code ${quota.serviceCode} --quota-code ${quota.quotaCode} --desired-value ${desired}); increases can take a day or more`
  );
}

/** Permissions every quota check needs. */
export const QUOTA_PERMISSIONS = ['servicequotas:GetServiceQuota', 'servicequotas:GetAWSDefaultServiceQuota'] as const;
