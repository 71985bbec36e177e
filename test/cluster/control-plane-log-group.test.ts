import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Testing, TerraformStack } from 'cdktf';
import { ControlPlaneLogGroup, LOG_GROUP_WATCH_DEFAULT_SECONDS, LOG_GROUP_WATCH_ENV } from '../../lib/cluster/control-plane-log-group';
import { VOLUME_WAIT_INTERVAL_ENV } from '../../lib/cluster/volume-release-wait';
import { labConfig, oneResource, synthClusterStack, TfBlock } from '../support/fixtures';
import { dependencyClosure } from '../support/terraform-graph';

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

/** The `terraform_data` of the construct `name` (LeftoverGuard, LeftoverCleanup): its logical id holds the construct id. */
function dataNamed(json: { resource: Record<string, Record<string, TfBlock>> }, name: string): [string, TfBlock] {
  const found = Object.entries(json.resource.terraform_data).find(([id]) => id.includes(`_${name}_`));
  if (!found) throw new Error(`no terraform_data ${name}`);
  return found;
}

function guardExec(block: TfBlock): LocalExec {
  const provisioners = block.provisioner as Array<{ 'local-exec'?: LocalExec }>;
  expect(provisioners).toHaveLength(1);
  const exec = provisioners[0]['local-exec'];
  if (!exec) throw new Error('the guard has no local-exec provisioner');
  return exec;
}

describe('ControlPlaneLogGroup', () => {
  test('the log group EKS writes to, with the given retention, created after the guard (create time) and the cleanup (destroy time)', () => {
    const json = synth();
    const [groupId, group] = Object.entries(json.resource.aws_cloudwatch_log_group)[0];
    expect(group).toMatchObject({ name: '/aws/eks/lab-a/cluster', retention_in_days: 7 });
    const [guardId, guard] = dataNamed(json, 'LeftoverGuard');
    const [cleanupId, cleanup] = dataNamed(json, 'LeftoverCleanup');
    expect(group.depends_on).toEqual([`terraform_data.${guardId}`, `terraform_data.${cleanupId}`]);
    expect(guardExec(guard).when).toBeUndefined(); // create time
    expect(guardExec(cleanup).when).toBe('destroy');
    // Destroy-time provisioners read only their own resource: literals, no references.
    expect(JSON.stringify(cleanup)).not.toMatch(/\$\{[a-z_]+\./);
    // The log group keeps the address it had before the construct existed, so a running lab keeps it.
    expect(groupId).toBe('Logs');
    expect(json.moved).toBeUndefined();
  });

  test('overrides: retention', () => {
    const [, group] = Object.entries(synth({ retentionInDays: 30 }).resource.aws_cloudwatch_log_group)[0];
    expect(group.retention_in_days).toBe(30);
  });

  test('the lab cluster stack uses it: the cluster waits for the log group, and destroy runs the cleanup only after the cluster and the group are gone', () => {
    const stack = synthClusterStack(labConfig());
    const [groupId] = oneResource(stack, 'aws_cloudwatch_log_group');
    const [clusterId, cluster] = oneResource(stack, 'aws_eks_cluster');
    expect(cluster.depends_on).toContain(`aws_cloudwatch_log_group.${groupId}`);
    // Terraform destroys a resource before everything it depends on: the cleanup is among those of both.
    const [cleanupId] = dataNamed(stack as never, 'LeftoverCleanup');
    expect(dependencyClosure(stack, `aws_eks_cluster.${clusterId}`).has(`terraform_data.${cleanupId}`)).toBe(true);
    expect(dependencyClosure(stack, `aws_cloudwatch_log_group.${groupId}`).has(`terraform_data.${cleanupId}`)).toBe(true);
  });
});

describe('the guard script, run with a stand-in aws', () => {
  const [, guard] = dataNamed(synth(), 'LeftoverGuard');
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

describe('the destroy-time cleanup, run with stand-ins for aws, sleep and date', () => {
  const [, cleanup] = dataNamed(synth(), 'LeftoverCleanup');
  const exec = guardExec(cleanup);

  /**
   * Runs the cleanup. `aws` answers describe-cluster as told and describe-log-groups with `groups` in
   * turn (the last repeats; FAIL fails the call); `sleep` records and moves the clock `date` reads.
   */
  async function runCleanup(cluster: 'ACTIVE' | 'missing' | 'denied', groups: string[], env: Record<string, string> = {}) {
    const bin = mkdtempSync(path.join(tmpdir(), 'lab-log-cleanup-'));
    writeFileSync(path.join(bin, 'groups'), `${groups.join('\n')}\n`);
    const script = (name: string, body: string) => {
      writeFileSync(path.join(bin, name), `#!/bin/sh\n${body}\n`);
      chmodSync(path.join(bin, name), 0o755);
    };
    const describeCluster =
      cluster === 'ACTIVE'
        ? 'echo ACTIVE'
        : cluster === 'missing'
          ? 'echo "An error occurred (ResourceNotFoundException) when calling the DescribeCluster operation: No cluster found for name: lab-a." >&2; exit 254'
          : 'echo "An error occurred (AccessDeniedException) when calling the DescribeCluster operation" >&2; exit 254';
    script(
      'aws',
      [
        `echo "$*" >> "${bin}/calls"`,
        'case "$1 $2" in',
        `  "eks describe-cluster") ${describeCluster} ;;`,
        `  "logs describe-log-groups") echo x >> "${bin}/polls"; n=$(wc -l < "${bin}/polls"); last=$(wc -l < "${bin}/groups"); [ "$n" -gt "$last" ] && n=$last; answer=$(sed -n "$n"p "${bin}/groups"); if [ "$answer" = FAIL ]; then echo "An error occurred (ThrottlingException)" >&2; exit 255; fi; echo "$answer" ;;`,
        '  "logs delete-log-group") ;;',
        'esac',
      ].join('\n'),
    );
    // A clock that only sleep moves: the polls take no time.
    script('sleep', `echo "$1" >> "${bin}/sleeps"\nt=$(cat "${bin}/clock" 2>/dev/null || echo 1000)\necho $((t + $1)) > "${bin}/clock"`);
    script('date', `cat "${bin}/clock" 2>/dev/null || echo 1000`);
    const lines = (name: string) => (existsSync(path.join(bin, name)) ? readFileSync(path.join(bin, name), 'utf8').trim().split('\n') : []);
    try {
      const { stdout, stderr } = await run(exec.interpreter[0], [...exec.interpreter.slice(1), exec.command], { env: { PATH: `${bin}:/usr/bin:/bin`, ...env } });
      return { code: 0, stdout, stderr, calls: lines('calls'), sleeps: lines('sleeps') };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr, calls: lines('calls'), sleeps: lines('sleeps') };
    }
  }
  const deletes = (calls: string[]) => calls.filter((c) => c.startsWith('logs delete-log-group'));

  test('the cluster is gone: watches the window, deleting the group each time EKS re-creates it', async () => {
    const result = await runCleanup('missing', ['', '/aws/eks/lab-a/cluster', '', '/aws/eks/lab-a/cluster', '']);
    expect(result.code).toBe(0);
    expect(result.calls[0]).toBe('eks describe-cluster --region eu-west-1 --name lab-a --query cluster.status --output text');
    expect(result.calls[1]).toBe(
      "logs describe-log-groups --region eu-west-1 --log-group-name-prefix /aws/eks/lab-a/cluster --query logGroups[?logGroupName=='/aws/eks/lab-a/cluster'].logGroupName --output text",
    );
    expect(deletes(result.calls)).toEqual(Array(2).fill('logs delete-log-group --region eu-west-1 --log-group-name /aws/eks/lab-a/cluster'));
    expect(result.stdout).toMatch(/deleting \/aws\/eks\/lab-a\/cluster: EKS re-created it after the cluster was deleted/);
    expect(result.stdout).toMatch(/watched 180 s after the cluster was deleted, removed it 2 times/);
  });

  test(`watches ${LOG_GROUP_WATCH_DEFAULT_SECONDS} s, polling every 15 s; both can be set for tests`, async () => {
    const result = await runCleanup('missing', ['']);
    // Polls at 0, 15, ..., 180 s: 13 polls, 12 sleeps.
    expect(result.sleeps).toEqual(Array(12).fill('15'));
    expect(result.calls.filter((c) => c.startsWith('logs describe-log-groups'))).toHaveLength(13);
    const quick = await runCleanup('missing', [''], { [LOG_GROUP_WATCH_ENV]: '10', [VOLUME_WAIT_INTERVAL_ENV]: '5' });
    expect(quick.code).toBe(0);
    expect(quick.sleeps).toEqual(['5', '5']);
    const once = await runCleanup('missing', ['/aws/eks/lab-a/cluster'], { [LOG_GROUP_WATCH_ENV]: '0' });
    expect([once.code, deletes(once.calls).length, once.sleeps]).toEqual([0, 1, []]);
  });

  test('a cluster of that name exists: never touches its log group', async () => {
    const result = await runCleanup('ACTIVE', ['/aws/eks/lab-a/cluster']);
    expect(result.code).toBe(0);
    expect(result.calls).toEqual(['eks describe-cluster --region eu-west-1 --name lab-a --query cluster.status --output text']);
  });

  test('AWS cannot be asked about the cluster: fails, deleting nothing, and says leftovers lists the group', async () => {
    const result = await runCleanup('denied', ['/aws/eks/lab-a/cluster']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/whether \/aws\/eks\/lab-a\/cluster is a leftover cannot be told; npm run leftovers lists it if it is: .*AccessDeniedException/);
    expect(result.calls.filter((c) => c.startsWith('logs'))).toEqual([]);
  });

  test('rides out a failed call, but not five in a row', async () => {
    const once = await runCleanup('missing', ['FAIL', ''], { [LOG_GROUP_WATCH_ENV]: '10', [VOLUME_WAIT_INTERVAL_ENV]: '1' });
    expect(once.code).toBe(0);
    const always = await runCleanup('missing', ['FAIL']);
    expect(always.code).toBe(1);
    expect(always.stderr).toMatch(/aws logs failed 5 times in a row; \/aws\/eks\/lab-a\/cluster may be left: npm run leftovers lists it/);
  });

  test.each(['', 'abc', '-5', '1.5', '901'])(`rejects ${LOG_GROUP_WATCH_ENV}=%p before any aws call`, async (value) => {
    const result = await runCleanup('missing', [''], { [LOG_GROUP_WATCH_ENV]: value });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${LOG_GROUP_WATCH_ENV} (${value}) must be a whole number of seconds from 0 to 900`);
    expect(result.calls).toEqual([]);
  });

  test('in a participant\'s own account it assumes the deploy role first', () => {
    const [, own] = dataNamed(synth({ assumeRoleArn: 'arn:aws:iam::210987654321:role/OrganizationAccountAccessRole' }), 'LeftoverCleanup');
    expect(guardExec(own).command).toMatch(/^set -u\nif ! creds=\$\(aws sts assume-role --region 'eu-west-1' --role-arn 'arn:aws:iam::210987654321:role\/OrganizationAccountAccessRole' --role-session-name 'lab-log-group-cleanup'/);
  });
});
