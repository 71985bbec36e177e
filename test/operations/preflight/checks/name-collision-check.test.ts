import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { nameCollisionCheck } from '../../../../lib/operations/preflight/checks/name-collision-check';
import { eksClusterNames } from '../../../../lib/operations/preflight/collisions/eks-cluster-names';
import { iamRoleNames } from '../../../../lib/operations/preflight/collisions/iam-role-names';
import { kmsAliasNames } from '../../../../lib/operations/preflight/collisions/kms-alias-names';
import { launchTemplateNames } from '../../../../lib/operations/preflight/collisions/launch-template-names';
import { logGroupNames } from '../../../../lib/operations/preflight/collisions/log-group-names';
import { runPreflightCheck } from '../../../../lib/operations/preflight/preflight-check';
import { classConfig, labConfig } from '../../../support/fixtures';
import { checkContext, sent, serve, stateFile } from '../fake-account';

/** A project folder with these local state files (stack -> resources). */
function project(states: Record<string, ReadonlyArray<readonly [string, string]>> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'preflight-names-'));
  Object.entries(states).forEach(([stack, resources]) => writeFileSync(path.join(dir, `terraform.${stack}.tfstate`), stateFile(resources)));
  return dir;
}

describe('nameCollisionCheck', () => {
  test('nothing exists (a first deploy, no state): one PASS row per kind', async () => {
    serve({});
    const context = checkContext(classConfig(2), { projectDir: project() });
    const rows = await Promise.all([eksClusterNames, iamRoleNames, logGroupNames, launchTemplateNames].map((f) => runPreflightCheck(nameCollisionCheck(f), context)));
    expect(rows.flat()).toEqual([
      { check: 'Existing names: EKS clusters', result: 'PASS', figure: '2 names checked, none exists' },
      { check: 'Existing names: IAM roles', result: 'PASS', figure: '8 names checked, none exists' },
      { check: 'Existing names: log groups', result: 'PASS', figure: '2 names checked, none exists' },
      { check: 'Existing names: launch templates', result: 'PASS', figure: '2 names checked, none exists' },
    ]);
  });

  test("a redeploy: what exists is held by the stack's own state", async () => {
    serve({ roles: [{ name: 'eks-workshop-cluster' }, { name: 'eks-workshop-node' }] });
    const dir = project({ 'eks-workshop-cluster': [['aws_iam_role', 'eks-workshop-cluster'], ['aws_iam_role', 'eks-workshop-node']] });
    expect(await runPreflightCheck(nameCollisionCheck(iamRoleNames), checkContext(labConfig(), { projectDir: dir }))).toEqual([
      { check: 'Existing names: IAM roles', result: 'PASS', figure: "2 of 4 exist, held by this lab's state (a redeploy)" },
    ]);
  });

  test("another lab's cluster or an earlier run's leftover, which no state holds: FAIL with how to remove it or rename", async () => {
    serve({ clusters: ['eks-workshop-p02'], launchTemplates: ['eks-workshop-p01-nodes'] });
    // p01's state holds its cluster but not the launch template (a leftover of an earlier run).
    const dir = project({ 'eks-workshop-p01-cluster': [['aws_eks_cluster', 'eks-workshop-p01']] });
    const context = checkContext(classConfig(2), { projectDir: dir });
    const [clusters] = await runPreflightCheck(nameCollisionCheck(eksClusterNames), context);
    expect(clusters).toEqual({
      check: 'Existing names: EKS clusters',
      result: 'FAIL',
      figure: '1 of 2 already exist and no state of this lab holds them: eks-workshop-p02',
      fix: [
        'the leftovers of an earlier run, or another lab of the same name: if they are yours, remove them; else choose another labName (every name derives from it)',
        '  aws eks delete-cluster --region us-west-2 --name eks-workshop-p02 (after its node groups: aws eks list-nodegroups --region us-west-2 --cluster-name eks-workshop-p02)',
      ].join('\n'),
    });
    const [templates] = await runPreflightCheck(nameCollisionCheck(launchTemplateNames), context);
    expect(templates).toMatchObject({ result: 'FAIL', fix: expect.stringContaining('  aws ec2 delete-launch-template --region us-west-2 --launch-template-name eks-workshop-p01-nodes') });
  });

  test('IAM roles: the fix says that IAM is global', async () => {
    serve({ roles: [{ name: 'eks-workshop-ebs-csi-driver' }] });
    const [row] = await runPreflightCheck(nameCollisionCheck(iamRoleNames), checkContext(labConfig(), { projectDir: project() }));
    expect(row.fix?.split('\n')).toEqual([
      expect.stringMatching(/^the leftovers of an earlier run/),
      '  aws iam delete-role --role-name eks-workshop-ebs-csi-driver (first: aws iam list-attached-role-policies --role-name eks-workshop-ebs-csi-driver, then detach-role-policy for each)',
      'IAM role names are global: a lab of the same name in another region uses the same roles.',
    ]);
  });

  test('a log group EKS re-created after a destroy (no cluster of that name): WARN, not FAIL; with its cluster and no state: FAIL', async () => {
    serve({ logGroups: ['/aws/eks/eks-workshop-p01/cluster', '/aws/eks/eks-workshop-p02/cluster', '/aws/eks/eks-workshop-p02x/cluster'], clusters: ['eks-workshop-p02'] });
    const rows = await runPreflightCheck(nameCollisionCheck(logGroupNames), checkContext(classConfig(2), { projectDir: project() }));
    expect(rows.map((r) => [r.result, r.figure])).toEqual([
      ['FAIL', '1 of 2 already exist and no state of this lab holds them: /aws/eks/eks-workshop-p02/cluster'],
      ['WARN', '1 of 2 left over: /aws/eks/eks-workshop-p01/cluster'],
    ]);
    expect(rows[1].fix).toMatch(/^no cluster of that name exists: EKS re-created it .*terraform-aws-eks #2763.*; to remove it now:\n {2}aws logs delete-log-group --region us-west-2 --log-group-name \/aws\/eks\/eks-workshop-p01\/cluster$/s);
    // One listing by the lab's prefix covers the class: two pages of two (inputs as sent, see fake-account's sent).
    expect(sent.of('logs:DescribeLogGroups')).toEqual([
      { logGroupNamePrefix: '/aws/eks/eks-workshop' },
      { logGroupNamePrefix: '/aws/eks/eks-workshop', nextToken: 'page-2' },
    ]);
  });

  test('KMS aliases only with a customer-managed key', async () => {
    serve({ aliases: ['alias/aws/ebs', 'alias/eks-workshop-eks-secrets'] });
    expect(await runPreflightCheck(nameCollisionCheck(kmsAliasNames), checkContext(labConfig(), { projectDir: project() }))).toEqual([]);
    const [row] = await runPreflightCheck(nameCollisionCheck(kmsAliasNames), checkContext(labConfig({ secretsEncryption: 'customer-managed' }), { projectDir: project() }));
    expect(row).toMatchObject({ result: 'FAIL', figure: '1 of 1 already exist and no state of this lab holds them: alias/eks-workshop-eks-secrets' });
    expect(row.fix).toContain('aws kms delete-alias --region us-west-2 --alias-name alias/eks-workshop-eks-secrets');
  });

  test('S3 state that cannot be read: WARN, redeploy or collision unknown', async () => {
    serve({ clusters: ['k8s'], buckets: { 'class-state': { region: 'us-west-2' } }, denied: ['s3:GetObject'] });
    const config = labConfig({ labName: 'k8s', state: { backend: 's3', bucket: 'class-state' } });
    const [row] = await runPreflightCheck(nameCollisionCheck(eksClusterNames), checkContext(config));
    expect(row).toEqual({
      check: 'Existing names: EKS clusters',
      result: 'WARN',
      figure: '1 of 1 already exist, redeploy or collision unknown: k8s',
      fix: 'the state s3://class-state/k8s/k8s-cluster.tfstate could not be read (s3:GetObject: AccessDenied); allow reading it (s3:GetObject, s3:ListBucket) to tell',
    });
  });

  test('S3 state that holds the names: a redeploy', async () => {
    serve({ clusters: ['k8s'], buckets: { 'class-state': { region: 'us-west-2', objects: { 'k8s/k8s-cluster.tfstate': stateFile([['aws_eks_cluster', 'k8s']]) } } } });
    const config = labConfig({ labName: 'k8s', state: { backend: 's3', bucket: 'class-state' } });
    expect((await runPreflightCheck(nameCollisionCheck(eksClusterNames), checkContext(config)))[0]).toMatchObject({ result: 'PASS', figure: "1 of 1 exist, held by this lab's state (a redeploy)" });
  });
});
