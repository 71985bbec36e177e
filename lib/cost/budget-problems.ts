import type { LabPlan } from '../plan/lab-plan';
import { CostEstimateError, estimateLabCost } from './estimate-lab-cost';
import { thresholdCountProblem } from './leftover-thresholds';

/**
 * What keeps the budget guard of `plan` from being built: its daily limit is the estimate's figure,
 * so every instance type must have a price; and its notifications, the configured and the leftover
 * ones, must fit AWS Budgets' limit. Empty when the budget is off or can be built.
 */
export function budgetProblems(plan: LabPlan): string[] {
  if (!plan.config.budget.enabled) return [];
  try {
    estimateLabCost(plan);
    const tooMany = thresholdCountProblem(plan);
    return tooMany === undefined ? [] : [tooMany];
  } catch (error) {
    if (!(error instanceof CostEstimateError)) throw error;
    return [`budget.enabled (true) needs the estimate's daily cost: ${error.message}; or set budget.enabled: false`];
  }
}
