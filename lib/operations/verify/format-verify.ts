import { textTable } from '../text-table';
import { kubectlTable, LAB_PAGE_COMMAND } from './kubectl-view';
import type { ExpiredLab, LabVerdict, VerifyReport } from './verify-report';

/**
 * The report for people. One lab checked (the single lab, or `--participant`): the lab page's
 * `kubectl get statefulsets` view, every check, and the fix. A class: one line per participant (ready,
 * or what is wrong and the fix). Then `ready <n>/<total>`, the expired labs, most overdue first, and
 * whether the budget guard can see the costs.
 */
export function formatVerify(report: VerifyReport): string {
  const lines: string[] = [];
  if (report.labs.length === 1) lines.push(...labDetail(report.labs[0], report));
  else lines.push(...classLines(report.labs));
  lines.push('', `ready ${report.readyCount}/${report.labs.length}`);
  if (report.expired.length > 0) lines.push('', ...expiredLines(report.expired, report.region));
  const guard = report.budgetGuard;
  if (guard !== undefined) {
    lines.push('', `budget guard ${guard.budgetName}: ${guard.active ? 'ok' : 'NOT WATCHING'}: ${guard.detail}`);
    if (guard.fix !== undefined) lines.push(`  fix: ${guard.fix}`);
  }
  return `${lines.join('\n')}\n`;
}

function labDetail(lab: LabVerdict, report: VerifyReport): string[] {
  const who = lab.participantId === undefined ? `lab ${report.labName}` : `participant ${lab.participantId} of lab ${report.labName}`;
  const lines = [`${who} (cluster ${lab.clusterName}, ${report.region}): ${lab.ready ? 'ready' : 'NOT READY'}`];
  if (lab.statefulSets !== undefined) lines.push('', `$ ${LAB_PAGE_COMMAND}`, kubectlTable(lab.statefulSets));
  lines.push('', textTable(['', 'CHECK', 'FOUND'], lab.checks.map((c) => [c.ok ? 'ok' : 'FAIL', c.check, c.detail])));
  const notes = lab.checks.filter((c) => c.note !== undefined).map((c) => `note: ${c.check}: ${c.note}`);
  if (notes.length > 0) lines.push('', ...notes);
  if (lab.fix !== undefined) lines.push('', `fix: ${lab.fix}`);
  return lines;
}

function classLines(labs: readonly LabVerdict[]): string[] {
  const rows = labs.map((lab) => {
    const failures = lab.checks.filter((c) => !c.ok).map((c) => `${c.check}: ${c.detail}`);
    const notes = lab.checks.filter((c) => c.note !== undefined).map((c) => `${c.check} ${c.note}`);
    const state = lab.ready
      ? `ready${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`
      : `NOT READY: ${failures.join('; ')}; fix: ${lab.fix ?? '?'}`;
    return [lab.participantId ?? '-', lab.clusterName, state];
  });
  return [textTable(['PARTICIPANT', 'CLUSTER', 'STATE'], rows)];
}

function expiredLines(expired: readonly ExpiredLab[], region: string): string[] {
  return [
    `${expired.length} lab${expired.length === 1 ? '' : 's'} in ${region} past ${expired.length === 1 ? 'its' : 'their'} expires-on date and still running (any configuration), most overdue first:`,
    ...expired.flatMap((lab) => [
      `  - cluster ${lab.clusterName} (lab ${lab.labName}${lab.participantId === undefined ? '' : `, participant ${lab.participantId}`}): expired ${lab.expiresOn}, ${lab.daysOverdue} day${lab.daysOverdue === 1 ? '' : 's'} ago`,
      `      destroy: ${lab.destroy}`,
    ]),
  ];
}
