import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { addonAddress, classConfig, labConfig, oneResource, resourcesOf, ssoClassConfig, stackDependencies, StackJson, synthLab, TfBlock } from '../support/fixtures';
import { EXPIRED_CREDENTIALS_MESSAGE, VOLUME_WAIT_INTERVAL_ENV } from '../../lib/cluster/volume-release-wait';
import { dependencyClosure } from '../support/terraform-graph';

const run = promisify(execFile);

interface LocalExec {
  readonly command: string;
  readonly interpreter: string[];
  readonly when?: string;
}

/** The lab's destroy-time wait and its local-exec provisioner. */
function volumeWait(stack: StackJson): { id: string; block: TfBlock; exec: LocalExec } {
  const [id, block] = oneResource(stack, 'terraform_data', (r) => String((r['//'] as { metadata: { path: string } }).metadata.path).endsWith('/VolumeReleaseWait/Wait'));
  const provisioners = block.provisioner as Array<{ 'local-exec'?: LocalExec }>;
  expect(provisioners).toHaveLength(1);
  const exec = provisioners[0]['local-exec'];
  if (!exec) throw new Error('the wait has no local-exec provisioner');
  return { id, block, exec };
}

function address(stack: StackJson, type: string, where: (r: TfBlock) => boolean = () => true): string[] {
  return Object.entries(resourcesOf(stack, type))
    .filter(([, r]) => where(r))
    .map(([id]) => `${type}.${id}`);
}

describe('destroy order: volumes are released while the EBS CSI driver and the nodes still run', () => {
  const stacks = synthLab(labConfig());
  const cluster = stacks['eks-workshop-cluster'];
  const workloads = stacks['eks-workshop-workloads'];

  test('deleting a StatefulSet deletes its claims, and each claim deletes its volume', () => {
    const statefulSets = Object.values(resourcesOf(workloads, 'kubernetes_stateful_set_v1'));
    expect(statefulSets).toHaveLength(3);
    for (const set of statefulSets) {
      const spec = set.spec as Record<string, unknown>;
      expect(spec.persistent_volume_claim_retention_policy).toEqual([{ when_deleted: 'Delete', when_scaled: 'Retain' }]);
    }
    // Every claim template uses the one StorageClass, whose volumes are deleted with their claims.
    const [storageClass] = Object.values(resourcesOf(workloads, 'kubernetes_storage_class_v1'));
    expect(storageClass.reclaim_policy).toBe('Delete');
    expect(Object.keys(resourcesOf(workloads, 'kubernetes_persistent_volume_v1'))).toEqual([]); // no static volume to keep
  });

  test('the wait runs only on destroy, and outlives nothing that deleting a volume needs', () => {
    const { id, exec } = volumeWait(cluster);
    expect(exec.when).toBe('destroy');
    expect(exec.interpreter).toEqual(['/bin/sh', '-c']);
    // Terraform destroys a resource before everything it depends on, directly or transitively.
    const outlivesTheWait = dependencyClosure(cluster, `terraform_data.${id}`);
    const needed = [
      // The driver, its role's policy, the nodes it detaches volumes from and what keeps them Ready,
      // and CoreDNS, through which the controller resolves the EC2 endpoint.
      ...['aws-ebs-csi-driver', 'vpc-cni', 'kube-proxy', 'eks-pod-identity-agent', 'coredns'].map((name) => addonAddress(cluster, name)),
      ...address(cluster, 'aws_eks_node_group'),
      ...address(cluster, 'aws_eks_cluster'),
      ...address(cluster, 'aws_iam_role_policy', (r) => r.name === 'ebs-csi-controller-sa'),
      // aws-node's own role (Pod Identity): without it the nodes lose their pod networking.
      ...address(cluster, 'aws_iam_role_policy_attachment', (r) => String(r.policy_arn).endsWith('/AmazonEKS_CNI_Policy')),
      // The way to the EC2 API: private routes to the NAT gateway, and the gateway's own way out
      // through the public routes and the internet gateway.
      ...address(cluster, 'aws_nat_gateway'),
      ...address(cluster, 'aws_eip'),
      ...address(cluster, 'aws_route_table'),
      ...address(cluster, 'aws_route_table_association'),
      ...address(cluster, 'aws_internet_gateway'),
      ...address(cluster, 'aws_subnet'),
    ];
    expect(needed).toHaveLength(5 + 1 + 1 + 1 + 1 + 1 + 1 + 4 + 6 + 1 + 6);
    expect(needed.filter((a) => !outlivesTheWait.has(a))).toEqual([]);
    // Nothing waits for metrics-server, which takes no part in deleting volumes.
    expect(outlivesTheWait.has(addonAddress(cluster, 'metrics-server'))).toBe(false);
    // The driver's role keeps its policy until the driver is gone (it deletes volumes on the way out).
    const [, driver] = oneResource(cluster, 'aws_eks_addon', (r) => r.addon_name === 'aws-ebs-csi-driver');
    expect(driver.depends_on).toEqual(expect.arrayContaining(address(cluster, 'aws_iam_role_policy', (r) => r.name === 'ebs-csi-controller-sa')));
  });

  test("the nodes are created after the lab's way out (NAT, routes, internet gateway), and destroyed before it", () => {
    const [nodeGroup] = address(cluster, 'aws_eks_node_group');
    const nodesNeed = dependencyClosure(cluster, nodeGroup);
    const egress = [
      ...address(cluster, 'aws_nat_gateway'),
      ...address(cluster, 'aws_route_table'),
      ...address(cluster, 'aws_route_table_association'),
      ...address(cluster, 'aws_internet_gateway'),
    ];
    expect(egress).toHaveLength(1 + 4 + 6 + 1);
    expect(egress.filter((a) => !nodesNeed.has(a))).toEqual([]);
  });

  test("the wait looks for exactly the tags the driver puts on this lab's volumes", () => {
    const [, driver] = oneResource(cluster, 'aws_eks_addon', (r) => r.addon_name === 'aws-ebs-csi-driver');
    const volumeTags = (JSON.parse(String(driver.configuration_values)) as { controller: { extraVolumeTags: Record<string, string> } })
      .controller.extraVolumeTags;
    const { exec } = volumeWait(cluster);
    const filters = [...exec.command.matchAll(/'Name=tag:([^,]+),Values=([^']+)'/g)].map(([, key, value]) => [key, value]);
    expect(filters).toEqual([
      ['ebs.csi.aws.com/cluster', 'true'], // the driver's own tag, on every volume it creates
      ['env', 'eks-workshop'],
      ['lab', 'eks-workshop'],
    ]);
    for (const [key, value] of filters.filter(([key]) => key !== 'ebs.csi.aws.com/cluster')) expect(volumeTags[key]).toBe(value);
    // The nodes' root volumes carry the lab's tags too and still exist while the wait runs: the
    // filters must not match them, or destroy would wait out its timeout every time.
    const [, template] = oneResource(cluster, 'aws_launch_template');
    const specs = template.tag_specifications as Array<{ resource_type: string; tags: Record<string, string> }>;
    const rootVolumeTags = specs.find((t) => t.resource_type === 'volume')?.tags ?? {};
    expect(rootVolumeTags).toMatchObject({ lab: 'eks-workshop', env: 'eks-workshop' });
    expect(filters.every(([key, value]) => rootVolumeTags[key] === value)).toBe(false);
  });

  test("in a class, each participant's wait and volume tags name that participant; the network is another stack", () => {
    const fleet = synthLab(classConfig(2));
    const p02 = fleet['eks-workshop-p02-cluster'];
    const { exec, block } = volumeWait(p02);
    expect(exec.command).toContain("'Name=tag:participant,Values=p02'");
    expect(exec.command).toContain("'Name=tag:env,Values=eks-workshop-p02'");
    const [, driver] = oneResource(p02, 'aws_eks_addon', (r) => r.addon_name === 'aws-ebs-csi-driver');
    expect(JSON.parse(String(driver.configuration_values)).controller.extraVolumeTags).toMatchObject({
      lab: 'eks-workshop',
      participant: 'p02',
      'expires-on': '2026-12-31',
    });
    // The network is destroyed after the participant's whole stack (stack dependency), so no NAT here.
    expect((block.depends_on ?? []).filter((d) => d.startsWith('aws_nat_gateway'))).toEqual([]);
    // Its nodes and wait still keep the in-stack part of what the driver needs.
    const [nodeGroup] = address(p02, 'aws_eks_node_group');
    // The wait itself: the cluster stack holds other terraform_data (the log group guard and cleanup).
    const waitId = volumeWait(p02).id;
    const outlivesTheWait = dependencyClosure(p02, `terraform_data.${waitId}`);
    expect(outlivesTheWait.has(nodeGroup)).toBe(true);
    expect(outlivesTheWait.has(addonAddress(p02, 'coredns'))).toBe(true);
    expect(stackDependencies(classConfig(2))['eks-workshop-p02-cluster']).toEqual(['eks-workshop-network']);
  });

  test("everyone keeps their access until the volumes are gone: a wait that stops destroy leaves the claims deletable", () => {
    // p02 reaches the cluster through a learner role (IAM Identity Center), p01 through a role of their own.
    for (const [name, stack] of Object.entries(synthLab(ssoClassConfig())).filter(([n]) => n.endsWith('-cluster'))) {
      const outlivesTheWait = dependencyClosure(stack, `terraform_data.${volumeWait(stack).id}`);
      const access = [
        ...address(stack, 'aws_eks_access_entry'),
        ...address(stack, 'aws_eks_access_policy_association'),
        ...address(stack, 'aws_iam_role', (r) => String(r.name).endsWith('-learner')),
        ...address(stack, 'aws_iam_role_policy', (r) => r.name === 'kubeconfig'),
      ];
      expect([name, access.length]).toEqual([name, name.includes('p01') ? 4 : 6]);
      expect([name, access.filter((a) => !outlivesTheWait.has(a))]).toEqual([name, []]);
    }
  });
});

describe('the destroy-time wait script, run with stand-ins for aws, sleep and date', () => {
  const { exec } = volumeWait(synthLab(labConfig())['eks-workshop-cluster']);

  /**
   * Runs the script with fake `aws` answering `answers` in turn (the last one repeats), a clock, a
   * `sleep` that only records, and `env` on top of that PATH.
   */
  async function runWait(answers: string[], secondsPerDateCall: number, env: Record<string, string> = {}) {
    const bin = mkdtempSync(path.join(tmpdir(), 'lab-wait-'));
    writeFileSync(path.join(bin, 'answers'), answers.join('\n') + '\n');
    const script = (name: string, body: string) => {
      writeFileSync(path.join(bin, name), `#!/bin/sh\n${body}\n`);
      chmodSync(path.join(bin, name), 0o755);
    };
    // aws: logs its arguments, prints the next answer (the last one again once exhausted); FAIL fails.
    script(
      'aws',
      `echo "$*" >> "${bin}/calls"\nn=$(wc -l < "${bin}/calls")\nlines=$(wc -l < "${bin}/answers")\n[ "$n" -gt "$lines" ] && n=$lines\nanswer=$(sed -n "\${n}p" "${bin}/answers")\nif [ "$answer" = FAIL ]; then echo "An error occurred (RequestLimitExceeded)" >&2; exit 255; fi\nif [ "$answer" = EXPIRED ]; then echo "An error occurred (ExpiredToken) when calling the DescribeVolumes operation: The security token included in the request is expired" >&2; exit 255; fi\nif [ "$answer" = SSO ]; then echo "Error when retrieving token from sso: Token has expired and refresh failed" >&2; exit 255; fi\necho "$answer"`,
    );
    script('sleep', `echo "$1" >> "${bin}/sleeps"`);
    script('date', `t=$(cat "${bin}/clock" 2>/dev/null || echo 1000)\necho $((t + ${secondsPerDateCall})) > "${bin}/clock"\necho "$t"`);
    const lines = (name: string) => (existsSync(path.join(bin, name)) ? readFileSync(path.join(bin, name), 'utf8').trim().split('\n') : []);
    try {
      const { stdout, stderr } = await run(exec.interpreter[0], [...exec.interpreter.slice(1), exec.command], {
        env: { PATH: `${bin}:/usr/bin:/bin`, ...env },
      });
      return { code: 0, stdout, stderr, calls: lines('calls'), sleeps: lines('sleeps') };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr, calls: lines('calls'), sleeps: lines('sleeps') };
    }
  }

  test('polls until the driver has deleted every volume, then lets destroy go on', async () => {
    const result = await runWait(['vol-0aaa\tvol-0bbb', 'vol-0bbb', ''], 1);
    expect(result.code).toBe(0);
    expect(result.calls).toHaveLength(3);
    expect(result.calls[0]).toBe(
      'ec2 describe-volumes --region us-west-2 --filters Name=tag:ebs.csi.aws.com/cluster,Values=true Name=tag:env,Values=eks-workshop Name=tag:lab,Values=eks-workshop --query Volumes[].VolumeId --output text',
    );
    expect(result.stdout).toMatch(/waiting for the EBS CSI driver to delete: vol-0aaa\s+vol-0bbb/);
    expect(result.stdout).toMatch(/none left/);
  });

  test(`polls every 15 s, or every ${VOLUME_WAIT_INTERVAL_ENV} seconds when that is set`, async () => {
    expect((await runWait(['vol-0aaa', 'vol-0aaa', ''], 1)).sleeps).toEqual(['15', '15']);
    const quick = await runWait(['vol-0aaa', ''], 1, { [VOLUME_WAIT_INTERVAL_ENV]: '1' });
    expect(quick.code).toBe(0);
    expect(quick.sleeps).toEqual(['1']);
  });

  test.each(['', 'abc', '0', '-5', '1.5', '61', '05'])(`rejects ${VOLUME_WAIT_INTERVAL_ENV}=%p before any aws call`, async (value) => {
    const result = await runWait([''], 1, { [VOLUME_WAIT_INTERVAL_ENV]: value });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${VOLUME_WAIT_INTERVAL_ENV} (${value}) must be a whole number of seconds from 1 to 60`);
    expect(result.calls).toEqual([]);
  });

  test('rides out a few failed aws calls (throttling), then goes on polling', async () => {
    const result = await runWait(['FAIL', 'FAIL', 'vol-0ddd', ''], 1);
    expect(result.code).toBe(0);
    expect(result.calls).toHaveLength(4);
    expect(result.stdout).toMatch(/waiting for the EBS CSI driver to delete: vol-0ddd/);
  });

  test('gives up after five failed aws calls in a row, saying so with what AWS said, and nothing about credentials', async () => {
    const result = await runWait(['FAIL'], 1);
    expect(result.code).toBe(1);
    expect(result.calls).toHaveLength(5);
    expect(result.stderr).toMatch(/describe-volumes failed 5 times in a row \(last: An error occurred \(RequestLimitExceeded\) \); run destroy again once AWS answers/);
    expect(result.stderr).not.toMatch(/credentials/);
  });

  test.each([
    ['exported session keys past their expiry', 'EXPIRED', /AWS said: An error occurred \(ExpiredToken\) when calling the DescribeVolumes operation: The security token included in the request is expired/],
    ['an SSO session past its end', 'SSO', /AWS said: Error when retrieving token from sso: Token has expired and refresh failed/],
  ])('credentials that expire mid-destroy (%s): it stops at once and says so in words, and how to go on', async (_what, answer, said) => {
    const result = await runWait(['vol-0aaa', answer], 1);
    expect(result.code).toBe(1);
    expect(result.calls).toHaveLength(2); // no retries: they cannot help
    expect(result.stderr).toContain(EXPIRED_CREDENTIALS_MESSAGE);
    expect(result.stderr).toMatch(said);
    expect(EXPIRED_CREDENTIALS_MESSAGE).toMatch(/^destroy stopped: the AWS credentials it runs with have expired .* run the same destroy again; it resumes where it stopped/);
  });

  test('fails destroy, naming the volumes, when they are still there after the timeout', async () => {
    const result = await runWait(['vol-0ccc'], 400); // 400 s per clock read: past 900 s on the third poll
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/EBS volumes still exist after 900s: vol-0ccc/);
    expect(result.stderr).toMatch(/npm run leftovers/);
  });
});
