import * as path from 'node:path';
import { textTable } from '../operations/text-table';
import { StackKind } from '../plan/stack-plan';
import { StackResult, StackRun } from './class-schedule';
import { ClassVerb, ownersOf, SHARED_OWNER_LABEL } from './class-stacks';

/** A duration for people: `42s`, `3m 07s`, `1h 02m`. */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** What one run of the class runner did. */
export interface ClassReport {
  /** Deploy or destroy. */
  readonly verb: ClassVerb;
  /** One line per stack of the plan, in plan order. */
  readonly runs: readonly StackRun[];
  /** Wall seconds of the whole run (synth and provider installation included). */
  readonly seconds: number;
  /** Where the log files are. */
  readonly logDir: string;
  /** The project folder, to print paths relative to it. */
  readonly projectDir: string;
}

const SUCCESS = new Set([StackResult.DEPLOYED, StackResult.DESTROYED, StackResult.ALREADY_DESTROYED]);

/** Whether every selected stack succeeded: exit 0. */
export function allSucceeded(report: Pick<ClassReport, 'runs'>): boolean {
  return report.runs.every((run) => run.result === StackResult.LEFT_OUT || SUCCESS.has(run.result));
}

/** The participants (or the single lab) with a selected stack that did not succeed, each once. */
export function participantsNotDone(report: Pick<ClassReport, 'runs'>): string[] {
  return ownersOf(report.runs.filter((r) => r.result !== StackResult.LEFT_OUT && !SUCCESS.has(r.result)).map((r) => r.stack));
}

/**
 * The final report: a table of participant, stack, result and duration (a failure's step in the last
 * column), each failure's last error lines and log file, and one summary line with what to do next.
 */
export function formatClassReport(report: ClassReport): string {
  const relative = (file: string) => path.relative(report.projectDir, file) || file;
  const rows = report.runs.map((run) => [
    run.stack.owner ?? SHARED_OWNER_LABEL,
    run.stack.name,
    run.result,
    run.seconds === undefined ? '' : formatDuration(run.seconds),
    run.result === StackResult.FAILED ? `${run.step ?? ''}` : (run.reason ?? ''),
  ]);
  const lines = [textTable(['PARTICIPANT', 'STACK', 'RESULT', 'TIME', 'STEP / WHY'], rows)];
  const failures = report.runs.filter((run) => run.result === StackResult.FAILED);
  if (failures.length > 0) {
    lines.push('', 'Failures:');
    for (const run of failures) {
      lines.push(`  ${run.stack.owner ?? SHARED_OWNER_LABEL} ${run.stack.name}: ${run.step} failed; log ${relative(run.logFile ?? '')}`);
      for (const error of run.errorLines ?? []) lines.push(`      ${error}`);
    }
  }
  const leftOut = report.runs.filter((run) => run.result === StackResult.LEFT_OUT);
  const workloadsLeftOut = leftOut.filter((run) => run.stack.plan.kind === StackKind.WORKLOADS && run.stack.leftOutBy?.startsWith('--kinds'));
  lines.push('', summaryLine(report));
  if (workloadsLeftOut.length > 0) {
    lines.push(`NOTE: ${workloadsLeftOut.length} workloads stack${workloadsLeftOut.length === 1 ? ' was' : 's were'} not run (${workloadsLeftOut[0].stack.leftOutBy}): this run says nothing about them`);
  }
  if (!allSucceeded(report)) {
    lines.push(
      `next: fix the cause (each failure's log is under ${relative(report.logDir)}), then run the same command again: ` +
        (report.verb === ClassVerb.DEPLOY ? 'deployed stacks plan no changes and the rest continue' : 'destroyed stacks are skipped and the rest continue'),
    );
  }
  lines.push(`took ${formatDuration(report.seconds)}; logs in ${relative(report.logDir)}`);
  return `${lines.join('\n')}\n`;
}

/** `deploy: 29/30 participants deployed; FAILED: p07 (apply of k8s-nov-p07-cluster)`. */
export function summaryLine(report: Pick<ClassReport, 'verb' | 'runs'>): string {
  const selected = report.runs.filter((run) => run.result !== StackResult.LEFT_OUT);
  const owners = ownersOf(selected.map((r) => r.stack));
  const notDone = new Set(participantsNotDone(report));
  const verbed = report.verb === ClassVerb.DEPLOY ? 'deployed' : 'destroyed';
  const noun = selected.some((r) => r.stack.plan.participantId !== undefined) ? 'participants' : 'lab';
  const parts = [`${report.verb}: ${owners.filter((o) => !notDone.has(o)).length}/${owners.length} ${noun} ${verbed}`];
  const shared = selected.filter((r) => r.stack.owner === undefined);
  if (shared.length > 0) parts.push(`shared: ${shared.map((r) => `${r.stack.name} ${r.result}${r.result === StackResult.KEPT ? ` (${r.reason})` : ''}`).join(', ')}`);
  const failed = selected.filter((r) => r.result === StackResult.FAILED && r.stack.owner !== undefined);
  if (failed.length > 0) parts.push(`FAILED: ${failed.map((r) => `${r.stack.owner} (${r.step} of ${r.stack.name})`).join(', ')}`);
  const blocked = [...notDone].filter((o) => !failed.some((r) => r.stack.owner === o));
  if (blocked.length > 0) parts.push(`not done: ${blocked.join(', ')}`);
  return parts.join('; ');
}

/** The report for scripts (`--json`). */
export function classReportJson(report: ClassReport): unknown {
  return {
    verb: report.verb,
    ok: allSucceeded(report),
    seconds: Math.round(report.seconds),
    logDir: report.logDir,
    summary: summaryLine(report),
    stacks: report.runs.map((run) => ({
      participant: run.stack.owner ?? null,
      stack: run.stack.name,
      kind: run.stack.plan.kind,
      result: run.result,
      ...(run.seconds === undefined ? {} : { seconds: Math.round(run.seconds) }),
      ...(run.step === undefined ? {} : { step: run.step }),
      ...(run.errorLines === undefined ? {} : { errorLines: run.errorLines }),
      ...(run.reason === undefined ? {} : { reason: run.reason }),
      ...(run.logFile === undefined ? {} : { logFile: run.logFile }),
    })),
  };
}
