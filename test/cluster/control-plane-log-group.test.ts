import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Testing, TerraformStack } from 'cdktf';
import { ControlPlaneLogGroup } from '../../lib/cluster/control-plane-log-group';
import { labConfig, oneResource, synthClusterStack, TfBlock } from '../support/fixtures';

const run = promisify(execFile);

interface LocalExec {
  readonly command: string;
  readonly interpreter: string[];
  readonly when?: string;
}

function synth(props: Partial<ConstructorParameters<typeof ControlPlaneLogGroup>[2]> = {}) {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  new ControlPlaneLogGroup(stack, 'Logs', { clusterName: 'lab-a', logGroupName: '/aws/eks/lab-a/cluster', region: 'eu-west-1', retentionInDays: 7, ...props });
  return JSON.parse(Testing.synth(stack)) as { resource: Record<string, Record<string, TfBlock>>; moved?: unknown[] };
}

function guardExec(block: TfBlock): LocalExec {
  const provisioners = block.provisioner as Array<{ 'local-exec'?: LocalExec }>;
  expect(provisioners).toHaveLength(1);
  const exec = provisioners[0]['local-exec'];
  if (!exec) throw new Error('the guard has no local-exec provisioner');
  return exec;
}

describe('ControlPlaneLogGroup', () => {
  test('the log group EKS writes to, with the given retention, created after the guard, which runs at create only', () => {
    const json = synth();
    const [groupId, group] = Object.entries(json.resource.aws_cloudwatch_log_group)[0];
    expect(group).toMatchObject({ name: '/aws/eks/lab-a/cluster', retention_in_days: 7 });
    const [guardId, guard] = Object.entries(json.resource.terraform_data)[0];
    expect(group.depends_on).toEqual([`terraform_data.${guardId}`]);
    expect(guardExec(guard).when).toBeUndefined(); // create time
    // The log group keeps the address it had before the construct existed, so a running lab keeps it.
    expect(groupId).toBe('Logs');
    expect(json.moved).toBeUndefined();
  });

  test('overrides: retention', () => {
    const [, group] = Object.entries(synth({ retentionInDays: 30 }).resource.aws_cloudwatch_log_group)[0];
    expect(group.retention_in_days).toBe(30);
  });

  test('the lab cluster stack uses it, and the cluster waits for the log group', () => {
    const stack = synthClusterStack(labConfig());
    const [groupId] = oneResource(stack, 'aws_cloudwatch_log_group');
    const [, cluster] = oneResource(stack, 'aws_eks_cluster');
    expect(cluster.depends_on).toContain(`aws_cloudwatch_log_group.${groupId}`);
  });
});

describe('the guard script, run with a stand-in aws', () => {
  const [, guard] = Object.entries(synth().resource.terraform_data)[0];
  const exec = guardExec(guard);

  /** Runs the script; `aws` answers describe-cluster and describe-log-groups as told, and logs its calls. */
  async function runGuard(answers: { cluster: 'ACTIVE' | 'missing' | 'denied'; logGroup: boolean }) {
    const bin = mkdtempSync(path.join(tmpdir(), 'lab-log-guard-'));
    const aws = [
      `echo "$*" >> "${bin}/calls"`,
      'case "$1 $2" in',
      answers.cluster === 'ACTIVE'
        ? '  "eks describe-cluster") echo ACTIVE ;;'
        : answers.cluster === 'missing'
          ? '  "eks describe-cluster") echo "An error occurred (ResourceNotFoundException) when calling the DescribeCluster operation: No cluster found for name: lab-a." >&2; exit 254 ;;'
          : '  "eks describe-cluster") echo "An error occurred (AccessDeniedException) when calling the DescribeCluster operation" >&2; exit 254 ;;',
      `  "logs describe-log-groups") ${answers.logGroup ? "echo '/aws/eks/lab-a/cluster'" : 'echo ""'} ;;`,
      '  "logs delete-log-group") ;;',
      'esac',
    ].join('\n');
    writeFileSync(path.join(bin, 'aws'), `#!/bin/sh\n${aws}\n`);
    chmodSync(path.join(bin, 'aws'), 0o755);
    const calls = () => (existsSync(path.join(bin, 'calls')) ? readFileSync(path.join(bin, 'calls'), 'utf8').trim().split('\n') : []);
    try {
      const { stdout } = await run(exec.interpreter[0], [...exec.interpreter.slice(1), exec.command], { env: { PATH: `${bin}:/usr/bin:/bin` } });
      return { code: 0, stdout, stderr: '', calls: calls() };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr, calls: calls() };
    }
  }

  test('no cluster of that name, a leftover log group: deletes it so Terraform can create its own', async () => {
    const result = await runGuard({ cluster: 'missing', logGroup: true });
    expect(result.code).toBe(0);
    expect(result.calls).toEqual([
      'eks describe-cluster --region eu-west-1 --name lab-a --query cluster.status --output text',
      "logs describe-log-groups --region eu-west-1 --log-group-name-prefix /aws/eks/lab-a/cluster --query logGroups[?logGroupName=='/aws/eks/lab-a/cluster'].logGroupName --output text",
      'logs delete-log-group --region eu-west-1 --log-group-name /aws/eks/lab-a/cluster',
    ]);
    expect(result.stdout).toMatch(/deleting \/aws\/eks\/lab-a\/cluster: left over from an earlier lab/);
  });

  test('no cluster and no log group (a first deploy): changes nothing', async () => {
    const result = await runGuard({ cluster: 'missing', logGroup: false });
    expect(result.code).toBe(0);
    expect(result.calls.filter((c) => c.startsWith('logs delete-log-group'))).toEqual([]);
  });

  test('the cluster exists (a running lab): never touches its log group', async () => {
    const result = await runGuard({ cluster: 'ACTIVE', logGroup: true });
    expect(result.code).toBe(0);
    expect(result.calls).toEqual(['eks describe-cluster --region eu-west-1 --name lab-a --query cluster.status --output text']);
  });

  test('AWS cannot be asked about the cluster: fails, deleting nothing', async () => {
    const result = await runGuard({ cluster: 'denied', logGroup: true });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/aws eks describe-cluster failed, so a leftover \/aws\/eks\/lab-a\/cluster cannot be told apart: .*AccessDeniedException/);
    expect(result.calls.filter((c) => c.startsWith('logs'))).toEqual([]);
  });
});
