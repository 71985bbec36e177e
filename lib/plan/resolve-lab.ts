import type { LabConfig } from '../config/lab-config';
import { LabConfigError } from '../config/lab-config-error';
import { parseIpv4Cidr } from '../config/ipv4-cidr';
import { partitionOf } from '../config/partition';
import { largestThatFits, privateSubnetFit } from './address-plan';
import { LAB_ADD_ONS } from './add-ons/lab-add-ons';
import { LabEnvironment, labEnvironments } from './lab-environment';
import { sharedNetworkStackName } from './lab-names';
import type { LabPlan } from './lab-plan';
import { NetworkPlan, networkPlan } from './network-plan';
import { nodeGroupPlan } from './node-group-plan';
import { StackKind, StackPlan, StackProvider } from './stack-plan';
import { PREFIX_RESERVED_EIGHTHS, PRIVATE_SUBNET_NEW_BITS, SubnetLayoutKind } from './subnet-layout';
import { labWorkloads } from './workload-inventory';

/**
 * The plan of the lab or class `config` describes (see {@link LabPlan}), with the rules that need
 * the plan's arithmetic: the labs' nodes must fit their private subnets in the worst case.
 *
 * @throws LabConfigError naming the field, the value and what would fit, before anything is written
 */
export function resolveLab(config: LabConfig): LabPlan {
  const labs = labEnvironments(config);
  const network = config.roster === undefined ? ownNetwork(config, labs[0]) : sharedNetwork(config, labs);
  const problems = addressProblems(config, network);
  if (problems.length > 0) throw new LabConfigError(problems);
  return {
    config,
    labName: config.labName,
    region: config.region,
    partition: partitionOf(config.region),
    isClass: config.roster !== undefined,
    networks: [network],
    labs,
    stacks: stackPlans(config, labs),
    nodeGroup: nodeGroupPlan(config.nodeGroup),
    addOns: LAB_ADD_ONS,
    workloads: labWorkloads(config),
  };
}

/** The single lab's network: the workshop's layout, in the lab's cluster stack. */
function ownNetwork(config: LabConfig, lab: LabEnvironment): NetworkPlan {
  return networkPlan({
    stackName: lab.clusterStackName,
    namePrefix: lab.clusterName,
    vpcCidr: config.vpcCidr,
    availabilityZones: config.availabilityZones,
    layout: SubnetLayoutKind.WORKSHOP,
    natGatewayMode: config.natGateways,
    clusterNames: [lab.clusterName],
  });
}

/** A class's network, shared by every participant's cluster, in a stack of its own. */
function sharedNetwork(config: LabConfig, labs: readonly LabEnvironment[]): NetworkPlan {
  return networkPlan({
    stackName: sharedNetworkStackName(config.labName),
    namePrefix: config.labName,
    vpcCidr: config.vpcCidr,
    availabilityZones: config.availabilityZones,
    layout: SubnetLayoutKind.SHARED,
    natGatewayMode: config.natGateways,
    clusterNames: labs.map((lab) => lab.clusterName),
  });
}

/**
 * The stacks in deployment order: a class's network first, then each lab's cluster stack and its
 * workloads stack. Each lab depends only on the network, so one participant's failure blocks nobody.
 */
function stackPlans(config: LabConfig, labs: readonly LabEnvironment[]): StackPlan[] {
  const network = config.roster === undefined ? [] : [sharedNetworkStackName(config.labName)];
  return [
    ...network.map((name): StackPlan => ({ name, kind: StackKind.NETWORK, dependsOn: [], providers: [StackProvider.AWS] })),
    ...labs.flatMap((lab): StackPlan[] => {
      const owner = { clusterName: lab.clusterName, ...(lab.participant === undefined ? {} : { participantId: lab.participant.id }) };
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

/**
 * Whether the labs' nodes fit their network's private subnets in the worst case (see
 * lib/plan/address-plan.ts), and if not, what would.
 */
function addressProblems(config: LabConfig, network: NetworkPlan): string[] {
  const vpc = parseIpv4Cidr(config.vpcCidr);
  // Without zones (the loader reports it) there are no subnets to fill.
  if (typeof vpc === 'string' || config.availabilityZones.length === 0) return [];
  const layout = network.layout;
  const prefix = vpc.prefix + PRIVATE_SUBNET_NEW_BITS[layout];
  const subnet = { prefix, prefixReservedAddresses: (2 ** (32 - prefix) * PREFIX_RESERVED_EIGHTHS[layout]) / 8 };
  const clusters = network.clusterNames.length;
  const demand = (overrides: { clusters?: number; maxSize?: number }) => ({
    clusters: overrides.clusters ?? clusters,
    maxNodesPerCluster: overrides.maxSize ?? config.nodeGroup.maxSize,
    instanceTypes: config.nodeGroup.instanceTypes,
    zones: config.availabilityZones.length,
  });
  const fit = privateSubnetFit(demand({}), subnet);
  if (fit.fits) return [];
  // What would fit, so the fix is a number rather than arithmetic to redo by hand.
  const fitsWith = (overrides: { clusters?: number; maxSize?: number }) => privateSubnetFit(demand(overrides), subnet).fits;
  const maxSize = largestThatFits((size) => fitsWith({ maxSize: size }), config.nodeGroup.maxSize);
  const where = `the private subnets of ${config.vpcCidr} (/${prefix} each)`;
  const larger = vpc.prefix > 16 ? ', use a larger vpcCidr (up to /16)' : '';
  if (config.roster === undefined) {
    return [
      `nodeGroup.maxSize (${config.nodeGroup.maxSize}) must fit ${where} in the worst case: at most ${maxSize} nodes fit; ` +
        `lower nodeGroup.maxSize to ${maxSize}${larger} (${fit.explanation})`,
    ];
  }
  const participants = largestThatFits((n) => fitsWith({ clusters: n }), clusters);
  const withMaxSize = maxSize > 0 ? `, lower nodeGroup.maxSize to ${maxSize}` : '';
  return [
    `roster.participants (${clusters} participants) must fit ${where} in the worst case: at most ${participants} participants fit at nodeGroup.maxSize ${config.nodeGroup.maxSize}; ` +
      `remove ${clusters - participants}${withMaxSize}${larger}, or split the class into two labs (${fit.explanation})`,
  ];
}
