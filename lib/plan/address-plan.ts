/**
 * How many private IPv4 addresses the lab's nodes can consume, so a roster is checked against its
 * subnets before anything is written.
 *
 * The VPC CNI runs with prefix delegation: each node takes /28 prefixes (16 addresses, aligned) for
 * its pods, one more prefix is kept warm (`WARM_PREFIX_TARGET`), and each ENI it attaches has one
 * primary address. Prefixes need free, aligned /28 blocks, which scattered single addresses can spoil:
 * the shared network therefore reserves most of each private subnet for prefixes (a subnet CIDR
 * reservation of type `prefix`), and the check counts prefixes against that reservation and single
 * addresses against the rest. Without a reservation (a single lab), every single address is counted
 * as spoiling a whole /28.
 *
 * The budget assumes every node of every cluster runs its maximum pod count, and that each node group
 * spreads its nodes evenly over the zones (per cluster, rounded up); an outage that pushes all nodes
 * into fewer zones can exceed it.
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
 * `xlarge` = 4, `Nxlarge` = 4N; `metal` counts as the largest, 250 pods).
 */
export function maxPodsPerNode(instanceType: string): number {
  const size = instanceType.split('.')[1] ?? '';
  const match = /^(\d*)xlarge$/.exec(size);
  const vcpus = size.startsWith('metal') ? 64 : match ? 4 * Number(match[1] || '1') : 2;
  return vcpus < 30 ? 110 : 250;
}

/** Prefixes one node may hold: its pods' (at max pods) and the warm one. */
export function prefixesPerNode(instanceTypes: readonly string[]): number {
  const maxPods = Math.max(...instanceTypes.map(maxPodsPerNode));
  return Math.ceil(maxPods / PREFIX_ADDRESSES) + Number(VPC_CNI_PREFIX_SETTINGS.WARM_PREFIX_TARGET);
}

/** What a set of clusters asks of the private subnets they share. */
export interface AddressDemand {
  /** Clusters sharing the subnets. */
  readonly clusters: number;
  /** Most nodes one cluster can scale to. */
  readonly maxNodesPerCluster: number;
  /** Instance types of the nodes. */
  readonly instanceTypes: readonly string[];
  /** Zones, one private subnet each. */
  readonly zones: number;
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
  const perNode = prefixesPerNode(demand.instanceTypes);
  const prefixBlocksNeeded = nodes * perNode;
  const singlesNeeded = nodes * ENI_PRIMARY_ADDRESSES_PER_NODE + demand.clusters * CONTROL_PLANE_ADDRESSES_PER_CLUSTER + AWS_RESERVED_PER_SUBNET;
  const size = 2 ** (32 - subnet.prefix);
  const reserved = subnet.prefixReservedAddresses ?? 0;
  const [prefixBlocksAvailable, singlesAvailable, fits] =
    reserved > 0
      ? [reserved / PREFIX_ADDRESSES, size - reserved, prefixBlocksNeeded <= reserved / PREFIX_ADDRESSES && singlesNeeded <= size - reserved]
      : // No reservation: each single address may sit in a different /28 and spoil it for prefixes.
        [size / PREFIX_ADDRESSES - singlesNeeded, size, prefixBlocksNeeded + singlesNeeded <= size / PREFIX_ADDRESSES];
  const explanation =
    `${demand.clusters} cluster(s) x ceil(${demand.maxNodesPerCluster} nodes / ${demand.zones} zones) = ${nodes} nodes per subnet, ` +
    `each up to ${perNode} /28 prefixes and ${ENI_PRIMARY_ADDRESSES_PER_NODE} ENI addresses: ${prefixBlocksNeeded} prefixes for ` +
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
