import type { ClassMode } from '../plan/lab-plan';

/** The shape of `npm run estimate`'s figures (its `--json` output). */

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
  /** Networks a class of this size in one account is split over (participantsPerNetwork each). */
  readonly networksShared: number;
  /** Each participant's share on the shared networks. */
  readonly perParticipantShared: CostRate;
  /** The class on its shared networks. */
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
  /** The configured layout: a class's shared networks, or one network per lab. */
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

/** What a burstable node type would add if the lab kept its CPUs busy. */
export interface SustainedLoadCost {
  /** Baseline utilization per vCPU (0..1), included in the hourly price. */
  readonly baselinePerVcpu: number;
  /** Surplus credits, $ per vCPU-hour above the baseline. */
  readonly surplusPerVcpuHour: number;
  /** What each participant's nodes add at 100% CPU around the clock (the worst case). */
  readonly atFullLoadPerParticipant: CostRate;
  /**
   * The average CPU utilization of the nodes (0..1) above which this type costs more than the cheapest
   * non-burstable type at equal capability. @default - no non-burstable type to compare with
   */
  readonly breakEvenUtilization?: number;
}

/** One instance type of the same vCPUs and memory as the configured one, priced for this lab or class. */
export interface NodeTypeOption {
  /** The instance type. */
  readonly instanceType: string;
  /** Its CPU architecture. */
  readonly architecture: string;
  /** Whether it is the configured (first) type. */
  readonly configured: boolean;
  /** Each participant's share with this type as the nodes. */
  readonly perParticipant: CostRate;
  /** The whole class with this type. */
  readonly class: CostRate;
  /** Against the configured type, per participant: negative is a saving. */
  readonly difference: CostRate;
  /** Why this lab cannot run on it (an image not confirmed for its architecture). @default - it can */
  readonly unavailable?: string;
  /** Set for a burstable type. @default - not burstable */
  readonly sustainedLoad?: SustainedLoadCost;
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
  /** Whether the configuration has a roster (a class). */
  readonly hasRoster: boolean;
  /** How the labs are laid out: a single lab, a class in one account, or one account per participant. */
  readonly mode: ClassMode;
  /** Participants one shared network holds at this node group and VPC (0: not even one). */
  readonly participantsPerNetwork: number;
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
  /**
   * Every priced instance type of the configured type's vCPUs and memory (equal capability: the node-fit
   * test's allocatable), cheapest first, with what the class would cost on it.
   */
  readonly nodeTypes: readonly NodeTypeOption[];
  /** Shared network against one network per participant. */
  readonly networkSharing: NetworkSharingComparison;
  /** The class's cost at several roster sizes (the configured one included). */
  readonly rosterSizes: readonly RosterSizeCost[];
  /** Every assumption the figures rest on, one sentence each. */
  readonly assumptions: readonly string[];
  /** What the figures leave out, one sentence each. */
  readonly excluded: readonly string[];
}

/** Thrown when the configuration asks for something the price list cannot price. */
export class CostEstimateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CostEstimateError';
  }
}

