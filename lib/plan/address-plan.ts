import type { AddOnSpec } from './add-ons/add-on-spec';
import { LabWorkloadRef, WorkloadKind } from './workload-inventory';

/**
 * How many private IPv4 addresses the labs' nodes and pods can take, so a roster is checked against
 * its subnets (and split over several networks) before anything is written.
 *
 * The VPC CNI runs with prefix delegation: a node takes /28 prefixes (16 addresses, aligned) for its
 * pods as it needs them and keeps one more warm (`WARM_PREFIX_TARGET`); each ENI has one primary
 * address. Pods on the host network (aws-node, kube-proxy, the Pod Identity agent) take none.
 * Prefixes need free, aligned /28 blocks, which scattered single addresses can spoil: the shared
 * network therefore reserves most of each private subnet for prefixes (a subnet CIDR reservation of
 * type `prefix`), and the check counts prefixes against that reservation and single addresses against
 * the rest. Without a reservation (a single lab), every single address is counted as spoiling a /28.
 *
 * The demand comes from what the lab runs (the plan's add-ons and workloads), not from the kubelet's
 * max pods (110 on an m5.large, which would reserve eight prefixes per node for a lab that runs about
 * seven pods per node): every node holds its DaemonSet pods' prefixes and a warm one, and all other
 * pods of a cluster, times {@link POD_IP_HEADROOM}, may land in the same zone. Each node group
 * spreads its nodes evenly over the zones (per cluster, rounded up), at `maxSize`; an outage that
 * pushes all nodes into fewer zones can exceed it.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/cni-increase-ip-addresses.html
 * @see https://docs.aws.amazon.com/eks/latest/best-practices/prefix-mode-linux.html (subnet reservations)
 */

/** VPC CNI settings the lab runs with; the cluster layer configures the add-on from them. */
export const VPC_CNI_PREFIX_SETTINGS = { ENABLE_PREFIX_DELEGATION: 'true', WARM_PREFIX_TARGET: '1' } as const;

/** Addresses in one delegated prefix (a /28). */
export const PREFIX_ADDRESSES = 16;
/** Addresses AWS reserves in every subnet (network, router, DNS, future, broadcast). */
export const AWS_RESERVED_PER_SUBNET = 5;
/**
 * ENIs EKS places in the cluster's subnets for the control plane; it asks for at least 6 and
 * recommends 16 free addresses per subnet, so budget 4 per cluster and subnet.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html
 */
export const CONTROL_PLANE_ADDRESSES_PER_CLUSTER = 4;
/** Primary addresses of the ENIs a node may attach (3 on an m5.large). */
export const ENI_PRIMARY_ADDRESSES_PER_NODE = 3;

/**
 * The max-pods value EKS recommends with prefix delegation: 110 on instance types with fewer than 30
 * vCPUs, 250 on larger ones. The vCPU count is estimated from the size name (`large` = 2 vCPUs,
 * `xlarge` = 4, `Nxlarge` = 4N; `metal` counts as the largest, 250 pods). The kubelet reserves memory
 * by it; the address plan does not use it.
 */
export function maxPodsPerNode(instanceType: string): number {
  return estimatedVcpus(instanceType) < 30 ? 110 : 250;
}

/** vCPUs of an instance type, estimated from its size name (`large` 2, `xlarge` 4, `Nxlarge` 4N, `metal` 64). */
export function estimatedVcpus(instanceType: string): number {
  const size = instanceType.split('.')[1] ?? '';
  const match = /^(\d*)xlarge$/.exec(size);
  return size.startsWith('metal') ? 64 : match ? 4 * Number(match[1] || '1') : 2;
}

/**
 * The margin on the pods a lab schedules: a rolling update's surge pods, the learner's experiments
 * (scaling a StatefulSet to three, re-running Jobs) and pods a CronJob starts while the last one ends.
 */
export const POD_IP_HEADROOM = 2;

/** The pod addresses one cluster's pods take, from the plan's add-ons and workloads. */
export interface PodIpDemand {
  /** Pods the scheduler places somewhere in the cluster (not DaemonSets), off the host network. */
  readonly scheduledPods: number;
  /** DaemonSet pods off the host network, one of each per node. */
  readonly daemonSetPodsPerNode: number;
}

/** The pod addresses of the plan's add-ons and workloads (a Job or CronJob counts as its one pod). */
export function podIpDemand(
  addOns: readonly AddOnSpec[],
  workloads: readonly LabWorkloadRef[],
): PodIpDemand {
  const addOnPods = addOns.flatMap((a) => a.pods).filter((p) => !p.hostNetwork);
  const scheduled = (w: LabWorkloadRef) => (w.kind === WorkloadKind.DAEMON_SET ? 0 : (w.replicas ?? 1));
  return {
    scheduledPods: addOnPods.filter((p) => !p.perNode).reduce((n, p) => n + p.replicas, 0) + workloads.reduce((n, w) => n + scheduled(w), 0),
    daemonSetPodsPerNode: addOnPods.filter((p) => p.perNode).length + workloads.filter((w) => w.kind === WorkloadKind.DAEMON_SET).length,
  };
}

/** Prefixes one cluster may hold in the busiest private subnet (see the file's header). */
export function prefixesPerClusterAndZone(demand: Pick<AddressDemand, 'maxNodesPerCluster' | 'zones' | 'pods'>): number {
  const nodesPerZone = Math.ceil(demand.maxNodesPerCluster / demand.zones);
  const perNode = Math.ceil(demand.pods.daemonSetPodsPerNode / PREFIX_ADDRESSES) + Number(VPC_CNI_PREFIX_SETTINGS.WARM_PREFIX_TARGET);
  return nodesPerZone * perNode + Math.ceil((demand.pods.scheduledPods * POD_IP_HEADROOM) / PREFIX_ADDRESSES);
}

/** What a set of clusters asks of the private subnets they share. */
export interface AddressDemand {
  /** Clusters sharing the subnets. */
  readonly clusters: number;
  /** Most nodes one cluster can scale to. */
  readonly maxNodesPerCluster: number;
  /** Zones, one private subnet each. */
  readonly zones: number;
  /** The pod addresses of one cluster. */
  readonly pods: PodIpDemand;
}

/** One private subnet: its size and how much of it is reserved for prefixes. */
export interface PrivateSubnetShape {
  /** Prefix length of the subnet. */
  readonly prefix: number;
  /** Addresses reserved for prefixes (a `prefix` CIDR reservation). @default 0 */
  readonly prefixReservedAddresses?: number;
}

/** Worst-case demand on the busiest private subnet, against its capacity. */
export interface SubnetFit {
  /** /28 blocks the prefixes need. */
  readonly prefixBlocksNeeded: number;
  /** /28 blocks available to prefixes. */
  readonly prefixBlocksAvailable: number;
  /** Single addresses needed (node and ENI primaries, control plane, AWS-reserved). */
  readonly singlesNeeded: number;
  /** Single addresses available outside the prefix reservation. */
  readonly singlesAvailable: number;
  /** Whether both fit. */
  readonly fits: boolean;
  /** The arithmetic, for error messages. */
  readonly explanation: string;
}

/** Whether `demand` fits private subnets shaped like `subnet`, in the worst case. */
export function privateSubnetFit(demand: AddressDemand, subnet: PrivateSubnetShape): SubnetFit {
  const nodes = demand.clusters * Math.ceil(demand.maxNodesPerCluster / demand.zones);
  const perCluster = prefixesPerClusterAndZone(demand);
  const prefixBlocksNeeded = demand.clusters * perCluster;
  const singlesNeeded = nodes * ENI_PRIMARY_ADDRESSES_PER_NODE + demand.clusters * CONTROL_PLANE_ADDRESSES_PER_CLUSTER + AWS_RESERVED_PER_SUBNET;
  const size = 2 ** (32 - subnet.prefix);
  const reserved = subnet.prefixReservedAddresses ?? 0;
  const [prefixBlocksAvailable, singlesAvailable, fits] =
    reserved > 0
      ? [reserved / PREFIX_ADDRESSES, size - reserved, prefixBlocksNeeded <= reserved / PREFIX_ADDRESSES && singlesNeeded <= size - reserved]
      : // No reservation: each single address may sit in a different /28 and spoil it for prefixes.
        [size / PREFIX_ADDRESSES - singlesNeeded, size, prefixBlocksNeeded + singlesNeeded <= size / PREFIX_ADDRESSES];
  const explanation =
    `${demand.clusters} cluster(s) x ceil(${demand.maxNodesPerCluster} nodes / ${demand.zones} zones) = ${nodes} nodes per subnet; ` +
    `each cluster up to ${perCluster} /28 prefixes there (${demand.pods.daemonSetPodsPerNode} DaemonSet pods and a warm prefix per node, ` +
    `${demand.pods.scheduledPods} other pods x ${POD_IP_HEADROOM}) and ${ENI_PRIMARY_ADDRESSES_PER_NODE} ENI addresses per node: ${prefixBlocksNeeded} prefixes for ` +
    `${Math.max(prefixBlocksAvailable, 0)} free /28 blocks${reserved > 0 ? ' in the prefix reservation' : ''}, ` +
    `${singlesNeeded} single addresses (with ${CONTROL_PLANE_ADDRESSES_PER_CLUSTER} control-plane per cluster and ${AWS_RESERVED_PER_SUBNET} reserved)` +
    (reserved > 0 ? ` for ${singlesAvailable} outside it` : ', each counted as spoiling a /28');
  return { prefixBlocksNeeded, prefixBlocksAvailable, singlesNeeded, singlesAvailable, fits, explanation };
}

/**
 * The largest value of `grow` (1 to `limit`) for which `fitsWith(value)` holds, or 0 when even 1 does
 * not fit. `fitsWith` must be monotonic (more never fits when less does not).
 */
export function largestThatFits(fitsWith: (value: number) => boolean, limit: number): number {
  let low = 0;
  let high = limit;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fitsWith(middle)) low = middle;
    else high = middle - 1;
  }
  return low;
}
