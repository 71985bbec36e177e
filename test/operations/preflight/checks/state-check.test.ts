import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { stateCheck } from '../../../../lib/operations/preflight/checks/state-check';
import { runPreflightCheck } from '../../../../lib/operations/preflight/preflight-check';
import { classConfig, labConfig } from '../../../support/fixtures';
import { checkContext, serve, stateFile } from '../fake-account';

const s3Config = (region?: string) => labConfig({ labName: 'k8s', state: { backend: 's3', bucket: 'class-state', ...(region === undefined ? {} : { region }) } });

describe('stateCheck', () => {
  test('local: how many stacks already hold resources', async () => {
    serve({});
    const dir = mkdtempSync(path.join(tmpdir(), 'preflight-state-check-'));
    writeFileSync(path.join(dir, 'terraform.eks-workshop-network.tfstate'), stateFile([['aws_vpc', 'x']]));
    writeFileSync(path.join(dir, 'terraform.eks-workshop-p01-cluster.tfstate'), stateFile([]));
    expect(await runPreflightCheck(stateCheck, checkContext(classConfig(2), { projectDir: dir }))).toEqual([
      { check: 'Terraform state', result: 'PASS', figure: `local files in ${dir}: 1 of 5 stacks hold resources (they will be updated, not created)` },
    ]);
  });

  test('S3: the bucket exists with versioning on, and no state yet', async () => {
    serve({ buckets: { 'class-state': { region: 'us-west-2', versioning: 'Enabled' } } });
    expect(await runPreflightCheck(stateCheck, checkContext(s3Config()))).toEqual([
      { check: 'State bucket class-state', result: 'PASS', figure: 'exists in us-west-2 and may be listed' },
      { check: 'State bucket versioning', result: 'PASS', figure: 'on' },
      { check: 'Terraform state', result: 'PASS', figure: 's3://class-state/k8s/ (us-west-2): 0 of 2 stacks hold resources' },
    ]);
  });

  test('S3: versioning off is a WARN with the command that turns it on', async () => {
    serve({ buckets: { 'class-state': { region: 'us-west-2', versioning: 'Suspended' } } });
    expect((await runPreflightCheck(stateCheck, checkContext(s3Config())))[1]).toEqual({
      check: 'State bucket versioning',
      result: 'WARN',
      figure: 'suspended',
      fix: 'turn it on, so an overwritten state can be recovered: aws s3api put-bucket-versioning --bucket class-state --versioning-configuration Status=Enabled',
    });
  });

  test('S3: a bucket that does not exist is a FAIL with how to create it', async () => {
    serve({});
    expect(await runPreflightCheck(stateCheck, checkContext(s3Config('eu-west-1')))).toEqual([
      {
        check: 'State bucket class-state',
        result: 'FAIL',
        figure: 'does not exist (in eu-west-1)',
        fix: 'create it, with versioning: aws s3api create-bucket --bucket class-state --region eu-west-1 --create-bucket-configuration LocationConstraint=eu-west-1 && aws s3api put-bucket-versioning --bucket class-state --versioning-configuration Status=Enabled',
      },
    ]);
  });

  test("S3: a bucket in another region than state.region, or another account's: FAIL", async () => {
    serve({ buckets: { 'class-state': { region: 'eu-central-1' } } });
    expect((await runPreflightCheck(stateCheck, checkContext(s3Config())))[0]).toMatchObject({
      result: 'FAIL',
      figure: 'is not in us-west-2 but in eu-central-1',
      fix: 'set state.region to eu-central-1',
    });
    serve({ buckets: { 'class-state': { region: 'us-west-2', foreign: true } } });
    expect((await runPreflightCheck(stateCheck, checkContext(s3Config())))[0]).toMatchObject({
      result: 'FAIL',
      figure: 'exists but this identity may not list it (403): Terraform could not read or lock the state',
    });
  });

  test('S3: versioning not readable: NOT CHECKED, the rest goes on', async () => {
    serve({ buckets: { 'class-state': { region: 'us-west-2' } }, denied: ['s3:GetBucketVersioning'] });
    const rows = await runPreflightCheck(stateCheck, checkContext(s3Config()));
    expect(rows.map((r) => [r.check, r.result, r.figure])).toEqual([
      ['State bucket class-state', 'PASS', 'exists in us-west-2 and may be listed'],
      ['State bucket versioning', 'NOT CHECKED', 'not checked: s3:GetBucketVersioning was denied'],
      ['Terraform state', 'PASS', 's3://class-state/k8s/ (us-west-2): 0 of 2 stacks hold resources'],
    ]);
  });

  test('S3: state objects that cannot be read: WARN, the name checks cannot tell', async () => {
    serve({ buckets: { 'class-state': { region: 'us-west-2', versioning: 'Enabled' } }, denied: ['s3:GetObject'] });
    expect((await runPreflightCheck(stateCheck, checkContext(s3Config())))[2]).toMatchObject({
      result: 'WARN',
      figure: 's3://class-state/k8s/ (us-west-2): 0 of 2 stacks hold resources; 2 could not be read: s3://class-state/k8s/k8s-cluster.tfstate (s3:GetObject: AccessDenied)',
    });
  });
});
