import { LabConfig, NatGatewayMode, SecretsEncryption, CONTROL_PLANE_LOG_TYPES } from '../config/lab-config';
import { PRICE_LIST, PriceList, USAGE_ASSUMPTIONS, UsageAssumptions } from './price-list';

/** What a line of the estimate pays for; the values are the ids `--json` prints. */
export enum CostItem {
  /** The EKS control plane of each cluster. */
  EKS_CONTROL_PLANE = 'eks-control-plane',
  /** The managed node group's EC2 instances. */
  NODES = 'nodes',
  /** The nodes' gp3 root volumes. */
  NODE_ROOT_VOLUMES = 'node-root-volumes',
  /** The three database volumes (MySQL, Redis, PostgreSQL) of each lab. */
  DATABASE_VOLUMES = 'database-volumes',
  /** CloudWatch Logs ingestion of the control-plane logs. */
  CONTROL_PLANE_LOGS = 'control-plane-logs',
  /** The customer-managed KMS key of each cluster. */
  KMS_KEY = 'kms-key',
  /** The hourly charge of the network's NAT gateways. */
  NAT_GATEWAYS = 'nat-gateways',
  /** The public IPv4 address (Elastic IP) of each NAT gateway. */
  NAT_PUBLIC_IPV4 = 'nat-public-ipv4',
  /** NAT gateway data processing of each lab's traffic. */
  NAT_DATA_PROCESSING = 'nat-data-processing',
}

/** What one unit of a line item belongs to. */
export enum CostScope {
  /** Each participant's lab (a cluster and its workloads) pays it. */
  LAB = 'lab',
  /** The network pays it once, whatever the number of labs on it. */
  NETWORK = 'network',
}

/** A cost per hour and per day (24 hours), in US dollars. */
export interface CostRate {
  /** $ per hour. */
  readonly perHour: number;
  /** $ per day: 24 x perHour. */
  readonly perDay: number;
}

/** One itemized line of the estimate. */
export interface CostLineItem {
  /** What it pays for. */
  readonly item: CostItem;
  /** Human name of the line. */
  readonly label: string;
  /** Whether each lab or the network pays it. */
  readonly scope: CostScope;
  /** How one unit's figure is computed, e.g. `3 x m5.large x $0.096/h`. */
  readonly basis: string;
  /** $ per hour of one lab (scope LAB) or of one network (scope NETWORK). */
  readonly eachPerHour: number;
  /** How many labs or networks the class pays it for. */
  readonly count: number;
  /** The whole class's cost: eachPerHour x count. */
  readonly class: CostRate;
  /** Each participant's share: class / participants. */
  readonly perParticipant: CostRate;
  /** Whether the figure rests on a usage assumption, not on list prices and the configuration alone. */
  readonly assumed: boolean;
}

/** The cost of a class at one roster size, on one shared network and with one network each. */
export interface RosterSizeCost {
  /** Number of participants. */
  readonly participants: number;
  /** Each participant's share on one shared network. */
  readonly perParticipantShared: CostRate;
  /** The class on one shared network. */
  readonly classShared: CostRate;
  /** The class if every participant had a network of their own. */
  readonly classSeparate: CostRate;
}

/** One network layout of the class and what it costs. */
export interface NetworkLayoutCost {
  /** VPCs the class uses. */
  readonly networks: number;
  /** NAT gateways, and as many Elastic IPs. */
  readonly natGateways: number;
  /** The whole class. */
  readonly class: CostRate;
  /** Each participant's share. */
  readonly perParticipant: CostRate;
}

/** The class on one shared network against the counterfactual of one network per participant. */
export interface NetworkSharingComparison {
  /** NAT gateways in one network: 1, or one per zone with `natGateways: per-az`. */
  readonly natGatewaysPerNetwork: number;
  /** What one network costs: its NAT gateways and their public IPv4 addresses. */
  readonly networkCost: CostRate;
  /** One network for everybody (the configured layout for a class). */
  readonly shared: NetworkLayoutCost;
  /** One network per participant (what a single lab each would cost). */
  readonly separate: NetworkLayoutCost;
  /** What sharing saves the class: separate - shared. */
  readonly savings: CostRate;
  /** Default quotas the separate layout would hit, one sentence each. @default - none */
  readonly quotaNotes: readonly string[];
}

/** The upper bound of the node-dependent lines: every node group at maxSize of its dearest listed type. */
export interface NodeCeiling {
  /** Nodes per lab: `nodeGroup.maxSize`. */
  readonly nodes: number;
  /** The dearest of `nodeGroup.instanceTypes`. */
  readonly instanceType: string;
  /** The whole class with nodes and root volumes at the ceiling. */
  readonly class: CostRate;
  /** Each participant's share at the ceiling. */
  readonly perParticipant: CostRate;
}

/** The price list a figure came from, as the estimate prints it. */
export interface PriceSource {
  /** Region the prices are for. */
  readonly region: string;
  /** Human name of that region. */
  readonly regionName: string;
  /** The day the prices were collected. */
  readonly date: string;
  /** Where they came from. */
  readonly source: string;
}

/** What a lab or class costs to run, itemized, with the assumptions it rests on. */
export interface LabCostEstimate {
  /** The lab's region. */
  readonly region: string;
  /** Participants: the roster's length, or 1 for a single lab. */
  readonly participants: number;
  /** Whether the configuration has a roster (a class on one shared network). */
  readonly hasRoster: boolean;
  /** The price list used. */
  readonly prices: PriceSource;
  /** Whether the lab's region differs from the price list's (its prices then differ too). */
  readonly regionDiffers: boolean;
  /** One line per cost, labs' lines first, then the network's. */
  readonly items: readonly CostLineItem[];
  /** The whole class (or the single lab). */
  readonly class: CostRate;
  /** Each participant's share of the class. */
  readonly perParticipant: CostRate;
  /** What one more participant adds: the lab-scoped lines of one lab. */
  readonly perAdditionalParticipant: CostRate;
  /** Nodes at maxSize instead of desiredSize. */
  readonly nodeCeiling: NodeCeiling;
  /** Shared network against one network per participant. */
  readonly networkSharing: NetworkSharingComparison;
  /** The class's cost at several roster sizes (the configured one included). */
  readonly rosterSizes: readonly RosterSizeCost[];
  /** Every assumption the figures rest on, one sentence each. */
  readonly assumptions: readonly string[];
  /** What the figures leave out, one sentence each. */
  readonly excluded: readonly string[];
}

/** Inputs of {@link estimateLabCost} besides the configuration. */
export interface EstimateLabCostOptions {
  /** The prices to apply. @default PRICE_LIST */
  readonly prices?: PriceList;
  /** The usage to assume where prices are per GB. @default USAGE_ASSUMPTIONS */
  readonly usage?: UsageAssumptions;
}

/** Thrown when the configuration asks for something the price list cannot price. */
export class CostEstimateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CostEstimateError';
  }
}

/** Database volumes of each lab: MySQL, Redis and PostgreSQL (see `RetailDataStores`). */
export const DATABASE_VOLUMES_PER_LAB = 3;

/**
 * Default per-region quotas one network per participant would run into.
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html
 */
export const DEFAULT_NETWORK_QUOTAS = {
  /** VPCs per region (the default VPC counts too). */
  vpcs: 5,
  /** Elastic IP addresses per region; each NAT gateway holds one. */
  elasticIps: 5,
} as const;

/** Roster sizes the estimate always shows, besides the configured one. */
const ROSTER_SIZES = [1, 10, 20, 30, 50];

/**
 * Estimates what the configured lab, or class of labs, costs per hour and per day, from a dated list
 * price table and two stated usage assumptions. Pure: no clock, no network, no files.
 *
 * Nodes are priced at `nodeGroup.desiredSize` of the first instance type (managed node groups launch
 * On-Demand capacity in the listed order); every listed type must have a price, because the ceiling
 * uses the dearest.
 *
 * @throws CostEstimateError naming `nodeGroup.instanceTypes` when a type has no price in the table.
 */
export function estimateLabCost(config: LabConfig, options: EstimateLabCostOptions = {}): LabCostEstimate {
  const prices = options.prices ?? PRICE_LIST;
  const usage = options.usage ?? USAGE_ASSUMPTIONS;
  const { nodeGroup } = config;
  const instancePrices = priceInstanceTypes(nodeGroup.instanceTypes, prices);
  const participants = config.roster?.participants.length ?? 1;
  const natGatewaysPerNetwork = config.natGateways === NatGatewayMode.PER_AZ ? config.availabilityZones.length : 1;
  const gp3PerGBHour = prices.ebsGp3PerGBMonth / prices.hoursPerMonth;
  const firstType = nodeGroup.instanceTypes[0];
  const enabledLogTypes = config.controlPlaneLogTypes.length;
  const allLogTypes = CONTROL_PLANE_LOG_TYPES.length;
  const logGBPerHour = (usage.controlPlaneLogGBPerClusterHour * enabledLogTypes) / allLogTypes;
  const customerKey = config.secretsEncryption === SecretsEncryption.CUSTOMER_MANAGED;

  const labLines: Array<Omit<LineSpec, 'scope'>> = [
    {
      item: CostItem.EKS_CONTROL_PLANE,
      label: 'EKS control plane',
      basis: `1 cluster x ${dollars(prices.eksStandardSupportPerHour)}/h`,
      eachPerHour: prices.eksStandardSupportPerHour,
    },
    {
      item: CostItem.NODES,
      label: 'Nodes (EC2)',
      basis: `${nodeGroup.desiredSize} x ${firstType} x ${dollars(instancePrices[0])}/h`,
      eachPerHour: nodeGroup.desiredSize * instancePrices[0],
    },
    {
      item: CostItem.NODE_ROOT_VOLUMES,
      label: 'EBS node root volumes',
      basis: `${nodeGroup.desiredSize} x ${nodeGroup.diskSizeGiB} GiB gp3 x ${dollars(prices.ebsGp3PerGBMonth)}/GB-month`,
      eachPerHour: nodeGroup.desiredSize * nodeGroup.diskSizeGiB * gp3PerGBHour,
    },
    {
      item: CostItem.DATABASE_VOLUMES,
      label: 'EBS database volumes',
      basis: `${DATABASE_VOLUMES_PER_LAB} x ${config.databaseVolumeGiB} GiB gp3 x ${dollars(prices.ebsGp3PerGBMonth)}/GB-month`,
      eachPerHour: DATABASE_VOLUMES_PER_LAB * config.databaseVolumeGiB * gp3PerGBHour,
    },
  ];
  if (enabledLogTypes > 0) {
    labLines.push({
      item: CostItem.CONTROL_PLANE_LOGS,
      label: 'CloudWatch Logs ingestion',
      basis: `${round(logGBPerHour, 4)} GB/h (assumed, ${enabledLogTypes}/${allLogTypes} log types) x ${dollars(prices.logsIngestionPerGB)}/GB`,
      eachPerHour: logGBPerHour * prices.logsIngestionPerGB,
      assumed: true,
    });
  }
  if (customerKey) {
    labLines.push({
      item: CostItem.KMS_KEY,
      label: 'KMS customer-managed key',
      basis: `1 key x ${dollars(prices.kmsKeyPerMonth)}/month`,
      eachPerHour: prices.kmsKeyPerMonth / prices.hoursPerMonth,
    });
  }
  labLines.push({
    item: CostItem.NAT_DATA_PROCESSING,
    label: 'NAT data processing',
    basis: `${usage.natDataGBPerParticipantDay} GB/day (assumed) x ${dollars(prices.natGatewayPerGB)}/GB`,
    eachPerHour: (usage.natDataGBPerParticipantDay / 24) * prices.natGatewayPerGB,
    assumed: true,
  });
  const networkLines: Array<Omit<LineSpec, 'scope'>> = [
    {
      item: CostItem.NAT_GATEWAYS,
      label: 'NAT gateway hours',
      basis: `${natGatewaysPerNetwork} x ${dollars(prices.natGatewayPerHour)}/h`,
      eachPerHour: natGatewaysPerNetwork * prices.natGatewayPerHour,
    },
    {
      item: CostItem.NAT_PUBLIC_IPV4,
      label: 'NAT public IPv4',
      basis: `${natGatewaysPerNetwork} address${natGatewaysPerNetwork === 1 ? '' : 'es'} x ${dollars(prices.publicIpv4PerHour)}/h`,
      eachPerHour: natGatewaysPerNetwork * prices.publicIpv4PerHour,
    },
  ];
  const items = [
    ...labLines.map((line) => lineItem({ ...line, scope: CostScope.LAB }, participants, participants)),
    ...networkLines.map((line) => lineItem({ ...line, scope: CostScope.NETWORK }, 1, participants)),
  ];

  const labPerHour = sum(labLines.map((l) => l.eachPerHour));
  const networkPerHour = sum(networkLines.map((l) => l.eachPerHour));
  const classPerHour = sum(items.map((i) => i.class.perHour));

  const dearest = instancePrices.reduce((best, price, i) => (price > instancePrices[best] ? i : best), 0);
  const ceilingExtraPerLab =
    nodeGroup.maxSize * (instancePrices[dearest] + nodeGroup.diskSizeGiB * gp3PerGBHour) -
    nodeGroup.desiredSize * (instancePrices[0] + nodeGroup.diskSizeGiB * gp3PerGBHour);
  const ceilingClassPerHour = classPerHour + participants * ceilingExtraPerLab;

  const layout = (networks: number): NetworkLayoutCost => {
    const perHour = participants * labPerHour + networks * networkPerHour;
    return { networks, natGateways: networks * natGatewaysPerNetwork, class: rate(perHour), perParticipant: rate(perHour / participants) };
  };
  const shared = layout(1);
  const separate = layout(participants);

  return {
    region: config.region,
    participants,
    hasRoster: config.roster !== undefined,
    prices: { region: prices.region, regionName: prices.regionName, date: prices.date, source: prices.source },
    regionDiffers: config.region !== prices.region,
    items,
    class: rate(classPerHour),
    perParticipant: rate(classPerHour / participants),
    perAdditionalParticipant: rate(labPerHour),
    nodeCeiling: {
      nodes: nodeGroup.maxSize,
      instanceType: nodeGroup.instanceTypes[dearest],
      class: rate(ceilingClassPerHour),
      perParticipant: rate(ceilingClassPerHour / participants),
    },
    networkSharing: {
      natGatewaysPerNetwork,
      networkCost: rate(networkPerHour),
      shared,
      separate,
      savings: rate(separate.class.perHour - shared.class.perHour),
      quotaNotes: quotaNotes(separate),
    },
    rosterSizes: [...new Set([...ROSTER_SIZES, participants])]
      .sort((a, b) => a - b)
      .map((n) => ({
        participants: n,
        perParticipantShared: rate((n * labPerHour + networkPerHour) / n),
        classShared: rate(n * labPerHour + networkPerHour),
        classSeparate: rate(n * (labPerHour + networkPerHour)),
      })),
    assumptions: assumptions(config, prices, usage, logGBPerHour),
    excluded: [
      `CloudWatch Logs storage (${dollars(prices.logsStoragePerGBMonth)}/GB-month of compressed logs, at most logRetentionDays (${config.logRetentionDays}) days of ingestion)`,
      'data transfer: between zones (nodes reaching a NAT gateway in another zone) and to the internet',
      'load balancers, volumes and public IPs that learners create in exercises',
      'API requests (KMS, S3, CloudWatch), EBS snapshots, taxes, free tier, credits and savings plans',
    ],
  };
}

/** A line before the class's counts are applied. */
interface LineSpec {
  readonly item: CostItem;
  readonly label: string;
  readonly scope: CostScope;
  readonly basis: string;
  readonly eachPerHour: number;
  readonly assumed?: boolean;
}

function lineItem(spec: LineSpec, count: number, participants: number): CostLineItem {
  const classPerHour = spec.eachPerHour * count;
  return {
    item: spec.item,
    label: spec.label,
    scope: spec.scope,
    basis: spec.basis,
    eachPerHour: spec.eachPerHour,
    count,
    class: rate(classPerHour),
    perParticipant: rate(classPerHour / participants),
    assumed: spec.assumed ?? false,
  };
}

/** The hourly price of each listed type, in the list's order. */
function priceInstanceTypes(types: readonly string[], prices: PriceList): number[] {
  const unknown = types
    .map((type, i) => ({ type, i }))
    .filter(({ type }) => !Object.prototype.hasOwnProperty.call(prices.instanceTypes, type));
  if (unknown.length > 0) {
    throw new CostEstimateError(
      `${unknown.map(({ type, i }) => `nodeGroup.instanceTypes[${i}] (${JSON.stringify(type)})`).join(', ')} ` +
        `${unknown.length === 1 ? 'has' : 'have'} no price in the cost table (${prices.region}, ${prices.date}); ` +
        `it knows ${Object.keys(prices.instanceTypes).join(', ')}: choose one of those, or add the type's on-demand price ` +
        'to lib/cost/price-list.ts (every listed type is needed: the first prices the nodes, the dearest the maxSize ceiling)',
    );
  }
  return types.map((type) => prices.instanceTypes[type].perHour);
}

function assumptions(
  config: LabConfig,
  prices: PriceList,
  usage: UsageAssumptions,
  logGBPerHour: number,
): string[] {
  const { nodeGroup } = config;
  const [firstType, ...fallbacks] = nodeGroup.instanceTypes;
  const out: string[] = [];
  out.push(
    config.roster === undefined
      ? 'No roster: a single lab, one participant with a network of its own.'
      : `A class of ${config.roster.participants.length} participants, one lab each, all on one shared network.`,
  );
  out.push(
    `Nodes are priced at nodeGroup.desiredSize (${nodeGroup.desiredSize}) x ${firstType}, the first listed type ` +
      '(managed node groups launch On-Demand capacity in the listed order); scaling up to ' +
      `nodeGroup.maxSize (${nodeGroup.maxSize}) is shown as the ceiling` +
      (fallbacks.length > 0 ? `, priced with the dearest listed type (fallback types: ${fallbacks.join(', ')}).` : '.'),
  );
  nodeGroup.instanceTypes.forEach((type) => {
    const note = prices.instanceTypes[type]?.note;
    if (note !== undefined) out.push(`${type}: ${note}.`);
  });
  out.push(
    `EKS control plane at standard support (${dollars(prices.eksStandardSupportPerHour)}/h): the cluster's upgrade policy is ` +
      `STANDARD, so EKS upgrades it at the end of standard support instead of billing extended support (${dollars(prices.eksExtendedSupportPerHour)}/h).`,
  );
  out.push(
    `EBS gp3 at ${dollars(prices.ebsGp3PerGBMonth)} per GB-month over ${prices.hoursPerMonth} hours, billed per provisioned GiB ` +
      `with baseline IOPS and throughput; ${DATABASE_VOLUMES_PER_LAB} database volumes per lab (MySQL, Redis, PostgreSQL) of ` +
      `databaseVolumeGiB (${config.databaseVolumeGiB} GiB), billed while they exist.`,
  );
  out.push(
    config.controlPlaneLogTypes.length === 0
      ? 'Control-plane logging is off (controlPlaneLogTypes is empty): no log ingestion.'
      : `Control-plane logs: ASSUMED ${usage.controlPlaneLogGBPerClusterHour} GB per cluster-hour with all ` +
          `${CONTROL_PLANE_LOG_TYPES.length} log types, scaled to the ${config.controlPlaneLogTypes.length} enabled ` +
          `(${round(logGBPerHour, 4)} GB/h), x ${dollars(prices.logsIngestionPerGB)}/GB; audit and api are most of the ` +
          "volume, so check the log group's IncomingBytes after a class.",
  );
  out.push(
    `NAT data processing: ASSUMED ${usage.natDataGBPerParticipantDay} GB per participant-day (image pulls and AWS API ` +
      `traffic; the lab has no VPC endpoints) x ${dollars(prices.natGatewayPerGB)}/GB.`,
  );
  out.push(
    config.secretsEncryption === SecretsEncryption.CUSTOMER_MANAGED
      ? `One customer-managed KMS key per cluster, ${dollars(prices.kmsKeyPerMonth)} per month prorated over ${prices.hoursPerMonth} hours.`
      : "Secrets use EKS's default envelope encryption with an AWS-owned key (secretsEncryption aws-managed): no KMS charge.",
  );
  out.push(
    `NAT gateways: ${config.natGateways === NatGatewayMode.PER_AZ ? `one per zone (${config.availabilityZones.length})` : 'one'} ` +
      'per network, each with one public IPv4 address.',
  );
  out.push('Per day = 24 x per hour: everything is billed around the clock from deploy to destroy, used or not.');
  return out;
}

function quotaNotes(separate: NetworkLayoutCost): string[] {
  const notes: string[] = [];
  if (separate.networks > DEFAULT_NETWORK_QUOTAS.vpcs) {
    notes.push(
      `one network each needs ${separate.networks} VPCs: the default quota is ${DEFAULT_NETWORK_QUOTAS.vpcs} per region (the default VPC counts)`,
    );
  }
  if (separate.natGateways > DEFAULT_NETWORK_QUOTAS.elasticIps) {
    notes.push(
      `one network each needs ${separate.natGateways} Elastic IPs for its NAT gateways: the default quota is ${DEFAULT_NETWORK_QUOTAS.elasticIps} per region`,
    );
  }
  return notes;
}

function rate(perHour: number): CostRate {
  return { perHour, perDay: perHour * 24 };
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}

/** `$0.096`, `$0.10`, `$1.00`: a price as the price list writes it, at least to the cent. */
function dollars(value: number): string {
  const exact = String(round(value, 6));
  const decimals = exact.split('.')[1]?.length ?? 0;
  return `$${decimals >= 2 ? exact : value.toFixed(2)}`;
}
