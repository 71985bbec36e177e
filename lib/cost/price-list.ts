/** What a burstable (T) type charges when it works above its baseline. */
export interface BurstableCredits {
  /** Baseline utilization per vCPU (0..1): below it the instance earns what it spends. */
  readonly baselinePerVcpu: number;
  /** Surplus CPU credits in unlimited mode (the default of T3, T3a and T4g), $ per vCPU-hour above the baseline. */
  readonly surplusPerVcpuHour: number;
}

/** The hourly list price of one EC2 instance type, with the size it buys. */
export interface InstancePrice {
  /** On-demand Linux price, $ per instance-hour. */
  readonly perHour: number;
  /** vCPUs. */
  readonly vcpus: number;
  /** Memory, GiB. */
  readonly memoryGiB: number;
  /** Set for a burstable type: what a load above the baseline costs on top. @default - not burstable */
  readonly burstable?: BurstableCredits;
  /** What the price leaves out for this type. @default - nothing */
  readonly note?: string;
}

/**
 * A dated table of the AWS list prices a lab is billed by. Every price is for one region and one
 * date: keep them together, and re-check the whole table before a course.
 */
export interface PriceList {
  /** Region code the prices are for. */
  readonly region: string;
  /** Human name of that region. */
  readonly regionName: string;
  /** The day the prices were collected, `YYYY-MM-DD`. */
  readonly date: string;
  /** Where the prices came from. */
  readonly source: string;
  /** Hours a monthly price is spread over (AWS's convention). */
  readonly hoursPerMonth: number;
  /** EKS control plane in standard support, $ per cluster-hour. */
  readonly eksStandardSupportPerHour: number;
  /** EKS control plane in extended support, $ per cluster-hour. */
  readonly eksExtendedSupportPerHour: number;
  /** EC2 on-demand prices by instance type. */
  readonly instanceTypes: Readonly<Record<string, InstancePrice>>;
  /** NAT gateway, $ per gateway-hour. */
  readonly natGatewayPerHour: number;
  /** NAT gateway data processing, $ per GB. */
  readonly natGatewayPerGB: number;
  /** Public IPv4 address (a NAT gateway's Elastic IP included), $ per address-hour. */
  readonly publicIpv4PerHour: number;
  /** EBS gp3 storage, $ per GB-month (baseline 3,000 IOPS and 125 MB/s included). */
  readonly ebsGp3PerGBMonth: number;
  /** CloudWatch Logs ingestion (standard log class), $ per GB. */
  readonly logsIngestionPerGB: number;
  /** CloudWatch Logs storage, $ per GB-month. */
  readonly logsStoragePerGBMonth: number;
  /** KMS customer-managed key, $ per key-month (prorated hourly). */
  readonly kmsKeyPerMonth: number;
}

/** What the price of a burstable type leaves out. */
const BURSTABLE_NOTE = 'burstable: surplus credits for CPU above the baseline (unlimited mode, the default) are not included';

/**
 * US East (N. Virginia) on-demand list prices of 2026-11-26, the table `npm run estimate` uses.
 * Other regions differ (often 5-20% more).
 *
 * @see https://aws.amazon.com/eks/pricing/
 * @see https://aws.amazon.com/ec2/pricing/on-demand/
 * @see https://aws.amazon.com/vpc/pricing/ (NAT gateway, public IPv4 addresses)
 * @see https://aws.amazon.com/ebs/pricing/
 * @see https://aws.amazon.com/cloudwatch/pricing/
 * @see https://aws.amazon.com/kms/pricing/
 */
export const PRICE_LIST: PriceList = {
  region: 'us-east-1',
  regionName: 'US East (N. Virginia)',
  date: '2026-11-26',
  source: "AWS's pricing pages and announcements, and 2026 pricing guides quoting them (collected for this project)",
  hoursPerMonth: 730,
  eksStandardSupportPerHour: 0.1,
  eksExtendedSupportPerHour: 0.6,
  // On-demand Linux, us-east-1: Karpenter's price table generated from the AWS Pricing API on 2026-07-20
  // (https://github.com/aws/karpenter-provider-aws/blob/1d927085dd81/pkg/providers/pricing/zz_generated.pricing_aws.go);
  // m5, m6i, m7i and t3 match ../shared/reference/aws-prices.md. vCPUs and memory: Karpenter's instance-type
  // reference (instance-cpu, instance-memory 8192 MiB; same commit, website/content/en/docs/reference/instance-types.md).
  // Burstable baselines: the EC2 credit table (t3.large, t3a.large, t4g.large: 36 credits/h, 30% per vCPU,
  // https://github.com/awsdocs/amazon-ec2-user-guide/blob/0147f878dcba/doc_source/burstable-credits-baseline-concepts.md);
  // surplus credits (https://aws.amazon.com/ec2/pricing/on-demand/#T2.2FT3.2FT4g_Unlimited_Mode_Pricing): T3 and T3a
  // $0.05 per vCPU-hour (quoted in http://matthiaskraaz.blogspot.com/2021/08/aws-ec2-price-of-maxed-out-burstable.html),
  // T4g $0.04 (quoted in https://gitlab.com/gitlab-org/ci-cd/docker-machine/-/merge_requests/118).
  instanceTypes: {
    'm5.large': { perHour: 0.096, vcpus: 2, memoryGiB: 8 },
    'm6i.large': { perHour: 0.096, vcpus: 2, memoryGiB: 8 },
    'm7i.large': { perHour: 0.1008, vcpus: 2, memoryGiB: 8 },
    'm5a.large': { perHour: 0.086, vcpus: 2, memoryGiB: 8 },
    'm6a.large': { perHour: 0.0864, vcpus: 2, memoryGiB: 8 },
    'm7a.large': { perHour: 0.11592, vcpus: 2, memoryGiB: 8 },
    'm6g.large': { perHour: 0.077, vcpus: 2, memoryGiB: 8 },
    'm7g.large': { perHour: 0.0816, vcpus: 2, memoryGiB: 8 },
    'm8g.large': { perHour: 0.08976, vcpus: 2, memoryGiB: 8 },
    't3.large': { perHour: 0.0832, vcpus: 2, memoryGiB: 8, burstable: { baselinePerVcpu: 0.3, surplusPerVcpuHour: 0.05 }, note: BURSTABLE_NOTE },
    't3a.large': { perHour: 0.0752, vcpus: 2, memoryGiB: 8, burstable: { baselinePerVcpu: 0.3, surplusPerVcpuHour: 0.05 }, note: BURSTABLE_NOTE },
    't4g.large': { perHour: 0.0672, vcpus: 2, memoryGiB: 8, burstable: { baselinePerVcpu: 0.3, surplusPerVcpuHour: 0.04 }, note: BURSTABLE_NOTE },
  },
  natGatewayPerHour: 0.045,
  natGatewayPerGB: 0.045,
  // Charged since February 2024 for every public IPv4 address, the Elastic IP of a NAT gateway included.
  publicIpv4PerHour: 0.005,
  ebsGp3PerGBMonth: 0.08,
  logsIngestionPerGB: 0.5,
  logsStoragePerGBMonth: 0.03,
  kmsKeyPerMonth: 1,
};

/** Usage figures the estimate cannot take from a price list; each is printed with the estimate. */
export interface UsageAssumptions {
  /** GB of control-plane logs one cluster sends to CloudWatch Logs per hour with all five log types on. */
  readonly controlPlaneLogGBPerClusterHour: number;
  /** GB one participant's lab sends through the NAT gateway per day. */
  readonly natDataGBPerParticipantDay: number;
}

/**
 * The usage the estimate assumes for a small, lightly used lab cluster (3 nodes, the workshop's
 * workloads, one learner).
 *
 * - Control-plane logs, 0.05 GB per cluster-hour (1.2 GB a day) for all five types. The audit log is
 *   most of it: even an idle cluster records node and leader-election lease renewals every few
 *   seconds, controller status updates and every `kubectl` call, a few hundred events of 1-2 KB a
 *   minute. The estimate scales this linearly by the number of enabled types, which understates what
 *   turning off `audit` or `api` saves and overstates the rest: measure with CloudWatch's
 *   `IncomingBytes` metric of the log group after a first class and adjust.
 * - NAT data, 2 GB per participant-day: the lab has no VPC endpoints, so every image pull (add-ons,
 *   MySQL, Redis, PostgreSQL, BusyBox, on each node that runs them), ECR and S3 traffic and the
 *   learner's own exercises pass through the NAT gateway.
 *
 * @see https://aws.amazon.com/blogs/containers/understanding-and-cost-optimizing-amazon-eks-control-plane-logs/
 */
export const USAGE_ASSUMPTIONS: UsageAssumptions = {
  controlPlaneLogGBPerClusterHour: 0.05,
  natDataGBPerParticipantDay: 2,
};
