/**
 * `npm run roster [-- --format json|csv] [--handout DIR]`: the roster summary of the configured lab or
 * class (cluster names, regions, the `aws eks update-kubeconfig` command per participant), computed
 * from the configuration alone, so it can be printed and mailed before, during or after deploy. With
 * `--handout DIR` it writes instead one Markdown handout per lab, `DIR/<participant id>.md` (for a
 * single lab `DIR/<labName>.md`): the learner path (lib/fleet/learner-path.ts) with that lab's cluster
 * and commands, and prints the files it wrote.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { cdktfJsonLabContext, describeConfiguration, describeRejection, LabConfigError } from '../lib/config/load-lab-config';
import { learnerAccess, learnerPathMarkdown } from '../lib/fleet/learner-path';
import type { LabPlan } from '../lib/plan/lab-plan';
import { loadDeployableLabPlan } from '../lib/cost/load-deployable-lab-plan';
import { rosterSummary, rosterSummaryCsv } from '../lib/fleet/roster-summary';

const USAGE = 'usage: npm run roster -- [--format json|csv] [--handout DIR]';

const HELP = `Prints the roster of the configured lab or class, from the configuration alone (no AWS call):
per participant the cluster, the stacks, the update-kubeconfig command, the commands that deploy,
reset and destroy their lab, and the IAM policy their principal needs.

  --format json|csv   JSON (default), or CSV for a mail merge
  --handout DIR       write one Markdown handout per participant into DIR instead (created if missing)
  --help              print this help

Exit codes: 0 printed or written, 1 the configuration is rejected, 2 bad arguments or DIR cannot be written.
`;

/** Writes one handout per lab of `plan` into `dir` (created if missing); returns the files written. */
export function writeHandouts(plan: LabPlan, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  return learnerAccess(plan).map((access) => {
    const file = path.join(dir, `${access.title}.md`);
    writeFileSync(file, learnerPathMarkdown(plan, access));
    return file;
  });
}

/** Where the CLI reads and writes; injectable for tests. */
export interface RosterCliDeps {
  /** Environment (LAB_CONFIG, ...). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Directory a relative LAB_CONFIG is resolved against. */
  readonly cwd: string;
  /** Standard output. */
  readonly out: (text: string) => void;
  /** Standard error. */
  readonly err: (text: string) => void;
}

/** Runs the CLI; returns the exit code (0 printed, 1 bad configuration, 2 bad arguments or a handout folder that cannot be written). */
export function runRoster(argv: readonly string[], deps: RosterCliDeps): number {
  let format = 'json';
  let handout: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--format' && i + 1 < argv.length) format = argv[++i];
    else if (arg.startsWith('--format=')) format = arg.slice('--format='.length);
    else if (arg === '--handout' && i + 1 < argv.length) handout = argv[++i];
    else if (arg.startsWith('--handout=')) handout = arg.slice('--handout='.length);
    else if (arg === '--help' || arg === '-h') {
      deps.out(`${USAGE}\n\n${HELP}`);
      return 0;
    } else {
      deps.err(`roster: unknown argument ${JSON.stringify(arg)}; ${USAGE}\n`);
      return 2;
    }
  }
  if (format !== 'json' && format !== 'csv') {
    deps.err(`roster: --format (${JSON.stringify(format)}) must be json or csv\n`);
    return 2;
  }
  if (handout !== undefined && handout.trim() === '') {
    deps.err(`roster: --handout needs a folder to write the handouts into; ${USAGE}\n`);
    return 2;
  }
  try {
    const loaded = loadDeployableLabPlan({ context: cdktfJsonLabContext(deps.cwd), env: deps.env, cwd: deps.cwd });
    // On stderr: stdout carries the JSON or CSV and nothing else.
    deps.err(`${describeConfiguration(loaded)}\n`);
    if (handout !== undefined) {
      const dir = path.resolve(deps.cwd, handout);
      let files: string[];
      try {
        files = writeHandouts(loaded.plan, dir);
      } catch (error) {
        const { code, message, path: where } = error as NodeJS.ErrnoException;
        deps.err(`roster: cannot write the handouts into ${dir} (--handout): ${code ?? message}${where === undefined || where === dir ? '' : ` at ${where}`}\n`);
        return 2;
      }
      for (const file of files) deps.out(`${file}\n`);
      return 0;
    }
    const summary = rosterSummary(loaded.plan);
    // CSV has no room for notes: what participants need from IAM goes to stderr, beside the configuration line.
    if (format === 'csv' && summary.participantAccess !== undefined) deps.err(`${summary.participantAccess}\n`);
    deps.out(format === 'csv' ? rosterSummaryCsv(summary) : `${JSON.stringify(summary, null, 2)}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof LabConfigError)) throw error;
    deps.err(`${describeRejection(error)}\n${error.message}\n`);
    return 1;
  }
}

if (require.main === module) {
  process.exitCode = runRoster(process.argv.slice(2), {
    env: process.env,
    cwd: process.cwd(),
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
  });
}
