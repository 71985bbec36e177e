import { formatPreflight } from '../../../lib/operations/preflight/format-preflight';
import { PreflightResult } from '../../../lib/operations/preflight/preflight-check';

test('formatPreflight: a table, then each FAIL and WARN fix (FAILs first, later lines indented), then the verdict', () => {
  const text = formatPreflight({
    labName: 'k8s',
    region: 'eu-west-1',
    participantId: 'ana',
    labs: 1,
    identity: { account: '123456789012', arn: 'arn:aws:iam::123456789012:user/teach' },
    rows: [
      { check: 'AWS identity', result: PreflightResult.PASS, figure: 'arn:aws:iam::123456789012:user/teach in account 123456789012' },
      { check: 'Versioning', result: PreflightResult.WARN, figure: 'off', fix: 'turn it on' },
      { check: 'Names', result: PreflightResult.FAIL, figure: '1 exists', fix: 'remove it:\n  aws eks delete-cluster --name k8s-ana' },
    ],
    counts: { pass: 1, warn: 1, fail: 1 },
  });
  expect(text.split('\n')).toEqual([
    'Preflight of participant ana of lab k8s in eu-west-1 (1 cluster), as arn:aws:iam::123456789012:user/teach (account 123456789012):',
    '',
    'RESULT  CHECK         FIGURE',
    'PASS    AWS identity  arn:aws:iam::123456789012:user/teach in account 123456789012',
    'WARN    Versioning    off',
    'FAIL    Names         1 exists',
    '',
    'How to fix:',
    '  FAIL Names: remove it:',
    '        aws eks delete-cluster --name k8s-ana',
    '  WARN Versioning: turn it on',
    '',
    '1 FAIL, 1 WARN, 1 PASS: the deploy would fail; fix the FAIL rows first.',
    '',
  ]);
});
