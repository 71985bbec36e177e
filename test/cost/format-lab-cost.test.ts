import { planOf } from '../support/fixtures';
import { LabConfig } from '../../lib/config/lab-config';
import { parseLabConfig } from '../../lib/config/load-lab-config';
import { estimateLabCost } from '../../lib/cost/estimate-lab-cost';
import { formatLabCost, priceCaveat } from '../../lib/cost/format-lab-cost';

/** A class of `count` participants (valid roster, expiry date set) with `overrides` applied. */
function classConfig(count: number, overrides: Record<string, unknown> = {}): LabConfig {
  return parseLabConfig({
    expiresOn: '2026-12-31',
    roster: {
      participants: Array.from({ length: count }, (_, i) => ({ id: `p${i + 1}`, principalArn: `arn:aws:iam::123456789012:role/p${i + 1}` })),
    },
    ...overrides,
  });
}

/** The defaults before issue 21: the workshop's node group and every control-plane log type. */
const WORKSHOP = { nodeGroup: { instanceTypes: ['m5.large'] }, controlPlaneLogTypes: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'] };

const OTHER_REGION_CAVEAT = 'prices are us-east-1 list prices of 2026-11-26; other regions differ (often 5-20% more)';

describe('formatLabCost', () => {
  test('defaults: a single lab in us-west-2 carries the date and region caveat', () => {
    const text = formatLabCost(estimateLabCost(planOf(parseLabConfig({}))));
    expect(text).toContain(OTHER_REGION_CAVEAT);
    expect(text).toMatch(/^Cost estimate: a single lab \(1 participant, its own network\), region us-west-2$/m);
    // Total: 0.4075006849 per hour, 9.780016438 per day (t3a.large, three log types), for the participant and the lab alike.
    expect(text).toMatch(/^Total +0\.4075 +9\.78$/m);
    // A single lab has no class: one pair of columns, headed the lab.
    expect(text).not.toContain('whole class');
    expect(text).toMatch(/^ +the lab$/m);
    expect(text).toMatch(/^Nodes \(EC2\) +3 x t3a\.large x \$0\.0752\/h, x 1 lab +0\.2256 +5\.41$/m);
    expect(text).toMatch(/^CloudWatch Logs ingestion \* +0\.03 GB\/h \(assumed, 3\/5 log types\)/m);
    expect(text).toContain('a single lab has a network of its own');
    expect(text).toContain('ASSUMED 0.05 GB per cluster-hour');
    expect(text).toContain('ASSUMED 2 GB per participant-day');
    expect(text).toMatch(/^Not included:\n {2}- CloudWatch Logs storage/m);
  });

  test('the node types of equal capability, cheapest first: the configured one starred, burstable and Graviton caveats said', () => {
    const text = formatLabCost(estimateLabCost(planOf(classConfig(30))));
    expect(text).toMatch(/^Node types of the same vCPUs and memory \(the node-fit test's capacity\), per participant, cheapest first:$/m);
    expect(text).toMatch(/^ {4}t4g\.large +\$0\.3352\/h +saves \$0\.0240\/h +arm64; burstable: .*; not for this lab \(arm64: an image of this lab is not confirmed for it\)$/m);
    expect(text).toMatch(/^ {2}\* t3a\.large +\$0\.3592\/h +configured +amd64; burstable: at 100% CPU around the clock \+\$0\.2100\/h in surplus credits, dearer than the cheapest non-burstable type above 41% average CPU$/m);
    expect(text).toMatch(/^ {4}m5\.large +\$0\.4216\/h +adds \$0\.0624\/h +amd64$/m);
  });

  test('us-east-1: the date without the other-regions caveat', () => {
    const estimate = estimateLabCost(planOf(parseLabConfig({ region: 'us-east-1' })));
    expect(priceCaveat(estimate)).toBe('prices are us-east-1 on-demand list prices of 2026-11-26');
    const text = formatLabCost(estimate);
    expect(text).toContain('2026-11-26');
    expect(text).not.toContain('other regions differ');
  });

  test('a class of 30 on the workshop\'s m5.large with every log type: totals, the sharing comparison, quotas and the configured roster size', () => {
    const text = formatLabCost(estimateLabCost(planOf(classConfig(30, WORKSHOP))));
    expect(text).toMatch(/^Cost estimate: a class of 30 participants on one shared network in one account, region us-west-2$/m);
    // 30 * 0.4299006849 + 0.05 = 12.9470205 per hour, 310.73 per day; per participant 0.4316, 10.36
    expect(text).toMatch(/^Total +0\.4316 +10\.36 +12\.9470 +310\.73$/m);
    expect(text).toMatch(/^NAT gateway hours +1 x \$0\.045\/h, x 1 network +0\.0015 +0\.04 +0\.0450 +1\.08$/m);
    // separate: 30 * 0.4799006849 = 14.3970205 per hour, 345.53 per day; saving 29 * 0.05 = 1.45 per hour
    expect(text).toMatch(/one network per participant +30 VPC\(s\) +30 NAT gateway\(s\) +class \$14\.3970\/h \$345\.53\/day/);
    expect(text).toContain('sharing saves $1.4500/h, $34.80/day');
    expect(text).toContain('quota: one network each needs 30 VPCs');
    expect(text).toMatch(/^ +30 +1 +\$10\.36 +\$310\.73 +\$345\.53 {2}<- configured$/m);
    // Ceiling: 30 * (0.4299006849 + 3 * 0.096 + 3 * 30 * 0.08 / 730) + 0.05 = 21.8829 per hour, 525.19 per day
    expect(text).toContain('the class costs up to $21.8829/h, $525.19/day');
  });

  test('customer-managed key and per-az NAT appear as lines', () => {
    const text = formatLabCost(estimateLabCost(planOf(classConfig(2, { secretsEncryption: 'customer-managed', natGateways: 'per-az' }))));
    // 2 / 730 = 0.0027 per hour for the class
    expect(text).toMatch(/^KMS customer-managed key +1 key x \$1\.00\/month, x 2 labs +0\.0014 +0\.03 +0\.0027 +0\.07$/m);
    expect(text).toMatch(/^NAT gateway hours +3 x \$0\.045\/h, x 1 network/m);
    expect(text).toContain('Network sharing (3 NAT gateways per network; one network holds 128 participants at this node group):');
  });
});
