/** The hourly list price of one EC2 instance type. */
export interface InstancePrice {
  /** On-demand Linux price, $ per instance-hour. */
  readonly perHour: number;
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
  instanceTypes: {
    'm5.large': { perHour: 0.096 },
    'm6i.large': { perHour: 0.096 },
    'm7i.large': { perHour: 0.1008 },
    't3.large': { perHour: 0.0832, note: 'burstable: unlimited-credit surcharges (CPU above baseline) are not included' },
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
