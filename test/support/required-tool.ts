import { appendFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The one way a check says it cannot run here (issue 18: CI must not pass by skipping).
 *
 * Two kinds of "cannot run", and they are treated differently on purpose:
 *
 * - A **required tool** is missing (terraform, the provider mirror, moto, the AWS CLI, openssl): the
 *   machine could have it, and CI's machine must. Under CI ({@link isCi}) {@link requireTool} throws,
 *   naming the tool and how to get it, so the suite fails; on a contributor's machine it prints a loud
 *   `!!! SKIPPED` line, registers the skip for the end-of-run list and the caller uses
 *   `describe.skip`/`test.skip`.
 * - A **known gap** ({@link knownGap}) is something no machine of this kind can do, whoever sets it up
 *   (the workloads stacks cannot be planned offline: no kubernetes or random provider binary exists
 *   here). It is never a failure, under CI or not, but it is printed and registered with its reason, so
 *   every run's end-of-run list says what was not checked.
 *
 * A tool that is configured but broken (`TERRAFORM_BIN` pointing nowhere, a `TF_PROVIDER_MIRROR` without
 * the AWS provider, an unusable `MOTO_SERVER`) is neither: the discovery throws, in every environment.
 *
 * Skips reach the end-of-run list (`test/support/skip-reporter.cjs`) through a file under the folder
 * the reporter names in {@link SKIP_REPORT_DIR_ENV}.
 */

/** A tool this machine lacks: what it is, why it was not found, how to get it. */
export interface MissingTool {
  readonly available: false;
  /** The tool as a reader knows it: `terraform`, `moto`, `the AWS CLI`, `openssl`, ... */
  readonly tool: string;
  /** What was looked for and not found. */
  readonly reason: string;
  /** How to get it (a command, or where to put it). */
  readonly install: string;
}

/** What a discovery found: the tool (anything with `available: true`), or a {@link MissingTool}. */
export type Discovery<T extends { readonly available: true }> = T | MissingTool;

/** The variable the skip reporter sets to the folder that collects this run's skip records. */
export const SKIP_REPORT_DIR_ENV = 'LAB_SKIP_REPORT_DIR';

/**
 * Whether this run is CI: the environment variable `CI` is set to anything but an empty string,
 * `false` or `0` (GitHub Actions, most CI services and `.ci/run` set `CI=true`). The skip reporter
 * (`test/support/skip-reporter.cjs`) applies the same rule.
 */
export function isCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = (env.CI ?? '').trim().toLowerCase();
  return value !== '' && value !== 'false' && value !== '0';
}

/** Thrown under CI when a check's tool is missing: the suite fails, naming the tool and how to get it. */
export class RequiredToolMissing extends Error {
  public override readonly name = 'RequiredToolMissing';
}

/**
 * Thrown by a discovery when a tool is configured but does not work (`TERRAFORM_BIN` pointing nowhere,
 * a `TF_PROVIDER_MIRROR` without the AWS provider, an unusable `MOTO_SERVER`): an error in every
 * environment, CI or not, never a skip.
 */
export class MisconfiguredTool extends Error {
  public override readonly name = 'MisconfiguredTool';
}

/** One entry of the end-of-run list. */
export interface SkipRecord {
  /** `missing-tool`: skipped here, a failure under CI. `known-gap`: cannot run on this machine kind. */
  readonly kind: 'missing-tool' | 'known-gap';
  /** The test file that registered it (absolute), when known. */
  readonly file?: string;
  /** What was not checked. */
  readonly what: string;
  /** Why. */
  readonly reason: string;
}

/** The test file jest is running in this module registry, if any. */
function currentTestFile(): string | undefined {
  const jestExpect = (globalThis as { expect?: { getState?: () => { testPath?: string } } }).expect;
  return jestExpect?.getState?.().testPath;
}

/** Appends `record` to this process's file in the reporter's folder (nothing when no reporter listens). */
function register(record: SkipRecord, env: NodeJS.ProcessEnv): void {
  const dir = env[SKIP_REPORT_DIR_ENV];
  if (dir === undefined || dir === '') return;
  appendFileSync(path.join(dir, `${process.pid}.jsonl`), `${JSON.stringify(record)}\n`);
}

/** One line per missing tool: `<tool>: <reason>; get it: <install>`. */
function describeMissing(missing: readonly MissingTool[]): string {
  return missing.map((m) => `${m.tool}: ${m.reason}; get it: ${m.install}`).join('; ');
}

/**
 * Every discovery in `discoveries` found its tool: true. Otherwise, under CI, throws a
 * {@link RequiredToolMissing} naming each missing tool and how to get it; outside CI prints
 * `!!! SKIPPED: <what> (...)`, registers the skip and returns false (the caller skips `what`).
 *
 * @param what the checks that need the tools, as the skip line and the failure name them
 */
export function requireTools(
  what: string,
  discoveries: ReadonlyArray<{ readonly available: true } | MissingTool>,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  const missing = discoveries.filter((d): d is MissingTool => !d.available);
  if (missing.length === 0) return true;
  const reason = describeMissing(missing);
  if (isCi(env)) {
    throw new RequiredToolMissing(
      `${what} cannot run: ${reason}. Under CI (CI=${env.CI}) a missing tool fails the run; without CI these checks would be skipped.`,
    );
  }
  console.warn(`\n!!! SKIPPED: ${what} (${reason})\n`);
  register({ kind: 'missing-tool', file: currentTestFile(), what, reason }, env);
  return false;
}

/**
 * The tool `discovery` found, or (see {@link requireTools}) a failure under CI and `undefined`, after a
 * loud, registered skip, elsewhere.
 */
export function requireTool<T extends { readonly available: true }>(what: string, discovery: Discovery<T>, env: NodeJS.ProcessEnv = process.env): T | undefined {
  return requireTools(what, [discovery], env) ? (discovery as T) : undefined;
}

/**
 * Something no machine of this kind can check, whatever is installed: printed and registered for the
 * end-of-run list, under CI too, and never a failure. Not for a tool that could be installed: that is
 * {@link requireTool}'s.
 */
export function knownGap(what: string, reason: string, env: NodeJS.ProcessEnv = process.env): void {
  console.warn(`!!! SKIPPED: ${what}: ${reason} (a known gap: skipped under CI too)`);
  register({ kind: 'known-gap', file: currentTestFile(), what, reason }, env);
}

/** The first `binary` on `pathVar` (a PATH), or undefined: where every discovery looks for a tool. */
export function findOnPath(binary: string, pathVar: string): string | undefined {
  return pathVar
    .split(path.delimiter)
    .filter(Boolean)
    .map((dir) => path.join(dir, binary))
    .find((candidate) => existsSync(candidate));
}
