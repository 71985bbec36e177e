import type { LabConfig } from '../config/lab-config';
import { LabConfigError } from '../config/lab-config-error';
import { parseIpv4Cidr } from '../config/ipv4-cidr';
import { partitionOf } from '../config/partition';
import { AddressDemand, largestThatFits, PodIpDemand, podIpDemand, PrivateSubnetShape, privateSubnetFit } from './address-plan';
import { LAB_ADD_ONS } from './add-ons/lab-add-ons';
import { LabEnvironment, labEnvironments } from './lab-environment';
import { sharedNetworkStackName } from './lab-names';
import { ClassMode, LabPlan } from './lab-plan';
import { NetworkPlan, networkPlan } from './network-plan';
import { imageArchitectureProblem } from './image-pins';
import { nodeGroupArchitecture } from './instance-architecture';
import { nodeGroupPlan } from './node-group-plan';
import { StackKind, StackPlan, StackProvider } from './stack-plan';
import { PREFIX_RESERVED_EIGHTHS, PRIVATE_SUBNET_NEW_BITS, SubnetLayoutKind } from './subnet-layout';
import { labWorkloads } from './workload-inventory';

/**
 * Default per-region quotas a class's networks count against.
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html
 */
export const DEFAULT_NETWORK_QUOTAS = {
  /** VPCs per region (the default VPC counts too). */
  vpcs: 5,
  /** Elastic IP addresses per region; each NAT gateway holds one. */
  elasticIps: 5,
} as const;

/**
 * The plan of the lab or class `config` describes (see {@link LabPlan}), with the rules that need
 * the plan's arithmetic: each lab's nodes and pods must fit their network's private subnets in the
 * worst case. A class in one account is split over as many networks as that takes.
 *
 * @throws LabConfigError naming the field, the value and what would fit, before anything is written
 */
export function resolveLab(config: LabConfig): LabPlan {
  const workloads = labWorkloads(config);
  const pods = podIpDemand(LAB_ADD_ONS, workloads);
  const mode = classModeOf(config);
  const environments = labEnvironments(config);
  const capacity = sharedNetworkCapacity(config, pods);
  const { networks, labs, problems } =
    mode === ClassMode.SHARED_ACCOUNT ? sharedNetworks(config, environments, pods, capacity) : ownNetworks(config, environments, pods);
  const nodeProblems = nodeGroupProblems(config);
  if (problems.length + nodeProblems.length > 0) throw new LabConfigError([...nodeProblems, ...problems]);
  return {
    config,
    labName: config.labName,
    region: config.region,
    partition: partitionOf(config.region),
    mode,
    isClass: config.roster !== undefined,
    networks,
    labs,
    stacks: stackPlans(networks, labs),
    nodeGroup: nodeGroupPlan(config.nodeGroup),
    addOns: LAB_ADD_ONS,
    workloads,
    podIps: pods,
    participantsPerNetwork: Math.min(capacity, config.roster?.participantsPerNetwork ?? capacity),
    warnings: quotaWarnings(mode, networks),
  };
}

/**
 * What the node group's instance types rule out: a mix of CPU architectures (one AMI type per node
 * group), or an architecture some image of the lab is not confirmed for.
 */
function nodeGroupProblems(config: LabConfig): string[] {
  const { architecture, problem } = nodeGroupArchitecture(config.nodeGroup.instanceTypes);
  if (problem !== undefined) return [problem];
  const images = imageArchitectureProblem(config.application, architecture, config.nodeGroup.instanceTypes);
  return images === undefined ? [] : [images];
}

/** How the configuration lays the labs out over accounts. */
function classModeOf(config: LabConfig): ClassMode {
  if (config.roster === undefined) return ClassMode.SINGLE_LAB;
  return config.roster.participants.some((p) => p.accountId !== undefined) ? ClassMode.ACCOUNT_PER_PARTICIPANT : ClassMode.SHARED_ACCOUNT;
}

interface Layout {
  readonly networks: readonly NetworkPlan[];
  readonly labs: readonly LabEnvironment[];
  readonly problems: readonly string[];
}

/** Every lab on a network of its own, the workshop's layout, in its cluster stack: a single lab, or a participant's own account. */
function ownNetworks(config: LabConfig, labs: readonly LabEnvironment[], pods: PodIpDemand): Layout {
  const networks = labs.map((lab) =>
    networkPlan({
      stackName: lab.clusterStackName,
      namePrefix: lab.clusterName,
      vpcCidr: config.vpcCidr,
      availabilityZones: config.availabilityZones,
      layout: SubnetLayoutKind.WORKSHOP,
      natGatewayMode: config.natGateways,
      clusterNames: [lab.clusterName],
    }),
  );
  const shape = subnetShape(config, SubnetLayoutKind.WORKSHOP);
  if (shape === undefined) return { networks, labs, problems: [] };
  const fit = privateSubnetFit(demand(config, pods, 1), shape);
  if (fit.fits) return { networks, labs, problems: [] };
  const maxSize = largestThatFits((size) => privateSubnetFit(demand(config, pods, 1, size), shape).fits, config.nodeGroup.maxSize);
  return {
    networks,
    labs,
    problems: [
      `nodeGroup.maxSize (${config.nodeGroup.maxSize}) must fit ${where(config, shape)} in the worst case: at most ${maxSize} nodes fit; ` +
        `lower nodeGroup.maxSize to ${maxSize}${largerVpc(config)} (${fit.explanation})`,
    ],
  };
}

/**
 * A class in one account: the participants in roster order on shared networks of at most as many as
 * fit one network's private subnets (or `roster.participantsPerNetwork`). The first network keeps the
 * stack `<lab>-network` a class of one network has always had, the next are `<lab>-network-2`, ...;
 * participants fill them in order, so adding participants at the end never moves anyone.
 */
function sharedNetworks(config: LabConfig, environments: readonly LabEnvironment[], pods: PodIpDemand, fit: number): Layout {
  const roster = config.roster!;
  const shape = subnetShape(config, SubnetLayoutKind.SHARED);
  const capacity = Math.min(fit, environments.length);
  const problems: string[] = [];
  if (shape !== undefined && capacity === 0) {
    const maxSize = largestThatFits((size) => privateSubnetFit(demand(config, pods, 1, size), shape).fits, config.nodeGroup.maxSize);
    problems.push(
      `nodeGroup.maxSize (${config.nodeGroup.maxSize}) must fit ${where(config, shape)} in the worst case for one participant: at most ${maxSize} nodes fit; ` +
        `lower nodeGroup.maxSize to ${maxSize}${largerVpc(config)} (${privateSubnetFit(demand(config, pods, 1), shape).explanation})`,
    );
  }
  const requested = roster.participantsPerNetwork;
  if (shape !== undefined && requested !== undefined && capacity > 0 && requested > capacity && capacity < environments.length) {
    problems.push(
      `roster.participantsPerNetwork (${requested}) must fit ${where(config, shape)} in the worst case: at most ${capacity} participants fit one network ` +
        `at nodeGroup.maxSize ${config.nodeGroup.maxSize}; lower it to ${capacity} or leave it out (${privateSubnetFit(demand(config, pods, requested), shape).explanation})`,
    );
  }
  const perNetwork = Math.max(1, Math.min(requested ?? capacity, capacity || 1));
  const shards = Array.from({ length: Math.ceil(environments.length / perNetwork) }, (_, k) => environments.slice(k * perNetwork, (k + 1) * perNetwork));
  const networks = shards.map((members, k) =>
    networkPlan({
      stackName: k === 0 ? sharedNetworkStackName(config.labName) : `${sharedNetworkStackName(config.labName)}-${k + 1}`,
      namePrefix: k === 0 ? config.labName : `${sharedNetworkStackName(config.labName)}-${k + 1}`,
      vpcCidr: config.vpcCidr,
      availabilityZones: config.availabilityZones,
      layout: SubnetLayoutKind.SHARED,
      natGatewayMode: config.natGateways,
      clusterNames: members.map((lab) => lab.clusterName),
    }),
  );
  const labs = shards.flatMap((members, k) => members.map((lab) => ({ ...lab, networkStackName: networks[k].stackName })));
  return { networks, labs, problems };
}

/** Most participants the shared layout of the configured VPC holds (up to {@link MAX_CAPACITY}); 0 when not one fits. */
function sharedNetworkCapacity(config: LabConfig, pods: PodIpDemand): number {
  const shape = subnetShape(config, SubnetLayoutKind.SHARED);
  if (shape === undefined) return MAX_CAPACITY;
  return largestThatFits((n) => privateSubnetFit(demand(config, pods, n), shape).fits, MAX_CAPACITY);
}

/** An upper bound for the search of {@link sharedNetworkCapacity}: more than any class (a /16 holds a few hundred at most). */
const MAX_CAPACITY = 10_000;

/** The private subnet of `layout` in the configured VPC, or undefined without zones (the loader reports that). */
function subnetShape(config: LabConfig, layout: SubnetLayoutKind): PrivateSubnetShape | undefined {
  const vpc = parseIpv4Cidr(config.vpcCidr);
  if (typeof vpc === 'string' || config.availabilityZones.length === 0) return undefined;
  const prefix = vpc.prefix + PRIVATE_SUBNET_NEW_BITS[layout];
  return { prefix, prefixReservedAddresses: (2 ** (32 - prefix) * PREFIX_RESERVED_EIGHTHS[layout]) / 8 };
}

function demand(config: LabConfig, pods: PodIpDemand, clusters: number, maxSize = config.nodeGroup.maxSize): AddressDemand {
  return { clusters, maxNodesPerCluster: maxSize, zones: config.availabilityZones.length, pods };
}

function where(config: LabConfig, shape: PrivateSubnetShape): string {
  return `the private subnets of ${config.vpcCidr} (/${shape.prefix} each)`;
}

function largerVpc(config: LabConfig): string {
  const vpc = parseIpv4Cidr(config.vpcCidr);
  return typeof vpc !== 'string' && vpc.prefix > 16 ? ', use a larger vpcCidr (up to /16)' : '';
}

/**
 * The stacks in deployment order: the class's network stacks first, then each lab's cluster stack
 * (after its network, when that is another stack) and its workloads stack. No lab depends on another,
 * so one participant's failure blocks nobody.
 */
function stackPlans(networks: readonly NetworkPlan[], labs: readonly LabEnvironment[]): StackPlan[] {
  const networkStacks = new Set(networks.map((n) => n.stackName));
  return [
    ...labs
      .filter((lab) => lab.networkStackName !== lab.clusterStackName)
      .map((lab) => lab.networkStackName)
      .filter((name, i, all) => all.indexOf(name) === i && networkStacks.has(name))
      .map((name): StackPlan => ({ name, kind: StackKind.NETWORK, dependsOn: [], providers: [StackProvider.AWS] })),
    ...labs.flatMap((lab): StackPlan[] => {
      const owner = { clusterName: lab.clusterName, ...(lab.participant === undefined ? {} : { participantId: lab.participant.id }) };
      const network = lab.networkStackName === lab.clusterStackName ? [] : [lab.networkStackName];
      return [
        { name: lab.clusterStackName, kind: StackKind.CLUSTER, ...owner, dependsOn: network, providers: [StackProvider.AWS] },
        {
          name: lab.workloadsStackName,
          kind: StackKind.WORKLOADS,
          ...owner,
          dependsOn: [lab.clusterStackName],
          providers: [StackProvider.KUBERNETES, StackProvider.RANDOM],
        },
      ];
    }),
  ];
}

/** What the networks ask of the region's default quotas, when more than they allow (npm run preflight reads the real ones). */
function quotaWarnings(mode: ClassMode, networks: readonly NetworkPlan[]): string[] {
  if (mode !== ClassMode.SHARED_ACCOUNT || networks.length < 2) return [];
  const natGateways = networks.reduce((n, network) => n + network.natGateways, 0);
  const over = [
    ...(networks.length + 1 > DEFAULT_NETWORK_QUOTAS.vpcs ? [`${networks.length} VPCs (the default VPC makes ${networks.length + 1}; default quota ${DEFAULT_NETWORK_QUOTAS.vpcs})`] : []),
    ...(natGateways > DEFAULT_NETWORK_QUOTAS.elasticIps ? [`${natGateways} Elastic IPs for NAT gateways (default quota ${DEFAULT_NETWORK_QUOTAS.elasticIps})`] : []),
  ];
  if (over.length === 0) return [];
  const split = networks.map((n) => `${n.stackName}: ${n.clusterNames.length}`).join(', ');
  return [`the class is split over ${networks.length} networks (${split}): it needs ${over.join(' and ')} in the region; npm run preflight checks the account's quotas`];
}
