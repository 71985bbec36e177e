import { describeSource, LabConfigError, loadLabConfig, LoadedLabConfig, LoadLabConfigOptions } from '../config/load-lab-config';
import type { LabPlan } from './lab-plan';
import { resolveLab } from './resolve-lab';

/** A loaded configuration, its plan, and the warnings the instructor should see. */
export interface LoadedLabPlan extends LoadedLabConfig {
  /** The plan of the lab or class. */
  readonly plan: LabPlan;
}

/**
 * What every command starts with: the configuration read as `cdktf synth` reads it
 * ({@link loadLabConfig}), validated, and resolved into its plan.
 *
 * @throws LabConfigError listing every problem, before anything is written
 */
export function loadLabPlan(options: LoadLabConfigOptions = {}): LoadedLabPlan {
  const loaded = loadLabConfig(options);
  let plan: LabPlan;
  try {
    plan = resolveLab(loaded.config);
  } catch (error) {
    if (!(error instanceof LabConfigError)) throw error;
    throw error.from(describeSource(loaded.source));
  }
  return { ...loaded, plan, warnings: [...loaded.warnings, ...plan.warnings] };
}
