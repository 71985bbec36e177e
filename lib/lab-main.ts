import type { App } from 'cdktf';
import { describeConfiguration, LabConfigError } from './config/load-lab-config';
import { loadDeployableLabPlan } from './cost/load-deployable-lab-plan';
import type { LabPlan } from './plan/lab-plan';
import { AppOutput } from './private/app-output';

/** What {@link runLabMain} reads and where it writes; main.ts passes the process's own. */
export interface LabMainOptions {
  /** The cdktf app to define the stacks in (its context holds cdktf.json's `lab`). */
  readonly app: App;
  /** Environment the configuration is read from. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Project folder (lab.yaml, relative LAB_CONFIG paths). @default process.cwd() */
  readonly cwd?: string;
  /** Where notices, warnings and a rejected configuration go. @default - stdout */
  readonly output?: AppOutput;
}

/**
 * What `cdktf synth` runs (main.ts): reads the configuration, says which one it is and resolves its
 * plan, then defines and synthesizes the stacks; a rejected configuration is printed (each problem once) and nothing is
 * written. The stacks' modules are loaded only once the configuration is valid: they pull in the
 * provider resource classes, most of a synth's start-up time, which a rejected configuration should
 * not wait for.
 *
 * @returns the exit code: 0, or 1 for a rejected configuration
 */
export function runLabMain(options: LabMainOptions): number {
  const output = options.output ?? new AppOutput();
  let plan: LabPlan;
  try {
    const loaded = loadDeployableLabPlan({ context: options.app.node.tryGetContext('lab'), env: options.env, cwd: options.cwd });
    output.notice(describeConfiguration(loaded));
    loaded.warnings.forEach((warning) => output.warning(warning));
    plan = loaded.plan;
  } catch (error) {
    if (!(error instanceof LabConfigError)) throw error;
    output.rejected(error);
    return 1;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { synthLabApp } = require('./lab-app') as typeof import('./lab-app');
  synthLabApp(options.app, plan);
  return 0;
}
