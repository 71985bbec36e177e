/**
 * `npm run estimate`: what the configured lab or class costs per hour and per day, before deploying.
 * Reads the configuration as `cdktf synth` does (cdktf.json context `lab`, `LAB_CONFIG`, environment).
 *
 * Usage: npm run estimate [-- --json]
 * Exit codes: 0 printed, 1 invalid or unpriceable configuration, 2 bad command line.
 */
import { cdktfJsonLabContext, describeConfiguration, describeRejection, LabConfigError } from '../lib/config/load-lab-config';
import { CostEstimateError, estimateLabCost } from '../lib/cost/estimate-lab-cost';
import { formatLabCost, priceCaveat } from '../lib/cost/format-lab-cost';
import { loadDeployableLabPlan } from '../lib/cost/load-deployable-lab-plan';

/** What {@link runEstimate} reads from and writes to; tests inject their own. */
export interface EstimateDeps {
  /** Environment (`LAB_CONFIG`, `AWS_REGION`, ...). @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Folder holding cdktf.json; a relative `LAB_CONFIG` is resolved against it. @default process.cwd() */
  readonly cwd?: string;
  /** Receives the estimate. @default - process.stdout */
  readonly stdout?: (text: string) => void;
  /** Receives warnings and errors. @default - process.stderr */
  readonly stderr?: (text: string) => void;
}

const USAGE = 'usage: npm run estimate [-- --json]\n  --json  print the estimate as JSON instead of a table\n';

/**
 * Loads the lab configuration, estimates its cost and prints it.
 *
 * @param argv the command-line arguments after the script name
 * @returns the process exit code: 0, 1 (configuration) or 2 (command line)
 */
export function runEstimate(argv: readonly string[], deps: EstimateDeps = {}): number {
  const stdout = deps.stdout ?? ((text: string) => process.stdout.write(text));
  const stderr = deps.stderr ?? ((text: string) => process.stderr.write(text));
  const cwd = deps.cwd ?? process.cwd();
  let json = false;
  for (const arg of argv) {
    if (arg === '--json') {
      json = true;
    } else if (arg === '--help' || arg === '-h') {
      stdout(USAGE);
      return 0;
    } else {
      stderr(`unknown argument ${JSON.stringify(arg)}\n${USAGE}`);
      return 2;
    }
  }
  try {
    const loaded = loadDeployableLabPlan({ context: cdktfJsonLabContext(cwd), env: deps.env ?? process.env, cwd });
    // On stderr: stdout carries the estimate (JSON with --json) and nothing else.
    stderr(`${describeConfiguration(loaded)}\n`);
    loaded.warnings.forEach((warning) => stderr(`WARNING: ${warning}\n`));
    const estimate = estimateLabCost(loaded.plan);
    // Dollar figures to a millionth: enough for any sum, without binary floating-point tails.
    const round = (_key: string, value: unknown) => (typeof value === 'number' ? Number(value.toFixed(6)) : value);
    stdout(json ? `${JSON.stringify({ caveat: priceCaveat(estimate), ...estimate }, round, 2)}\n` : formatLabCost(estimate));
    return 0;
  } catch (error) {
    if (!(error instanceof LabConfigError || error instanceof CostEstimateError)) throw error;
    if (error instanceof LabConfigError) stderr(`${describeRejection(error)}\n`);
    stderr(`${error.message}\n`);
    return 1;
  }
}

if (require.main === module) {
  process.exitCode = runEstimate(process.argv.slice(2));
}
