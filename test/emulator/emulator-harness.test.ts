import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, request, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { AwsCallRecorder, isAwsCli, isRemoval } from '../support/aws-call-recorder';
import { deployLevels, EMULATOR_PLAN_DIFFERENCES, planDifferences } from '../support/emulator-round-trip';
import { emulatorCopy, emulatorOverride, LEFT_OUT_OF_EMULATOR } from '../support/emulator-terraform';
import { classConfig, labConfig, StackJson, stackDependencies, synthLab } from '../support/fixtures';
import { discoverMoto, MOTO_INSTALL_HINT, MOTO_SERVER_ENV } from '../support/moto-server';
import { blocksOf, dependencyClosure } from '../support/terraform-graph';
import { TerraformTools } from '../support/terraform-tools';

// The rules of the emulator harness itself, without moto: what the copy leaves out and how it keeps
// the rest valid and ordered, how calls are recorded, how plans are compared, how moto is found.

const TOOLS: TerraformTools = { available: true, terraform: '/usr/bin/terraform', mirror: '/opt/tf-plugins', awsVersion: '5.100.0' };

describe('the emulator copy: what moto does not implement is left out by one listed rule, and the rest stays valid and in order', () => {
  const lab = synthLab(labConfig())['eks-workshop-cluster'];
  const fleet = synthLab(classConfig(2));
  const participant = fleet['eks-workshop-p01-cluster'];

  test('the rule lists exactly the EKS add-on, access entry and access policy association types, each with its moto source', () => {
    expect(Object.keys(LEFT_OUT_OF_EMULATOR).sort()).toEqual(['aws_eks_access_entry', 'aws_eks_access_policy_association', 'aws_eks_addon']);
    for (const why of Object.values(LEFT_OUT_OF_EMULATOR)) expect(why).toMatch(/moto\/eks\/urls\.py:\d+-\d+/);
  });

  test.each([
    ['the single lab', lab, { aws_eks_addon: 6 }],
    ["a class participant's stack", participant, { aws_eks_addon: 6, aws_eks_access_entry: 2, aws_eks_access_policy_association: 2 }],
    ['the shared network', fleet['eks-workshop-network'], {}],
  ])('%s: leaves out exactly those resources, and no reference to them remains', (_name, stack, counts) => {
    const copy = emulatorCopy(stack as StackJson);
    const leftOut: Record<string, number> = {};
    copy.leftOut.forEach(({ address }) => (leftOut[address.split('.')[0]] = (leftOut[address.split('.')[0]] ?? 0) + 1));
    expect(leftOut).toEqual(counts);
    const text = JSON.stringify(copy.json);
    for (const type of Object.keys(LEFT_OUT_OF_EMULATOR)) expect(text).not.toContain(`${type}.`);
    expect(Object.keys(copy.json.resource).filter((type) => type in LEFT_OUT_OF_EMULATOR)).toEqual([]);
  });

  test.each([
    ['the single lab', lab],
    ["a class participant's stack", participant],
  ])('%s: every kept resource still comes after (and goes before) everything it did, left-out resources aside', (_name, stack) => {
    const copy = emulatorCopy(stack);
    const leftOut = new Set(copy.leftOut.map((l) => l.address));
    for (const address of blocksOf(copy.json).keys()) {
      const before = [...dependencyClosure(stack, address)].filter((a) => !leftOut.has(a)).sort();
      expect([address, [...dependencyClosure(copy.json, address)].sort()]).toEqual([address, before]);
    }
  });

  test("the volume wait's dependencies on the add-ons become what the add-ons stood on: the nodes, the driver's role, the cluster", () => {
    const copy = emulatorCopy(lab);
    // The wait itself: the cluster stack holds other terraform_data (the log group guard and cleanup).
    const waitId = Object.keys(copy.json.resource.terraform_data).find((id) => id.startsWith('Eks_VolumeReleaseWait_'));
    if (waitId === undefined) throw new Error(`no volume wait among ${Object.keys(copy.json.resource.terraform_data).join(', ')}`);
    const dependsOn = copy.json.resource.terraform_data[waitId].depends_on ?? [];
    expect(dependsOn.filter((d) => d.startsWith('aws_eks_addon'))).toEqual([]);
    expect(dependsOn).toEqual(
      expect.arrayContaining([
        'aws_eks_cluster.Eks_ControlPlane_Cluster_B01B6D2C',
        'aws_eks_node_group.Eks_Nodes_NodeGroup_4F85A290',
        'aws_iam_role.Eks_EbsCsiRole_2017A1C3',
      ]),
    );
    expect(copy.rewrites.filter((r) => r.at === `terraform_data.${waitId}`).map((r) => r.from)).toHaveLength(5);
  });

  test('an interpolation of a left-out resource becomes a marked literal, and is listed', () => {
    const stack = JSON.parse(JSON.stringify(lab)) as StackJson & { output: Record<string, { value: unknown }> };
    const [addonId] = Object.keys(stack.resource.aws_eks_addon);
    stack.output.addon_arn = { value: `arn is \${aws_eks_addon.${addonId}.arn}` };
    const copy = emulatorCopy(stack);
    expect(copy.json.output.addon_arn.value).toBe(`arn is emulator-left-out:aws_eks_addon.${addonId}.arn`);
    expect(copy.rewrites).toContainEqual({
      at: 'output.addon_arn',
      field: 'value',
      from: `\${aws_eks_addon.${addonId}.arn}`,
      to: `emulator-left-out:aws_eks_addon.${addonId}.arn`,
    });
  });

  test('endpoints: exactly the services the stack uses, plus STS; a type without one stops the copy', () => {
    expect(emulatorCopy(lab).endpointKeys).toEqual(['ec2', 'eks', 'iam', 'logs', 'sts']);
    const maximal = synthLab(labConfig({ labName: 'maximal', secretsEncryption: 'customer-managed' }))['maximal-cluster'];
    expect(emulatorCopy(maximal).endpointKeys).toEqual(['ec2', 'eks', 'iam', 'kms', 'logs', 'sts']);
    const unknown = { ...lab, resource: { ...lab.resource, aws_sqs_queue: { Q: {} } } };
    expect(() => emulatorCopy(unknown)).toThrow('emulator copy: resource type aws_sqs_queue has no emulator endpoint: add its service to ENDPOINT_OF_TYPE');
  });

  test('the override points every endpoint at the emulator, pins the mirrored provider, and skips no check', () => {
    const override = emulatorOverride(TOOLS, emulatorCopy(lab), 'http://127.0.0.1:1234') as {
      terraform: unknown;
      provider: { aws: Array<Record<string, unknown>> };
    };
    expect(override.terraform).toEqual({ required_providers: { aws: { source: 'hashicorp/aws', version: '5.100.0' } } });
    const [aws] = override.provider.aws;
    expect(aws.endpoints).toEqual([{ ec2: 'http://127.0.0.1:1234', eks: 'http://127.0.0.1:1234', iam: 'http://127.0.0.1:1234', logs: 'http://127.0.0.1:1234', sts: 'http://127.0.0.1:1234' }]);
    expect(Object.keys(aws).filter((key) => key.startsWith('skip_'))).toEqual(['skip_metadata_api_check']);
  });

  test('a stack with S3 state, or with a second AWS provider, is refused with what it has', () => {
    const s3 = synthLab(labConfig({ state: { backend: 's3', bucket: 'lab-state' } }))['eks-workshop-cluster'];
    expect(() => emulatorOverride(TOOLS, emulatorCopy(s3), 'http://x')).toThrow("the stack's state backend must be local (the configuration's default), not s3");
    const twoProviders = { ...lab, provider: { aws: [{}, { alias: 'east' }] } } as StackJson;
    expect(() => emulatorOverride(TOOLS, emulatorCopy(twoProviders), 'http://x')).toThrow('exactly one provider, aws without alias');
  });
});

describe('the deployment levels follow the manifest as cdktf does', () => {
  test('a class: the network, then every participant at once; a cycle is refused', () => {
    const config = classConfig(3);
    const stacks = ['eks-workshop-network', 'eks-workshop-p01-cluster', 'eks-workshop-p02-cluster', 'eks-workshop-p03-cluster'];
    expect(deployLevels(stackDependencies(config), stacks)).toEqual([['eks-workshop-network'], stacks.slice(1)]);
    expect(() => deployLevels({ a: ['b'], b: ['a'] }, ['a', 'b'])).toThrow('stack dependencies form a cycle among a, b');
  });
});

describe('plan differences: what a second plan would change, told apart from what follows from it', () => {
  const change = (actions: string[], before: unknown, after: unknown, afterUnknown: unknown = {}) => ({
    resource_changes: [{ address: 'aws_x.a', type: 'aws_x', change: { actions, before, after, after_unknown: afterUnknown } }],
  });

  test('a changed attribute counts; an unknown one (known after apply) and empty against unset do not', () => {
    const show = change(
      ['delete', 'create'],
      { name: 'a', tags: {}, arn: 'arn:1', block: [], nested: [{ x: 1, id: 'i' }] },
      { name: 'a', tags: null, arn: null, block: [{ y: 2 }], nested: [{ x: 1, id: null }] },
      { arn: true, nested: [{ id: true }] },
    );
    expect(planDifferences(show).map((d) => d.attribute)).toEqual(['block']);
  });

  test('no-op and read are no change; a resource to create or delete is one', () => {
    expect(planDifferences(change(['no-op'], { a: 1 }, { a: 2 }))).toEqual([]);
    expect(planDifferences(change(['read'], { a: 1 }, { a: 2 }))).toEqual([]);
    expect(planDifferences(change(['create'], null, { a: 1 })).map((d) => d.attribute)).toEqual(['(created)']);
    expect(planDifferences(change(['delete'], { a: 1 }, null)).map((d) => d.attribute)).toEqual(['(deleted)']);
  });

  test("every difference listed as moto's names the moto source that causes it", () => {
    for (const entry of EMULATOR_PLAN_DIFFERENCES) expect([entry.type, entry.why]).toEqual([entry.type, expect.stringMatching(/moto\/[a-z0-9_/]+\.py:\d+/)]);
  });
});

describe('the call recorder: who called which API when, through its own endpoint', () => {
  let upstream: Server;
  let recorder: AwsCallRecorder;

  beforeAll(async () => {
    upstream = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(req.url?.includes('fail') ? 400 : 200, { 'content-type': 'text/plain' });
        res.end(req.url?.includes('fail') ? '<Error><Code>Nope</Code></Error>' : 'ok');
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    recorder = new AwsCallRecorder(`http://127.0.0.1:${(upstream.address() as AddressInfo).port}`);
  });

  afterAll(async () => {
    await recorder.close();
    await new Promise((resolve) => upstream.close(resolve));
  });

  function send(url: string, method: string, pathname: string, headers: Record<string, string>, body = ''): Promise<number> {
    return new Promise((resolve, reject) => {
      const req = request(`${url}${pathname}`, { method, headers }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  const auth = (service: string) => `AWS4-HMAC-SHA256 Credential=AKIA/20261201/us-west-2/${service}/aws4_request, SignedHeaders=host, Signature=x`;

  test('query, JSON and REST calls are named by their action, per endpoint label, answers passed through', async () => {
    const a = await recorder.endpoint('stack-a');
    const b = await recorder.endpoint('stack-b');
    const form = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
    expect(await send(a, 'POST', '/', { ...form, authorization: auth('ec2'), 'user-agent': 'aws-cli/1.45.11 Python/3.11' }, 'Action=DescribeVolumes&Version=2016-11-15')).toBe(200);
    expect(await send(b, 'POST', '/', { ...form, authorization: auth('iam'), 'user-agent': 'APN/1.0 HashiCorp/1.0 Terraform/1.11.4' }, 'Action=DetachRolePolicy')).toBe(200);
    expect(await send(b, 'POST', '/', { 'x-amz-target': 'Logs_20140328.DeleteLogGroup', authorization: auth('logs') }, '{}')).toBe(200);
    expect(await send(b, 'DELETE', '/clusters/lab/node-groups/default', { authorization: auth('eks') })).toBe(200);
    expect(await send(b, 'GET', '/fail', { authorization: auth('eks') })).toBe(400);

    expect(recorder.callsOf('stack-a').map((c) => [c.service, c.action, isAwsCli(c), isRemoval(c)])).toEqual([['ec2', 'DescribeVolumes', true, false]]);
    expect(recorder.callsOf('stack-b').map((c) => [c.service, c.action, isAwsCli(c), isRemoval(c)])).toEqual([
      ['iam', 'DetachRolePolicy', false, true],
      ['logs', 'DeleteLogGroup', false, true],
      ['eks', 'DELETE /clusters/lab/node-groups/default', false, true],
      ['eks', 'GET /fail', false, false],
    ]);
    const failed = recorder.callsOf('stack-b')[3];
    expect([failed.status, failed.error]).toEqual([400, '<Error><Code>Nope</Code></Error>']);
    expect(recorder.calls.every((c) => c.endedAt >= c.startedAt)).toBe(true);
  });
});

describe('finding moto', () => {
  const bin = mkdtempSync(path.join(tmpdir(), 'lab-moto-discovery-'));
  const executable = (name: string, body: string) => {
    writeFileSync(path.join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(path.join(bin, name), 0o755);
    return path.join(bin, name);
  };

  test(`${MOTO_SERVER_ENV} naming something that does not exist is an error, not a skip`, () => {
    expect(() => discoverMoto({ [MOTO_SERVER_ENV]: '/nonexistent/moto_server', PATH: '' })).toThrow(
      'MOTO_SERVER ("/nonexistent/moto_server") must name an executable: not found',
    );
  });

  test(`${MOTO_SERVER_ENV} naming a Python without moto is an error that says how to install it`, () => {
    const python = executable('python3', 'exit 1');
    expect(() => discoverMoto({ [MOTO_SERVER_ENV]: python, PATH: '' })).toThrow(/must be a Python with moto's server: `import moto.server` failed \(pip install "moto\[server\]==5\.2\.1"/);
  });

  test(`${MOTO_SERVER_ENV} naming a moto_server command runs it as is; a Python runs -m moto.server`, () => {
    const server = executable('moto_server', 'exit 0');
    expect(discoverMoto({ [MOTO_SERVER_ENV]: server, PATH: '' })).toEqual({ available: true, command: server, args: [] });
    const python = executable('python3.11', 'exit 0');
    expect(discoverMoto({ [MOTO_SERVER_ENV]: python, PATH: '' })).toEqual({ available: true, command: python, args: ['-m', 'moto.server'] });
  });

  test('unset and no usable python3 on PATH: missing, with the install hint (under CI the suites then fail; elsewhere they skip loudly)', () => {
    expect(discoverMoto({ PATH: '' })).toEqual({ available: false, tool: 'moto', reason: 'no MOTO_SERVER and no python3 on PATH', install: MOTO_INSTALL_HINT });
    const dir = mkdtempSync(path.join(tmpdir(), 'lab-moto-nopython-'));
    writeFileSync(path.join(dir, 'python3'), '#!/bin/sh\nexit 1\n');
    chmodSync(path.join(dir, 'python3'), 0o755);
    expect(discoverMoto({ PATH: dir })).toEqual({
      available: false,
      tool: 'moto',
      reason: `${path.join(dir, 'python3')} cannot import moto.server and MOTO_SERVER is unset`,
      install: MOTO_INSTALL_HINT,
    });
  });
});
