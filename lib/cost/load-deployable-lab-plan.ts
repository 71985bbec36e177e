import { describeSource, LabConfigError, LoadLabConfigOptions } from '../config/load-lab-config';
import { LoadedLabPlan, loadLabPlan } from '../plan/load-lab-plan';
import { budgetProblems } from './budget-problems';

/**
 * What every command starts with: {@link loadLabPlan}, and then the problems that need the cost
 * layer (the budget guard's limit is priced from the estimate, and its notifications must fit AWS
 * Budgets' limit). So a configuration `cdktf synth` would reject is rejected by `estimate`, `roster`,
 * `preflight`, `verify`, `leftovers` and `class` as well, with the same message, before anything is
 * written or asked.
 *
 * @throws LabConfigError listing every problem
 */
export function loadDeployableLabPlan(options: LoadLabConfigOptions = {}): LoadedLabPlan {
  const loaded = loadLabPlan(options);
  const problems = budgetProblems(loaded.plan);
  if (problems.length > 0) throw new LabConfigError(problems, describeSource(loaded.source));
  return loaded;
}
