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
    counts: { pass: 1, warn: 1, fail: 1, notChecked: 0 },
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

test('formatPreflight: NOT CHECKED rows say how to make them run, and the verdict says not everything was checked', () => {
  const text = formatPreflight({
    labName: 'k8s',
    region: 'eu-west-1',
    labs: 1,
    identity: { account: '123456789012', arn: 'arn:aws:iam::123456789012:user/teach' },
    rows: [
      { check: 'VPCs', result: PreflightResult.NOT_CHECKED, figure: 'not checked: ec2:DescribeVpcs was not answered as the AWS API answers', fix: 'check AWS_ENDPOINT_URL' },
      { check: 'Versioning', result: PreflightResult.WARN, figure: 'off', fix: 'turn it on' },
    ],
    counts: { pass: 0, warn: 1, fail: 0, notChecked: 1 },
  });
  expect(text).toContain('  NOT CHECKED VPCs: check AWS_ENDPOINT_URL\n  WARN Versioning: turn it on\n');
  expect(text).toMatch(/\n0 FAIL, 1 NOT CHECKED, 1 WARN, 0 PASS: not everything could be checked; make the NOT CHECKED rows run \(see How to fix\) and run the preflight again\.\n$/);
});
