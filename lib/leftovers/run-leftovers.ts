import { parseArgs } from 'node:util';
import { LabConfig } from '../config/lab-config';
import { cdktfJsonLabContext, loadLabConfig } from '../config/load-lab-config';
import type { FindLeftoversOptions, LeftoverClients } from './find-leftovers';
import type { LeftoverReport } from './leftover-report';
import { errorParts } from './leftovers-query-error';

/** Exit codes of `npm run leftovers`. */
export enum LeftoversExitCode {
  /** Nothing tagged for the lab is left. */
  CLEAN = 0,
  /** Something is left (the report lists it). */
  LEFTOVERS = 1,
  /** The check could not run: bad arguments or configuration, or an AWS error (credentials, permissions). */
  CANNOT_CHECK = 2,
}

/** Where the command writes. */
export interface LeftoversOutput {
  /** Writes text as is (no newline added). */
  write(text: string): unknown;
}

/** What `runLeftovers` reads from and writes to; tests inject all of it. */
export interface RunLeftoversDeps {
  /** Creates the AWS clients for the configuration's region. */
  readonly createClients: (region: string) => LeftoverClients;
  /** Environment the configuration is read from (`LAB_CONFIG`, `AWS_REGION`, ...). @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Directory with `cdktf.json` and relative `LAB_CONFIG` paths. @default process.cwd() */
  readonly cwd?: string;
  /** Where the report goes. @default process.stdout */
  readonly stdout?: LeftoversOutput;
  /** Where errors go (with `--json` they go to stdout as JSON). @default process.stderr */
  readonly stderr?: LeftoversOutput;
}

/** Usage text of `npm run leftovers`. */
export const LEFTOVERS_USAGE = `Usage: npm run leftovers -- [--participant <id>] [--json]

Lists every AWS resource still tagged for the lab (per participant, and what a class shares) after
\`cdktf destroy\`, with how to remove each. Reads the configuration like \`cdktf synth\` does
(cdktf.json context "lab", LAB_CONFIG, AWS_REGION, LAB_NAME, ...) and uses the usual AWS credentials.

  --participant <id>  check one participant of the roster only
  --json              print the report as JSON
  --help              print this help

Exit codes: 0 nothing left, 1 something left, 2 cannot check (configuration or AWS error).
`;

/**
 * The `npm run leftovers` command: reads the configuration, queries AWS, prints the report and
 * returns the exit code ({@link LeftoversExitCode}). Never throws: every failure is printed and
 * returned as CANNOT_CHECK.
 */
export async function runLeftovers(argv: readonly string[], deps: RunLeftoversDeps): Promise<LeftoversExitCode> {
  const stdout = deps.stdout ?? process.stdout;
  const stderr = deps.stderr ?? process.stderr;

  let args: { participant?: string; json?: boolean; help?: boolean };
  try {
    args = parseArgs({
      args: [...argv],
      options: { participant: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    stderr.write(`leftovers: ${errorParts(error).message}\n\n${LEFTOVERS_USAGE}`);
    return LeftoversExitCode.CANNOT_CHECK;
  }
  if (args.help) {
    stdout.write(LEFTOVERS_USAGE);
    return LeftoversExitCode.CLEAN;
  }
  const fail = (message: string): LeftoversExitCode => {
    if (args.json) stdout.write(`${JSON.stringify({ error: message }, null, 2)}\n`);
    else stderr.write(`Cannot check for leftovers: ${message}\n`);
    return LeftoversExitCode.CANNOT_CHECK;
  };

  const cwd = deps.cwd ?? process.cwd();
  let config: LabConfig;
  try {
    config = loadLabConfig({ context: cdktfJsonLabContext(cwd), env: deps.env ?? process.env, cwd }).config;
  } catch (error) {
    return fail(errorParts(error).message);
  }

  // Loaded only now: the SDK is most of the command's start-up time, and a usage or configuration
  // error should not wait for it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { findLeftovers, participantProblem } = require('./find-leftovers') as typeof import('./find-leftovers');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { formatLeftovers } = require('./format-leftovers') as typeof import('./format-leftovers');

  const options: FindLeftoversOptions = args.participant === undefined ? {} : { participantId: args.participant };
  if (args.participant !== undefined) {
    const problem = participantProblem(config, args.participant);
    if (problem !== undefined) return fail(`--participant ${problem}`);
  }

  let report: LeftoverReport;
  try {
    report = await findLeftovers(config, deps.createClients(config.region), options);
  } catch (error) {
    const where = `lab ${config.labName} in ${config.region}`;
    return fail(`${where}: ${errorParts(error).message}`);
  }
  stdout.write(args.json ? `${JSON.stringify(report, null, 2)}\n` : formatLeftovers(report));
  return report.total === 0 ? LeftoversExitCode.CLEAN : LeftoversExitCode.LEFTOVERS;
}
