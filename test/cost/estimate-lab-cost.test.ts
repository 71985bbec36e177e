import { planOf } from '../support/fixtures';
import { LabConfig } from '../../lib/config/lab-config';
import { parseLabConfig } from '../../lib/config/load-lab-config';
import { CostEstimateError, estimateLabCost } from '../../lib/cost/estimate-lab-cost';
import { CostItem, CostScope, LabCostEstimate } from '../../lib/cost/lab-cost-estimate';

/**
 * The arithmetic below is checked on the workshop's node group (3 x m5.large) with every control-plane
 * log type, the defaults before issue 21; the defaults of today have a test of their own.
 */
const WORKSHOP = { nodeGroup: { instanceTypes: ['m5.large'] }, controlPlaneLogTypes: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'] };

/** The workshop's lab with `overrides` applied. */
function workshop(overrides: Record<string, unknown> = {}): LabConfig {
  return parseLabConfig({ ...WORKSHOP, ...overrides });
}

/** A class of `count` participants (valid roster, expiry date set) on the workshop's nodes, with `overrides` applied. */
function classConfig(count: number, overrides: Record<string, unknown> = {}): LabConfig {
  return parseLabConfig({
    ...WORKSHOP,
    expiresOn: '2026-12-31',
    roster: {
      participants: Array.from({ length: count }, (_, i) => ({
        id: `p${i + 1}`,
        principalArn: `arn:aws:iam::123456789012:role/p${i + 1}`,
      })),
    },
    ...overrides,
  });
}

/** $/hour of one line for the whole class. */
function classHourly(estimate: LabCostEstimate, item: CostItem): number | undefined {
  return estimate.items.find((i) => i.item === item)?.class.perHour;
}

// Hand-computed figures (us-east-1 list prices of 2026-11-26; gp3 $0.08/GB-month over 730 h):
// one lab with the defaults, without its network:
//   control plane 0.10 + nodes 3 * 0.096 + root volumes 3 * 30 * 0.08 / 730 + database volumes 3 * 10 * 0.08 / 730
//   + logs 0.05 GB/h * 0.50 + NAT data 2 GB / 24 h * 0.045
//   = 0.10 + 0.288 + 0.0098630137 + 0.0032876712 + 0.025 + 0.00375 = 0.4299006849
const LAB_PER_HOUR = 0.4299006849;
// one network with one NAT gateway: 0.045 + its public IPv4 0.005 = 0.05
const NETWORK_PER_HOUR = 0.05;

describe('estimateLabCost', () => {
  test('the workshop\'s node group: a single lab with its own network, itemized', () => {
    const estimate = estimateLabCost(planOf(workshop()));
    expect(estimate.participants).toBe(1);
    expect(estimate.hasRoster).toBe(false);
    expect(estimate.items.map((i) => [i.item, i.scope, i.count])).toEqual([
      [CostItem.EKS_CONTROL_PLANE, CostScope.LAB, 1],
      [CostItem.NODES, CostScope.LAB, 1],
      [CostItem.NODE_ROOT_VOLUMES, CostScope.LAB, 1],
      [CostItem.DATABASE_VOLUMES, CostScope.LAB, 1],
      [CostItem.CONTROL_PLANE_LOGS, CostScope.LAB, 1],
      [CostItem.NAT_DATA_PROCESSING, CostScope.LAB, 1],
      [CostItem.NAT_GATEWAYS, CostScope.NETWORK, 1],
      [CostItem.NAT_PUBLIC_IPV4, CostScope.NETWORK, 1],
    ]);
    expect(classHourly(estimate, CostItem.EKS_CONTROL_PLANE)).toBeCloseTo(0.1, 10);
    expect(classHourly(estimate, CostItem.NODES)).toBeCloseTo(0.288, 10); // 3 * 0.096
    expect(classHourly(estimate, CostItem.NODE_ROOT_VOLUMES)).toBeCloseTo(0.009863014, 8); // 3 * 30 * 0.08 / 730
    expect(classHourly(estimate, CostItem.DATABASE_VOLUMES)).toBeCloseTo(0.003287671, 8); // 3 * 10 * 0.08 / 730
    expect(classHourly(estimate, CostItem.CONTROL_PLANE_LOGS)).toBeCloseTo(0.025, 10); // 0.05 * 0.50
    expect(classHourly(estimate, CostItem.NAT_DATA_PROCESSING)).toBeCloseTo(0.00375, 10); // 2 / 24 * 0.045
    expect(classHourly(estimate, CostItem.NAT_GATEWAYS)).toBeCloseTo(0.045, 10);
    expect(classHourly(estimate, CostItem.NAT_PUBLIC_IPV4)).toBeCloseTo(0.005, 10);
    expect(classHourly(estimate, CostItem.KMS_KEY)).toBeUndefined();
    // 0.4299006849 + 0.05 = 0.4799006849 per hour; * 24 = 11.517616438 per day
    expect(estimate.class.perHour).toBeCloseTo(0.4799006849, 8);
    expect(estimate.class.perDay).toBeCloseTo(11.517616438, 6);
    expect(estimate.perParticipant.perDay).toBeCloseTo(11.517616438, 6);
    expect(estimate.perAdditionalParticipant.perHour).toBeCloseTo(LAB_PER_HOUR, 8);
    expect(estimate.items.filter((i) => i.assumed).map((i) => i.item)).toEqual([
      CostItem.CONTROL_PLANE_LOGS,
      CostItem.NAT_DATA_PROCESSING,
    ]);
  });

  test('defaults (issue 21): 3 x t3a.large and the api, audit and authenticator logs', () => {
    const estimate = estimateLabCost(planOf(parseLabConfig({})));
    expect(classHourly(estimate, CostItem.NODES)).toBeCloseTo(0.2256, 10); // 3 * 0.0752
    expect(classHourly(estimate, CostItem.CONTROL_PLANE_LOGS)).toBeCloseTo(0.015, 10); // 0.05 * 3 / 5 * 0.50
    // lab: 0.10 + 0.2256 + 0.0098630137 + 0.0032876712 + 0.015 + 0.00375 = 0.3575006849; + 0.05 network
    expect(estimate.class.perHour).toBeCloseTo(0.4075006849, 8);
    // a class of 30: (30 * 0.3575006849 + 0.05) / 30 = 0.3591673516 per participant-hour (0.4315673516 before: m5.large, all five logs)
    expect(estimateLabCost(planOf(parseLabConfig({ expiresOn: '2026-12-31', roster: classConfig(30).roster }))).perParticipant.perHour).toBeCloseTo(0.3591673516, 8);
  });

  test('node types of equal capability: cheapest first, the configured one marked, the Graviton ones ruled out for the store', () => {
    const { nodeTypes } = estimateLabCost(planOf(classConfig(30)));
    expect(nodeTypes.map((o) => o.instanceType)).toEqual([
      't4g.large', 't3a.large', 'm6g.large', 'm7g.large', 't3.large', 'm5a.large', 'm6a.large', 'm8g.large', 'm5.large', 'm6i.large', 'm7i.large', 'm7a.large',
    ]);
    const by = Object.fromEntries(nodeTypes.map((o) => [o.instanceType, o]));
    // The figures for a class of 30 (3 nodes each, all five log types).
    expect([by['m5.large'], by['m6a.large'], by['m7g.large'], by['m6g.large'], by['t4g.large']].map((o) => Number(o.perParticipant.perHour.toFixed(3)))).toEqual([
      0.432, 0.403, 0.388, 0.375, 0.345,
    ]);
    expect(by['m5.large']).toMatchObject({ configured: true, difference: { perHour: 0 } });
    expect(by['t3a.large'].difference.perHour).toBeCloseTo(3 * (0.0752 - 0.096), 10);
    expect(by['m7g.large'].unavailable).toMatch(/^arm64: an image of this lab is not confirmed for it/);
    expect(by['m6a.large'].unavailable).toBeUndefined();
    // Burstable: 3 nodes x 2 vCPUs x 70% above the baseline x $0.05 = $0.21 per participant-hour at 100% CPU;
    // dearer than m5a.large ($0.086) above 30% + (0.086 - 0.0752) / (2 * 0.05) = 40.8% average CPU.
    expect(by['t3a.large'].sustainedLoad?.atFullLoadPerParticipant.perHour).toBeCloseTo(0.21, 10);
    expect(by['t3a.large'].sustainedLoad?.breakEvenUtilization).toBeCloseTo(0.408, 10);
    expect(by['m5.large'].sustainedLoad).toBeUndefined();
  });

  test('prices are dated, for us-east-1, and the default region us-west-2 differs', () => {
    const estimate = estimateLabCost(planOf(workshop()));
    expect(estimate.prices).toMatchObject({ region: 'us-east-1', date: '2026-11-26' });
    expect(estimate.region).toBe('us-west-2');
    expect(estimate.regionDiffers).toBe(true);
    expect(estimateLabCost(planOf(workshop({ region: 'us-east-1' }))).regionDiffers).toBe(false);
  });

  test('the workshop\'s node group: assumptions name desiredSize pricing and both usage figures', () => {
    const { assumptions } = estimateLabCost(planOf(workshop()));
    expect(assumptions).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Nodes are priced at nodeGroup\.desiredSize \(3\) x m5\.large.*nodeGroup\.maxSize \(6\)/),
        expect.stringMatching(/ASSUMED 0\.05 GB per cluster-hour with all 5 log types/),
        expect.stringMatching(/ASSUMED 2 GB per participant-day/),
        expect.stringMatching(/standard support \(\$0\.10\/h\).*STANDARD/),
      ]),
    );
  });

  test('a class of one: the single lab\'s figures, on a shared network', () => {
    const estimate = estimateLabCost(planOf(classConfig(1)));
    expect(estimate.participants).toBe(1);
    expect(estimate.hasRoster).toBe(true);
    // 0.10 + 0.288 + 0.009863014 + 0.003287671 + 0.025 + 0.00375 lab, + 0.045 + 0.005 network
    expect(estimate.class.perHour).toBeCloseTo(0.4799006849, 8);
    expect(estimate.perParticipant.perHour).toBeCloseTo(0.4799006849, 8);
  });

  test('a class of 30 on one shared network', () => {
    const estimate = estimateLabCost(planOf(classConfig(30)));
    expect(estimate.participants).toBe(30);
    expect(estimate.hasRoster).toBe(true);
    expect(estimate.items.find((i) => i.item === CostItem.NODES)?.count).toBe(30);
    expect(estimate.items.find((i) => i.item === CostItem.NAT_GATEWAYS)?.count).toBe(1);
    expect(classHourly(estimate, CostItem.EKS_CONTROL_PLANE)).toBeCloseTo(3, 10); // 30 * 0.10
    expect(classHourly(estimate, CostItem.NODES)).toBeCloseTo(8.64, 10); // 30 * 3 * 0.096
    expect(classHourly(estimate, CostItem.NAT_GATEWAYS)).toBeCloseTo(0.045, 10); // one shared NAT gateway
    // 30 * 0.4299006849 + 0.05 = 12.947020547 per hour; * 24 = 310.728493 per day
    expect(estimate.class.perHour).toBeCloseTo(12.947020547, 6);
    expect(estimate.class.perDay).toBeCloseTo(310.728493, 4);
    // 12.947020547 / 30 = 0.4315673516 per hour; * 24 = 10.357616438 per day
    expect(estimate.perParticipant.perHour).toBeCloseTo(0.4315673516, 8);
    expect(estimate.perParticipant.perDay).toBeCloseTo(10.357616438, 6);
    // The NAT gateway's share: 0.045 / 30 = 0.0015 per participant-hour.
    expect(estimate.items.find((i) => i.item === CostItem.NAT_GATEWAYS)?.perParticipant.perHour).toBeCloseTo(0.0015, 10);
  });

  test('shared network against one network per participant', () => {
    const { networkSharing } = estimateLabCost(planOf(classConfig(30)));
    expect(networkSharing.natGatewaysPerNetwork).toBe(1);
    expect(networkSharing.networkCost.perHour).toBeCloseTo(NETWORK_PER_HOUR, 10);
    expect(networkSharing.shared).toMatchObject({ networks: 1, natGateways: 1 });
    expect(networkSharing.separate).toMatchObject({ networks: 30, natGateways: 30 });
    expect(networkSharing.shared.class.perHour).toBeCloseTo(12.947020547, 6); // 30 * 0.4299006849 + 0.05
    expect(networkSharing.separate.class.perHour).toBeCloseTo(14.397020547, 6); // 30 * (0.4299006849 + 0.05)
    expect(networkSharing.savings.perHour).toBeCloseTo(1.45, 8); // 29 * 0.05
    expect(networkSharing.savings.perDay).toBeCloseTo(34.8, 6); // 1.45 * 24
    expect(networkSharing.quotaNotes).toEqual([
      expect.stringMatching(/30 VPCs: the default quota is 5/),
      expect.stringMatching(/30 Elastic IPs .* default quota is 5/),
    ]);
  });

  test('a single lab gains nothing from sharing', () => {
    const { networkSharing } = estimateLabCost(planOf(workshop()));
    expect(networkSharing.separate.networks).toBe(1);
    expect(networkSharing.savings.perHour).toBe(0);
    expect(networkSharing.quotaNotes).toEqual([]);
  });

  test('roster size: the network is spread over more participants', () => {
    const { rosterSizes } = estimateLabCost(planOf(classConfig(7)));
    expect(rosterSizes.map((r) => r.participants)).toEqual([1, 7, 10, 30, 50, 100, 200]);
    // 128 participants fit one network at maxSize 6: a class of 200 in one account takes two.
    expect(rosterSizes.map((r) => r.networksShared)).toEqual([1, 1, 1, 1, 1, 1, 2]);
    const seven = rosterSizes.find((r) => r.participants === 7);
    expect(seven?.classShared.perHour).toBeCloseTo(3.059304794, 6); // 7 * 0.4299006849 + 0.05
    expect(seven?.classSeparate.perHour).toBeCloseTo(3.359304794, 6); // 7 * (0.4299006849 + 0.05)
    expect(seven?.perParticipantShared.perHour).toBeCloseTo(0.4370435420, 8); // 3.059304794 / 7
    const fifty = rosterSizes.find((r) => r.participants === 50);
    expect(fifty?.perParticipantShared.perHour).toBeCloseTo(0.4309006849, 8); // 0.4299006849 + 0.05 / 50
  });

  test('per-az NAT gateways: one per zone in the shared network, N times that unshared', () => {
    const estimate = estimateLabCost(planOf(classConfig(30, { natGateways: 'per-az' })));
    expect(estimate.networkSharing.natGatewaysPerNetwork).toBe(3); // us-west-2a, b, c
    expect(classHourly(estimate, CostItem.NAT_GATEWAYS)).toBeCloseTo(0.135, 10); // 3 * 0.045
    expect(classHourly(estimate, CostItem.NAT_PUBLIC_IPV4)).toBeCloseTo(0.015, 10); // 3 * 0.005
    expect(estimate.class.perHour).toBeCloseTo(13.047020547, 6); // 30 * 0.4299006849 + 3 * 0.05
    expect(estimate.networkSharing.separate).toMatchObject({ networks: 30, natGateways: 90 });
    expect(estimate.networkSharing.separate.class.perHour).toBeCloseTo(17.397020547, 6); // 30 * (0.4299006849 + 0.15)
    expect(estimate.networkSharing.savings.perHour).toBeCloseTo(4.35, 8); // 29 * 0.15
  });

  test('per-az NAT gateways follow the number of zones', () => {
    const estimate = estimateLabCost(planOf(workshop({ natGateways: 'per-az', availabilityZones: ['us-west-2a', 'us-west-2b'] })));
    expect(classHourly(estimate, CostItem.NAT_GATEWAYS)).toBeCloseTo(0.09, 10); // 2 * 0.045
    expect(classHourly(estimate, CostItem.NAT_PUBLIC_IPV4)).toBeCloseTo(0.01, 10); // 2 * 0.005
    expect(estimate.class.perHour).toBeCloseTo(0.5299006849, 8); // 0.4299006849 + 2 * 0.05
  });

  test('customer-managed KMS key: one per cluster, $1 per month', () => {
    const single = estimateLabCost(planOf(workshop({ secretsEncryption: 'customer-managed' })));
    expect(classHourly(single, CostItem.KMS_KEY)).toBeCloseTo(0.001369863, 8); // 1 / 730
    expect(single.class.perHour).toBeCloseTo(0.4812705479, 8); // 0.4799006849 + 1 / 730
    const klass = estimateLabCost(planOf(classConfig(30, { secretsEncryption: 'customer-managed' })));
    expect(classHourly(klass, CostItem.KMS_KEY)).toBeCloseTo(0.04109589, 7); // 30 / 730
    expect(klass.assumptions).toContainEqual(expect.stringMatching(/One customer-managed KMS key per cluster/));
  });

  test('log ingestion scales with the enabled log types, and disappears with none', () => {
    const two = estimateLabCost(planOf(workshop({ controlPlaneLogTypes: ['api', 'audit'] })));
    expect(classHourly(two, CostItem.CONTROL_PLANE_LOGS)).toBeCloseTo(0.01, 10); // 0.05 * 2 / 5 * 0.50
    const none = estimateLabCost(planOf(workshop({ controlPlaneLogTypes: [] })));
    expect(classHourly(none, CostItem.CONTROL_PLANE_LOGS)).toBeUndefined();
    expect(none.class.perHour).toBeCloseTo(0.4549006849, 8); // 0.4799006849 - 0.025
    expect(none.assumptions).toContainEqual(expect.stringMatching(/logging is off/));
  });

  test('overrides: nodes, disks and database volumes follow the node group', () => {
    const estimate = estimateLabCost(planOf(
      workshop({
        nodeGroup: { instanceTypes: ['t3.large'], minSize: 2, desiredSize: 2, maxSize: 4, diskSizeGiB: 50 },
        databaseVolumeGiB: 20,
      })),
    );
    expect(classHourly(estimate, CostItem.NODES)).toBeCloseTo(0.1664, 10); // 2 * 0.0832
    expect(classHourly(estimate, CostItem.NODE_ROOT_VOLUMES)).toBeCloseTo(0.010958904, 8); // 2 * 50 * 0.08 / 730
    expect(classHourly(estimate, CostItem.DATABASE_VOLUMES)).toBeCloseTo(0.006575342, 8); // 3 * 20 * 0.08 / 730
    expect(estimate.assumptions).toContainEqual(expect.stringMatching(/^t3\.large: burstable/));
  });

  test('ceiling: maxSize nodes of the dearest listed type', () => {
    const estimate = estimateLabCost(planOf(workshop({ nodeGroup: { instanceTypes: ['m5.large', 'm7i.large'] } })));
    // Priced at the first type; the ceiling replaces 3 x (0.096 + 30 * 0.08 / 730) by 6 x (0.1008 + 30 * 0.08 / 730):
    // 0.4799006849 - 3 * 0.096 + 6 * 0.1008 + 3 * 30 * 0.08 / 730 = 0.4799006849 + 0.3168 + 0.0098630137 = 0.8065636986
    expect(classHourly(estimate, CostItem.NODES)).toBeCloseTo(0.288, 10);
    expect(estimate.nodeCeiling).toMatchObject({ nodes: 6, instanceType: 'm7i.large' });
    expect(estimate.nodeCeiling.class.perHour).toBeCloseTo(0.8065636986, 8);
    expect(estimate.assumptions).toContainEqual(expect.stringMatching(/fallback types: m7i\.large/));
  });

  test('rejects an instance type the price list does not know, naming the field and the known types', () => {
    expect(() => estimateLabCost(planOf(workshop({ nodeGroup: { instanceTypes: ['r5.large'] } })))).toThrow(CostEstimateError);
    expect(() => estimateLabCost(planOf(workshop({ nodeGroup: { instanceTypes: ['r5.large'] } })))).toThrow(
      /^nodeGroup\.instanceTypes\[0\] \("r5\.large"\) has no price in the cost table \(us-east-1, 2026-11-26\); it knows m5\.large, m6i\.large, m7i\.large, m5a\.large, m6a\.large, m7a\.large, m6g\.large, m7g\.large, m8g\.large, t3\.large, t3a\.large, t4g\.large:/,
    );
  });

  test('rejects an unknown fallback type too: the ceiling needs its price', () => {
    expect(() => estimateLabCost(planOf(workshop({ nodeGroup: { instanceTypes: ['m5.large', 'c5.large', 'r5.large'] } })))).toThrow(
      /nodeGroup\.instanceTypes\[1\] \("c5\.large"\), nodeGroup\.instanceTypes\[2\] \("r5\.large"\) have no price/,
    );
  });

  test('uses the price list and usage it is given', () => {
    const estimate = estimateLabCost(planOf(workshop()), {
      usage: { controlPlaneLogGBPerClusterHour: 0.2, natDataGBPerParticipantDay: 24 },
    });
    expect(classHourly(estimate, CostItem.CONTROL_PLANE_LOGS)).toBeCloseTo(0.1, 10); // 0.2 * 0.50
    expect(classHourly(estimate, CostItem.NAT_DATA_PROCESSING)).toBeCloseTo(0.045, 10); // 24 / 24 * 0.045
  });
});
