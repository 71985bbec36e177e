import { largestThatFits, maxPodsPerNode, podIpDemand, prefixesPerClusterAndZone, privateSubnetFit } from '../../lib/plan/address-plan';
import { subnetLayout, SubnetLayoutKind } from '../../lib/plan/subnet-layout';
import { parseIpv4Cidr } from '../../lib/config/ipv4-cidr';
import { classConfig, configProblems, labPlan, planOf } from '../support/fixtures';

const SHARED_18 = { prefix: 18, prefixReservedAddresses: (16384 * 7) / 8 };

const LAB_PODS = { scheduledPods: 18, daemonSetPodsPerNode: 2 };
const m5 = (clusters: number, maxNodesPerCluster: number, pods = LAB_PODS) => ({ clusters, maxNodesPerCluster, zones: 3, pods });

describe('address plan (prefix delegation, sized by what the lab runs)', () => {
  test('max pods per node follow the EKS recommendation (110 below 30 vCPUs, else 250); the kubelet reserves memory by it', () => {
    expect(maxPodsPerNode('m5.large')).toBe(110);
    expect(maxPodsPerNode('m5.4xlarge')).toBe(110); // 16 vCPUs
    expect(maxPodsPerNode('m5.8xlarge')).toBe(250); // 32 vCPUs
    expect(maxPodsPerNode('m5.metal')).toBe(250);
  });

  test("the lab's pod addresses come from the plan: host-network pods take none, DaemonSets one per node", () => {
    const plan = labPlan();
    // coredns 2, metrics-server 2 (counted twice), ebs-csi-controller 2; 3 data stores, 6 Deployments, 3 Jobs/CronJobs.
    expect(plan.podIps).toEqual(LAB_PODS);
    expect(podIpDemand(plan.addOns, plan.workloads)).toEqual(LAB_PODS);
    // The smaller lab: no store Deployments.
    expect(labPlan({ application: 'data-stores-only' }).podIps).toEqual({ scheduledPods: 12, daemonSetPodsPerNode: 2 });
  });

  test('a cluster holds, in its busiest subnet, 2 prefixes per node (DaemonSet pods and a warm one) and its other pods x 2', () => {
    // 2 nodes per zone at maxSize 6: 2 x (ceil(2 / 16) + 1) = 4; ceil(18 x 2 / 16) = 3.
    expect(prefixesPerClusterAndZone(m5(1, 6))).toBe(7);
    expect(prefixesPerClusterAndZone(m5(1, 3))).toBe(5);
    // What the kubelet's 110 max pods would reserve instead: 8 per node, 16 per zone.
    expect(prefixesPerClusterAndZone(m5(1, 6, { scheduledPods: 0, daemonSetPodsPerNode: 110 }))).toBe(16);
  });

  test('shared /18 with its 7/8 prefix reservation: 128 clusters of up to 6 nodes fit, 129 do not', () => {
    // 128 x 7 = 896 = 14336 / 16 reserved blocks.
    expect(privateSubnetFit(m5(128, 6), SHARED_18)).toMatchObject({ prefixBlocksNeeded: 896, prefixBlocksAvailable: 896, fits: true });
    expect(privateSubnetFit(m5(129, 6), SHARED_18)).toMatchObject({ prefixBlocksNeeded: 903, fits: false });
    // Singles: 256 nodes x 3 ENI primaries + 128 x 4 control-plane + 5 reserved, outside the reservation (2048).
    expect(privateSubnetFit(m5(128, 6), SHARED_18)).toMatchObject({ singlesNeeded: 1285, singlesAvailable: 2048 });
  });

  test('nodes are rounded up per cluster, not over the class: 4 nodes over 3 zones put 2 in one zone', () => {
    expect(privateSubnetFit(m5(130, 4), SHARED_18)).toMatchObject({ prefixBlocksNeeded: 130 * 7, fits: false });
  });

  test('without a reservation every single address counts as spoiling a /28', () => {
    // /23: 32 blocks. One cluster, 10 nodes per subnet: 20 + 3 prefixes + 39 singles > 32.
    expect(privateSubnetFit(m5(1, 30), { prefix: 23 })).toMatchObject({ prefixBlocksNeeded: 23, singlesNeeded: 39, fits: false });
    // The workshop's /19: 512 blocks; 6 nodes (2 per zone): 7 prefixes + 15 singles.
    expect(privateSubnetFit(m5(1, 6), { prefix: 19 })).toMatchObject({ prefixBlocksNeeded: 7, singlesNeeded: 15, fits: true });
  });

  test('the shared layout reserves the upper 7/8 of each private subnet, in three non-overlapping blocks', () => {
    const vpc = parseIpv4Cidr('10.42.0.0/16');
    if (typeof vpc === 'string') throw new Error(vpc);
    const [zone] = subnetLayout(vpc, ['us-west-2a', 'us-west-2b', 'us-west-2c'], SubnetLayoutKind.SHARED);
    expect(zone.privateCidr).toBe('10.42.0.0/18');
    expect(zone.prefixReservations).toEqual(['10.42.32.0/19', '10.42.16.0/20', '10.42.8.0/21']);
    expect(subnetLayout(vpc, ['us-west-2a', 'us-west-2b'], SubnetLayoutKind.WORKSHOP)[0].prefixReservations).toEqual([]);
  });

  test('the plan applies it: one /16 network holds 128 at maxSize 6 and 179 at maxSize 3; more are split over further networks', () => {
    expect(planOf(classConfig(128, { roster: { eksClusterQuota: 200 } })).networks.map((n) => [n.stackName, n.clusterNames.length])).toEqual([['eks-workshop-network', 128]]);
    expect(planOf(classConfig(129, { roster: { eksClusterQuota: 200 } })).networks.map((n) => [n.stackName, n.clusterNames.length])).toEqual([
      ['eks-workshop-network', 128],
      ['eks-workshop-network-2', 1],
    ]);
    expect(planOf(classConfig(10, { nodeGroup: { maxSize: 3 } })).participantsPerNetwork).toBe(179);
    // A /20 holds 8 participants a network: a class of 10 takes two, filled in roster order.
    expect(planOf(classConfig(10, { vpcCidr: '10.42.0.0/20' })).networks.map((n) => n.clusterNames.length)).toEqual([8, 2]);
  });

  test('a node group too large for even one participant is rejected, with what would fit', () => {
    expect(configProblems({ ...classConfigInput(1), vpcCidr: '10.42.0.0/20', nodeGroup: { maxSize: 100 } })).toEqual([
      expect.stringMatching(
        /^nodeGroup\.maxSize \(100\) must fit the private subnets of 10\.42\.0\.0\/20 \(\/22 each\) in the worst case for one participant: at most 78 nodes fit; lower nodeGroup\.maxSize to 78, use a larger vpcCidr \(up to \/16\) \(/,
      ),
    ]);
  });

  test('roster.participantsPerNetwork splits earlier, and may not ask for more than fits', () => {
    expect(planOf(classConfig(5, { roster: { participantsPerNetwork: 2 } })).networks.map((n) => n.clusterNames)).toEqual([
      ['eks-workshop-p01', 'eks-workshop-p02'],
      ['eks-workshop-p03', 'eks-workshop-p04'],
      ['eks-workshop-p05'],
    ]);
    expect(configProblems({ ...classConfigInput(10), vpcCidr: '10.42.0.0/20', roster: { ...classConfigInput(10).roster, participantsPerNetwork: 9 } })).toEqual([
      expect.stringMatching(/^roster\.participantsPerNetwork \(9\) must fit the private subnets of 10\.42\.0\.0\/20 .*at most 8 participants fit one network/),
    ]);
  });
});

describe('largestThatFits', () => {
  test('finds the largest value that fits, 0 when none does', () => {
    expect(largestThatFits((n) => n <= 56, 70)).toBe(56);
    expect(largestThatFits(() => true, 70)).toBe(70);
    expect(largestThatFits(() => false, 70)).toBe(0);
  });
});

/** The raw input of a class of `n` (classConfig validates it, which would throw here). */
function classConfigInput(n: number) {
  return {
    expiresOn: '2026-12-31',
    roster: {
      participants: Array.from({ length: n }, (_, i) => ({ id: `p${i}`, principalArn: `arn:aws:iam::123456789012:role/p${i}` })),
    },
  };
}
