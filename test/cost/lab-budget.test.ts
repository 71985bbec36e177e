import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Testing } from 'cdktf';
import { loadLabConfig } from '../../lib/config/load-lab-config';
import { estimateLabCost } from '../../lib/cost/estimate-lab-cost';
import { budgetProblems } from '../../lib/cost/budget-problems';
import { destroySchedule } from '../../lib/class/class-workflow';
import { dayAfter } from '../../lib/plan/lab-dates';
import { budgetThresholds, LEFTOVER_DAY_SHARE } from '../../lib/cost/leftover-thresholds';
import { synthLabApp } from '../../lib/lab-app';
import { formatFinding, runGuardrails } from '../guardrails/rules';
import { classConfig, configProblems, labConfig, labPlan, resourcesOf, StackJson, synthLab, planOf } from '../support/fixtures';

const EMAILS = ['instructor@example.com', 'co-instructor@example.org'];
const CLASS = classConfig(3, { budget: { alertEmails: EMAILS } });
/** The input of a class of 3, for configProblems. */
const CLASS_INPUT = {
  expiresOn: '2026-12-31',
  roster: { participants: [1, 2, 3].map((i) => ({ id: `p0${i}`, principalArn: `arn:aws:iam::123456789012:role/p0${i}` })) },
};

/** The one budget of `stack`; fails unless there is exactly one. */
function budgetOf(stack: StackJson) {
  const budgets = Object.entries(resourcesOf(stack, 'aws_budgets_budget'));
  expect(budgets).toHaveLength(1);
  return budgets[0];
}

describe('the budget guard (AWS Budgets, per class in the shared network stack)', () => {
  test('defaults for a class: a daily cost budget of the lab tag in the region from the day after expiresOn, limit one day of the estimate, alerts at 10% and 100%', () => {
    const stacks = synthLab(CLASS);
    const [id, { '//': metadata, ...budget }] = budgetOf(stacks['eks-workshop-network']);
    expect(metadata).toBeDefined();
    const perDay = estimateLabCost(planOf(CLASS)).class.perDay;
    expect(budget).toEqual({
      name: 'eks-workshop-us-west-2-after-expiry',
      budget_type: 'COST',
      time_unit: 'DAILY',
      limit_amount: (Math.ceil(perDay * 100) / 100).toFixed(2),
      limit_unit: 'USD',
      time_period_start: '2027-01-01_00:00', // expiresOn 2026-12-31
      cost_filter: [
        { name: 'TagKeyValue', values: ['user:lab$eks-workshop'] },
        { name: 'Region', values: ['us-west-2'] },
      ],
      cost_types: { include_credit: false, include_refund: false },
      notification: [
        ...[10, 100].map((threshold) => ({ threshold, threshold_type: 'PERCENTAGE' })),
        // A leftover network, half a day of it ($1.20 / 2); 10% of a class of 3 already catches one leftover lab.
        { threshold: 0.6, threshold_type: 'ABSOLUTE_VALUE' },
      ].map((n) => ({ comparison_operator: 'GREATER_THAN', ...n, notification_type: 'ACTUAL', subscriber_email_addresses: EMAILS })),
    });
    // Deleted last: the VPC and the NAT gateway depend on the budget (Terraform destroys dependents first).
    expect(budget.depends_on).toBeUndefined();
    const network = stacks['eks-workshop-network'];
    for (const type of ['aws_vpc', 'aws_nat_gateway']) {
      const resources = Object.values(resourcesOf(network, type)) as { depends_on?: string[] }[];
      expect(resources).not.toHaveLength(0);
      for (const resource of resources) expect(resource.depends_on).toContain(`aws_budgets_budget.${id}`);
    }
    expect(Number(budget.limit_amount)).toBeGreaterThanOrEqual(perDay);
    expect(Number(budget.limit_amount) - perDay).toBeLessThan(0.01);
    expect(id).toMatch(/^Budget/);
    // One budget for the class: the participants' stacks have none.
    for (const name of ['eks-workshop-p01-cluster', 'eks-workshop-p02-cluster', 'eks-workshop-p03-cluster']) {
      expect(resourcesOf(stacks[name], 'aws_budgets_budget')).toEqual({});
    }
  });

  test('overrides: a single lab with the budget on has it in its cluster stack, with the configured thresholds', () => {
    const config = labConfig({ expiresOn: '2026-12-04', budget: { enabled: true, alertEmails: ['me@example.com'], thresholdPercents: [25, 50, 200] } });
    const [, budget] = budgetOf(synthLab(config)['eks-workshop-cluster']);
    expect(budget.time_period_start).toBe('2026-12-05_00:00');
    expect((budget.notification as Array<{ threshold: number; threshold_type: string }>).map((n) => [n.threshold, n.threshold_type])).toEqual([
      [25, 'PERCENTAGE'],
      [50, 'PERCENTAGE'],
      [200, 'PERCENTAGE'],
      [0.6, 'ABSOLUTE_VALUE'], // a leftover network: 25% of the lab's day ($2.45) would miss its $1.20 a day
    ]);
    expect(budget.limit_amount).toBe((Math.ceil(estimateLabCost(planOf(config)).class.perDay * 100) / 100).toFixed(2));
  });

  describe('one leftover lab, and a leftover network, cross a threshold (issue 21)', () => {
    /** The notifications of the class budget, in dollars of the day's cost. */
    const thresholdsUsd = (config: ReturnType<typeof classConfig>) => {
      const [, budget] = budgetOf(synthLab(config)['eks-workshop-network']);
      const limit = Number(budget.limit_amount);
      return (budget.notification as Array<{ threshold: number; threshold_type: string }>).map((n) => (n.threshold_type === 'PERCENTAGE' ? (n.threshold / 100) * limit : n.threshold));
    };

    test.each([30, 200])('a class of %i: before, 10 percent of the class-day was out of reach of one leftover lab and of a leftover network; now each crosses a threshold', (size) => {
      const config = classConfig(size, { budget: { alertEmails: EMAILS }, roster: { eksClusterQuota: 300 } });
      const estimate = estimateLabCost(planOf(config));
      const labDay = estimate.perAdditionalParticipant.perDay;
      const networkDay = estimate.networkSharing.networkCost.perDay;
      // The configured percentages alone: one lab is 1/30 or 1/200 of the limit, below 10%.
      expect(labDay / estimate.class.perDay).toBeLessThan(0.1);
      const thresholds = thresholdsUsd(config);
      // A leftover left for the whole day, or half of it, crosses the smallest threshold.
      expect(Math.min(...thresholds)).toBeLessThan(labDay * LEFTOVER_DAY_SHARE);
      expect(Math.min(...thresholds)).toBeLessThan(networkDay * LEFTOVER_DAY_SHARE + 0.005);
      expect(thresholds.filter((t) => t < labDay * LEFTOVER_DAY_SHARE + 0.005)).toHaveLength(2); // the lab's own and the network's
      const { leftovers } = budgetThresholds(planOf(config));
      expect(leftovers.map((l) => [l.what, l.thresholdUsd])).toEqual([
        ['a leftover network', 0.6],
        ['one leftover lab', Math.floor(labDay * 50) / 100],
      ]);
      // Still 4 notifications of the 5 AWS Budgets allows.
      expect(thresholds).toHaveLength(4);
    });

    test('a participant in their own account: the 10% of their own day already catches a leftover lab; the leftover network gets its own', () => {
      const config = classConfig(2, {
        budget: { alertEmails: EMAILS },
        roster: {
          participants: [
            { id: 'ana', principalArn: 'arn:aws:iam::111111111111:role/ana', accountId: '111111111111' },
            { id: 'ben', principalArn: 'arn:aws:iam::222222222222:role/ben', accountId: '222222222222' },
          ],
        },
      });
      expect(budgetThresholds(planOf(config)).leftovers.map((l) => l.what)).toEqual(['a leftover network']);
    });

    test('configured thresholds that leave no room for the leftover ones are rejected, naming the field and the limit', () => {
      expect(budgetProblems(labPlan({ ...CLASS_INPUT, budget: { alertEmails: EMAILS, thresholdPercents: [20, 40, 60, 80, 100] } }))).toEqual([
        'budget.thresholdPercents (20, 40, 60, 80, 100) leaves no room for the 2 leftover thresholds the guard adds (a leftover network: $0.60, one leftover lab: $4.29): ' +
          'AWS Budgets allows 5 notifications per budget; list at most 3 thresholds',
      ]);
    });
  });

  test('budget.scope region: the budget counts the region without the tag filter (an Organizations member account without the tag)', () => {
    const config = classConfig(3, { budget: { alertEmails: EMAILS, scope: 'region' } });
    const [, budget] = budgetOf(synthLab(config)['eks-workshop-network']);
    expect(budget.cost_filter).toEqual([{ name: 'Region', values: ['us-west-2'] }]);
    expect(budget.limit_amount).toBe((Math.ceil(estimateLabCost(planOf(config)).class.perDay * 100) / 100).toFixed(2));
  });

  test('off by default for a single lab; a class without alertEmails has none, and the loader says so', () => {
    expect(resourcesOf(synthLab(labConfig())['eks-workshop-cluster'], 'aws_budgets_budget')).toEqual({});
    const quiet = classConfig(2);
    expect(quiet.budget).toEqual({ enabled: false, alertEmails: [], thresholdPercents: [10, 100], scope: 'lab-tag' });
    expect(resourcesOf(synthLab(quiet)['eks-workshop-network'], 'aws_budgets_budget')).toEqual({});
  });

  test('the loader warns about a class without a budget, unless budget.enabled: false says it is meant', () => {
    const warnings = (lab: Record<string, unknown>) => {
      const dir = mkdtempSync(path.join(tmpdir(), 'budget-'));
      try {
        return loadLabConfig({ context: lab, env: {}, cwd: dir, today: new Date('2026-12-01T00:00:00Z') }).warnings.filter((w) => w.startsWith('budget'));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    };
    const roster = { participants: [{ id: 'alice', principalArn: 'arn:aws:iam::123456789012:role/alice' }] };
    expect(warnings({ expiresOn: '2026-12-31', roster })).toEqual([
      'budget.alertEmails is empty, so the class has no budget guard (an AWS Budgets alert when it still costs money after expiresOn): list addresses in budget.alertEmails, or set budget.enabled: false to say so',
    ]);
    expect(warnings({ expiresOn: '2026-12-31', roster, budget: { enabled: false } })).toEqual([]);
    expect(warnings({ expiresOn: '2026-12-31', roster, budget: { alertEmails: EMAILS } })).toEqual([]);
  });

  test('two synths are byte-identical and carry no date but the configured one', () => {
    const synth = () => {
      const outdir = mkdtempSync(path.join(tmpdir(), 'budget-synth-'));
      try {
        synthLabApp(Testing.app({ outdir }), planOf(CLASS));
        return readFileSync(path.join(outdir, 'stacks', 'eks-workshop-network', 'cdk.tf.json'), 'utf8');
      } finally {
        rmSync(outdir, { recursive: true, force: true });
      }
    };
    const first = synth();
    expect(synth()).toBe(first);
    const today = new Date().toISOString().slice(0, 10);
    if (today !== '2027-01-01') expect(first).not.toContain(today);
    expect(first).toContain('2027-01-01_00:00');
  });

  test('a class with the budget passes the guardrails', () => {
    expect(runGuardrails(synthLab(CLASS)).filter((f) => f.severity === 'error').map(formatFinding)).toEqual([]);
  });

  test('the budget starts counting on the day the generated destroy workflow is scheduled', () => {
    const [, budget] = budgetOf(synthLab(CLASS)['eks-workshop-network']);
    expect(budget.time_period_start).toBe(`${destroySchedule(CLASS.expiresOn as string).date}_00:00`);
  });

  test('dayAfter crosses months and years', () => {
    expect([dayAfter('2026-12-31'), dayAfter('2028-02-28'), dayAfter('2026-11-30')]).toEqual(['2027-01-01', '2028-02-29', '2026-12-01']);
  });
});

describe('budgetProblems: the budget needs a price for every instance type', () => {
  const roster = { participants: [{ id: 'alice', principalArn: 'arn:aws:iam::123456789012:role/alice' }] };
  test('an unpriced type is named, with the way out', () => {
    const plan = labPlan({ expiresOn: '2026-12-31', roster, nodeGroup: { instanceTypes: ['x9.huge'] }, budget: { alertEmails: ['a@example.com'] } });
    expect(budgetProblems(plan)).toEqual([
      expect.stringMatching(/^budget\.enabled \(true\) needs the estimate's daily cost: nodeGroup\.instanceTypes\[0\] \("x9\.huge"\) has no price in the cost table .*; or set budget\.enabled: false$/),
    ]);
  });

  test('nothing to say when the budget is off or priced', () => {
    expect(budgetProblems(labPlan({ nodeGroup: { instanceTypes: ['x9.huge'] } }))).toEqual([]);
    expect(budgetProblems(labPlan({ expiresOn: '2026-12-31', roster, budget: { alertEmails: ['a@example.com'] } }))).toEqual([]);
  });
});

describe('budget configuration is validated like every other field', () => {
  test.each([
    [{ budget: { alertEmails: ['not-an-address'] } }, 'budget.alertEmails[0] ("not-an-address") must be an e-mail address such as instructor@example.com'],
    [{ budget: { alertEmails: ['a@example.com', 'A@example.com'] } }, 'budget.alertEmails[1] ("A@example.com") must not repeat an earlier address'],
    [{ budget: { alertEmails: Array.from({ length: 11 }, (_, i) => `p${i}@example.com`) } }, 'AWS Budgets sends to at most 10 addresses per alert'],
    [{ budget: { thresholdPercents: [0] } }, 'budget.thresholdPercents[0] (0) must be >= 1 (percent of a day of the estimate)'],
    [{ budget: { thresholdPercents: [1001] } }, 'budget.thresholdPercents[0] (1001) must be <= 1000 (percent of a day of the estimate)'],
    [{ budget: { thresholdPercents: [50, 50] } }, 'budget.thresholdPercents[1] (50) must not repeat an earlier threshold (AWS rejects duplicate notifications)'],
    [{ budget: { thresholdPercents: [1, 2, 3, 4, 5, 6] } }, 'budget.thresholdPercents ([1,2,3,4,5,6]) AWS Budgets allows at most 5 notifications per budget'],
    [{ budget: { thresholdPercents: [] } }, 'budget.thresholdPercents ([]) must list at least one threshold'],
    [{ budget: { thresholdPercents: ['10'] } }, 'budget.thresholdPercents[0] ("10") must be a number, not a string'],
    [{ budget: { enabled: 'yes' } }, 'budget.enabled ("yes") must be a boolean, not a string'],
    [{ budget: { alertEmail: ['a@example.com'] } }, 'budget.alertEmail: unknown field (did you mean alertEmails?)'],
    [{ expiresOn: '2026-12-31', budget: { enabled: true } }, 'budget.alertEmails (missing) must list at least one address when budget.enabled is true: the budget alerts by e-mail'],
    [{ budget: { enabled: true, alertEmails: ['a@example.com'] } }, 'budget.enabled (true) needs expiresOn (missing): the budget watches what the lab still costs on the days after it'],
  ])('%j is rejected', (input, problem) => {
    expect(configProblems(input)).toContainEqual(typeof problem === 'string' && problem.startsWith('AWS') ? expect.stringContaining(problem) : problem);
  });
});
