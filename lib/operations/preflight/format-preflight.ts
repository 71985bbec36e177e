import { textTable } from '../text-table';
import { PreflightResult } from './preflight-check';
import type { PreflightReport } from './preflight-report';

/**
 * The report for people: a heading, one table (RESULT, CHECK, FIGURE), then how to fix each FAIL and
 * WARN row, and a closing verdict.
 */
export function formatPreflight(report: PreflightReport): string {
  const scope = report.participantId === undefined ? `lab ${report.labName}` : `participant ${report.participantId} of lab ${report.labName}`;
  const lines = [
    `Preflight of ${scope} in ${report.region} (${report.labs} ${report.labs === 1 ? 'cluster' : 'clusters'}), as ${report.identity.arn} (account ${report.identity.account}):`,
    '',
    textTable(
      ['RESULT', 'CHECK', 'FIGURE'],
      report.rows.map((r) => [r.result, r.check, r.figure]),
    ),
  ];
  const toFix = [PreflightResult.FAIL, PreflightResult.NOT_CHECKED, PreflightResult.WARN].flatMap((result) => report.rows.filter((r) => r.result === result && r.fix !== undefined));
  if (toFix.length > 0) {
    lines.push('', 'How to fix:');
    toFix.forEach((row) => {
      const [first, ...rest] = (row.fix ?? '').split('\n');
      lines.push(`  ${row.result} ${row.check}: ${first}`, ...rest.map((line) => `      ${line}`));
    });
  }
  const { pass, warn, fail, notChecked } = report.counts;
  const verdict =
    fail > 0
      ? 'the deploy would fail; fix the FAIL rows first.'
      : notChecked > 0
        ? 'not everything could be checked; make the NOT CHECKED rows run (see How to fix) and run the preflight again.'
        : warn > 0
          ? 'nothing would make the deploy fail; read the WARN rows.'
          : 'ready to deploy.';
  lines.push('', `${fail} FAIL, ${notChecked === 0 ? '' : `${notChecked} NOT CHECKED, `}${warn} WARN, ${pass} PASS: ${verdict}`);
  return `${lines.join('\n')}\n`;
}
