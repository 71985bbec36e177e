import { BUDGET_LIMITS } from '../config/lab-config';
import { ClassMode, LabPlan } from '../plan/lab-plan';
import { estimateLabCost } from './estimate-lab-cost';

/**
 * Share of a day a leftover must bill before its threshold is crossed: a lab or network left running
 * for at least half of a day after the class alerts that day (and every later one it bills whole).
 */
export const LEFTOVER_DAY_SHARE = 0.5;

/** An alert the budget guard adds so that one leftover of a kind crosses a threshold. */
export interface LeftoverThreshold {
  /** What it catches, as the docs and the estimate say it: `one leftover lab`, `a leftover network`. */
  readonly what: string;
  /** What that leftover bills in a day, US dollars (the estimate's figure). */
  readonly perDayUsd: number;
  /** The threshold, US dollars of actual cost in the budget's day (an ABSOLUTE_VALUE notification). */
  readonly thresholdUsd: number;
}

/** What the after-expiry budget of `plan` watches and the thresholds it adds, computed in one place. */
export interface BudgetThresholds {
  /** The budget's daily limit: one day of what it watches, US dollars. */
  readonly dailyLimitUsd: number;
  /** The configured thresholds, percent of the limit. */
  readonly percents: readonly number[];
  /** The leftover thresholds the configured percentages would miss, smallest first. */
  readonly leftovers: readonly LeftoverThreshold[];
}

/**
 * The thresholds of the after-expiry budget of `plan`. Its limit is one day of everything it watches
 * (the class, or one participant's account), so the configured percentages scale with the class: at
 * 10% of a class of 30 one leftover lab is 3.3% and never alerts, in a class of 200 it is 0.5%, and a
 * leftover shared network ($1.20 a day) is less still. Each kind of leftover, one lab and one network,
 * gets a threshold of {@link LEFTOVER_DAY_SHARE} of its day in dollars, unless a configured percentage
 * already lies at or below that. Absolute thresholds, because a percentage of a class of 200 would need
 * fractions of a percent.
 *
 * @see https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_budgets_Notification.html (ThresholdType ABSOLUTE_VALUE)
 */
export function budgetThresholds(plan: LabPlan): BudgetThresholds {
  const estimate = estimateLabCost(plan);
  const percents = plan.config.budget.thresholdPercents;
  const dailyLimitUsd = plan.mode === ClassMode.ACCOUNT_PER_PARTICIPANT ? estimate.perParticipant.perDay : estimate.class.perDay;
  const lowestConfiguredUsd = (Math.min(...percents) / 100) * dailyLimitUsd;
  const kinds = [
    { what: 'one leftover lab', perDayUsd: estimate.perAdditionalParticipant.perDay },
    { what: 'a leftover network', perDayUsd: estimate.networkSharing.networkCost.perDay },
  ];
  const leftovers = kinds
    // Cents, rounded down: the leftover always crosses it after the share of its day.
    .map((k) => ({ ...k, thresholdUsd: Math.floor(k.perDayUsd * LEFTOVER_DAY_SHARE * 100) / 100 }))
    .filter((k) => k.thresholdUsd < lowestConfiguredUsd)
    .sort((a, b) => a.thresholdUsd - b.thresholdUsd);
  return { dailyLimitUsd, percents, leftovers };
}

/**
 * The problem when the configured thresholds and the leftover thresholds the guard adds need more
 * notifications than AWS Budgets allows per budget. Undefined when they fit, or the budget is off.
 */
export function thresholdCountProblem(plan: LabPlan): string | undefined {
  if (!plan.config.budget.enabled) return undefined;
  const { percents, leftovers } = budgetThresholds(plan);
  if (percents.length + leftovers.length <= BUDGET_LIMITS.notifications) return undefined;
  return (
    `budget.thresholdPercents (${percents.join(', ')}) leaves no room for the ${leftovers.length} leftover threshold${leftovers.length === 1 ? '' : 's'} ` +
    `the guard adds (${leftovers.map((l) => `${l.what}: $${l.thresholdUsd.toFixed(2)}`).join(', ')}): AWS Budgets allows ${BUDGET_LIMITS.notifications} notifications per budget; ` +
    `list at most ${BUDGET_LIMITS.notifications - leftovers.length} thresholds`
  );
}
