import { largestThatFits, maxPodsPerNode, prefixesPerNode, privateSubnetFit } from '../../lib/plan/address-plan';
import { subnetLayout, SubnetLayoutKind } from '../../lib/plan/subnet-layout';
import { parseIpv4Cidr } from '../../lib/config/ipv4-cidr';
import { classConfig, configProblems } from '../support/fixtures';

const SHARED_18 = { prefix: 18, prefixReservedAddresses: (16384 * 7) / 8 };
const m5 = (clusters: number, maxNodesPerCluster: number) => ({ clusters, maxNodesPerCluster, instanceTypes: ['m5.large'], zones: 3 });

describe('address plan (prefix delegation, worst case)', () => {
  test('max pods and prefixes per node follow the EKS recommendation (110 below 30 vCPUs, else 250) plus one warm prefix', () => {
    expect(maxPodsPerNode('m5.large')).toBe(110);
    expect(maxPodsPerNode('m5.4xlarge')).toBe(110); // 16 vCPUs
    expect(maxPodsPerNode('m5.8xlarge')).toBe(250); // 32 vCPUs
    expect(maxPodsPerNode('m5.metal')).toBe(250);
    expect(prefixesPerNode(['m5.large'])).toBe(8); // ceil(110 / 16) = 7, + 1 warm
    expect(prefixesPerNode(['m5.large', 'm5.8xlarge'])).toBe(17); // the largest type counts: ceil(250 / 16) + 1
  });

  test('shared /18 with its 7/8 prefix reservation: 56 clusters of up to 6 nodes fit, 57 do not', () => {
    // 56 x ceil(6 / 3) = 112 nodes per subnet x 8 prefixes = 896 = 14336 / 16 reserved blocks.
    expect(privateSubnetFit(m5(56, 6), SHARED_18)).toMatchObject({ prefixBlocksNeeded: 896, prefixBlocksAvailable: 896, fits: true });
    expect(privateSubnetFit(m5(57, 6), SHARED_18)).toMatchObject({ prefixBlocksNeeded: 912, fits: false });
    // Singles: 112 x 3 ENI primaries + 56 x 4 control-plane + 5 reserved, outside the reservation (2048).
    expect(privateSubnetFit(m5(56, 6), SHARED_18)).toMatchObject({ singlesNeeded: 565, singlesAvailable: 2048 });
  });

  test('nodes are rounded up per cluster, not over the class: 4 nodes over 3 zones put 2 in one zone', () => {
    // A class-wide rounding, ceil(90 x 4 / 3) = 120 nodes, would accept 90; per cluster it is 180 nodes.
    expect(privateSubnetFit(m5(90, 4), SHARED_18)).toMatchObject({ prefixBlocksNeeded: 90 * 2 * 8, fits: false });
  });

  test('without a reservation every single address counts as spoiling a /28', () => {
    // /23: 32 blocks. One cluster, 10 nodes per subnet: 80 prefixes + 39 singles > 32.
    expect(privateSubnetFit(m5(1, 30), { prefix: 23 })).toMatchObject({ prefixBlocksNeeded: 80, singlesNeeded: 39, fits: false });
    // The workshop's /19: 512 blocks; 6 nodes (2 per zone): 16 prefixes + 15 singles.
    expect(privateSubnetFit(m5(1, 6), { prefix: 19 })).toMatchObject({ prefixBlocksNeeded: 16, singlesNeeded: 15, fits: true });
  });

  test('the shared layout reserves the upper 7/8 of each private subnet, in three non-overlapping blocks', () => {
    const vpc = parseIpv4Cidr('10.42.0.0/16');
    if (typeof vpc === 'string') throw new Error(vpc);
    const [zone] = subnetLayout(vpc, ['us-west-2a', 'us-west-2b', 'us-west-2c'], SubnetLayoutKind.SHARED);
    expect(zone.privateCidr).toBe('10.42.0.0/18');
    expect(zone.prefixReservations).toEqual(['10.42.32.0/19', '10.42.16.0/20', '10.42.8.0/21']);
    expect(subnetLayout(vpc, ['us-west-2a', 'us-west-2b'], SubnetLayoutKind.WORKSHOP)[0].prefixReservations).toEqual([]);
  });

  test('the configuration loader applies it: the README figures (56 at maxSize 6, 100 at maxSize 3) hold', () => {
    expect(() => classConfig(56)).not.toThrow();
    expect(configProblems({ ...classConfigInput(57) })).toEqual([
      expect.stringMatching(
        /^roster\.participants \(57 participants\) must fit the private subnets of 10\.42\.0\.0\/16 \(\/18 each\) in the worst case: at most 56 participants fit at nodeGroup\.maxSize 6; remove 1, lower nodeGroup\.maxSize to 3, or split the class into two labs \(57 cluster/,
      ),
    ]);
    // A /20 class: the maximum and a larger VPC are named.
    expect(configProblems({ ...classConfigInput(10), vpcCidr: '10.42.0.0/20' })).toEqual([
      // No node count fits ten clusters there, so none is offered.
      expect.stringMatching(/at most 3 participants fit at nodeGroup\.maxSize 6; remove 7, use a larger vpcCidr \(up to \/16\), or split the class into two labs \(/),
    ]);
    expect(() => classConfig(100, { nodeGroup: { maxSize: 3 } })).not.toThrow();
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
