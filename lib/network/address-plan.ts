/**
 * How many private IPv4 addresses the lab's nodes can consume, so a roster is checked against its
 * subnets before anything is written.
 *
 * The VPC CNI runs with prefix delegation: each node takes /28 prefixes (16 addresses) for its pods,
 * one more prefix is kept warm (`WARM_PREFIX_TARGET`), and each attached ENI has a primary address.
 * The budget assumes every node of every cluster runs its maximum pod count, the worst case.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/cni-increase-ip-addresses.html
 * @see https://docs.aws.amazon.com/eks/latest/best-practices/prefix-mode-linux.html
 */

/** VPC CNI settings the lab runs with; the cluster layer configures the add-on from them. */
export const VPC_CNI_PREFIX_SETTINGS = { ENABLE_PREFIX_DELEGATION: 'true', WARM_PREFIX_TARGET: '1' } as const;

/** Addresses in one delegated prefix (a /28). */
const PREFIX_ADDRESSES = 16;
/** Addresses AWS reserves in every subnet (network, router, DNS, future, broadcast). */
export const AWS_RESERVED_PER_SUBNET = 5;
/**
 * ENIs EKS places in the cluster's subnets for the control plane; it asks for at least 6 and
 * recommends 16 free addresses per subnet, so budget 4 per cluster and subnet.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html
 */
const CONTROL_PLANE_ADDRESSES_PER_CLUSTER = 4;
/** Primary addresses of the ENIs a node may attach (3 on an m5.large). */
const ENI_PRIMARY_ADDRESSES_PER_NODE = 3;

/**
 * The max-pods value EKS recommends with prefix delegation: 110 on instance types with fewer than 30
 * vCPUs, 250 on larger ones. The vCPU count is estimated from the size name (`xlarge` = 4 vCPUs,
 * `Nxlarge` = 4N; `metal` counts as large).
 */
export function maxPodsPerNode(instanceType: string): number {
  const size = instanceType.split('.')[1] ?? '';
  const match = /^(\d*)xlarge$/.exec(size);
  const vcpus = size.startsWith('metal') ? 64 : match ? 4 * Number(match[1] || '1') : 2;
  return vcpus < 30 ? 110 : 250;
}

/** Worst-case addresses one node takes: its pods' prefixes, the warm prefix and its ENIs' primaries. */
export function addressesPerNode(instanceTypes: readonly string[]): number {
  const maxPods = Math.max(...instanceTypes.map(maxPodsPerNode));
  const prefixes = Math.ceil(maxPods / PREFIX_ADDRESSES) + Number(VPC_CNI_PREFIX_SETTINGS.WARM_PREFIX_TARGET);
  return prefixes * PREFIX_ADDRESSES + ENI_PRIMARY_ADDRESSES_PER_NODE;
}

/** What a set of clusters asks of the private subnets they share. */
export interface AddressDemand {
  /** Clusters sharing the subnets. */
  readonly clusters: number;
  /** Most nodes one cluster can scale to. */
  readonly maxNodesPerCluster: number;
  /** Instance types of the nodes. */
  readonly instanceTypes: readonly string[];
  /** Zones, one private subnet each; managed node groups spread nodes evenly across them. */
  readonly zones: number;
}

/** The addresses the busiest private subnet needs, with the arithmetic spelled out. */
export interface SubnetAddressNeed {
  /** Addresses needed in the busiest subnet. */
  readonly needed: number;
  /** How `needed` was computed, for error messages and the README. */
  readonly explanation: string;
}

/** Worst-case addresses the busiest private subnet needs for `demand`. */
export function privateSubnetNeed(demand: AddressDemand): SubnetAddressNeed {
  const nodesPerSubnet = Math.ceil((demand.clusters * demand.maxNodesPerCluster) / demand.zones);
  const perNode = addressesPerNode(demand.instanceTypes);
  const controlPlane = demand.clusters * CONTROL_PLANE_ADDRESSES_PER_CLUSTER;
  const needed = nodesPerSubnet * perNode + controlPlane + AWS_RESERVED_PER_SUBNET;
  return {
    needed,
    explanation:
      `${demand.clusters} cluster(s) x ${demand.maxNodesPerCluster} nodes / ${demand.zones} zones = ${nodesPerSubnet} nodes x ` +
      `${perNode} addresses (prefix delegation, worst case) + ${controlPlane} control-plane + ${AWS_RESERVED_PER_SUBNET} reserved`,
  };
}

/** Total addresses of a subnet with prefix length `prefix`. */
export function subnetSize(prefix: number): number {
  return 2 ** (32 - prefix);
}
