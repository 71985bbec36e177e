import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { LOG_GROUP_WATCH_ENV } from '../../lib/cluster/control-plane-log-group';
import { VOLUME_WAIT_INTERVAL_ENV } from '../../lib/cluster/volume-release-wait';
import { AwsCallRecorder } from '../support/aws-call-recorder';
import { emulatorClients, EmulatorClients } from '../support/emulator-inventory';
import { apply, createVolume, csiVolumeTags, destroyOrder, destroyWhileDriverDeletes, emulatorToolsOrSkip, namesInState, step } from '../support/emulator-round-trip';
import { EmulatorWorkspace } from '../support/emulator-terraform';
import { verifyNetwork } from '../support/emulator-verify';
import { labConfig, StackJson, synthLab, TfBlock } from '../support/fixtures';
import { MotoServer } from '../support/moto-server';
import { stopRunningTerraform } from '../support/terraform-tools';

// The round trips' checks fail when the lab is broken on purpose: the destroy order of the old
// volume wait, a name chosen at apply time, a missing tag. Each break is applied to the synthesized
// single lab and run against a fresh emulator through the same steps the round trips use.

const TRIP = 'deliberate breaks';
const tools = emulatorToolsOrSkip('emulator round trips with deliberate breaks (destroy order, a name, a tag)');
const describeEmulator = tools ? describe : describe.skip;

const STACK = 'eks-workshop-cluster';
const LAB_TAGS = { lab: 'eks-workshop', env: 'eks-workshop', 'created-by': 'eks-workshop-lab' };

/** A deep copy of the default lab's cluster stack, changed by `change`. */
function brokenLab(change: (stack: StackJson) => void): StackJson {
  const stack = JSON.parse(JSON.stringify(synthLab(labConfig())[STACK])) as StackJson;
  change(stack);
  return stack;
}

/** The one block of `type` in `stack`. */
function only(stack: StackJson, type: string, where: (id: string) => boolean = () => true): TfBlock[] {
  return Object.entries(stack.resource[type] ?? {})
    .filter(([id]) => where(id))
    .map(([, block]) => block);
}

describeEmulator('deliberate breaks make a round trip fail', () => {
  let moto: MotoServer;
  let recorder: AwsCallRecorder;
  let clients: EmulatorClients;
  const workspaces: EmulatorWorkspace[] = [];

  beforeAll(async () => {
    moto = await MotoServer.start((tools as NonNullable<typeof tools>).moto);
    recorder = new AwsCallRecorder(moto.url);
    clients = emulatorClients(moto.url, 'us-west-2');
  }, 120_000);

  beforeEach(async () => {
    await moto.reset();
  });

  afterAll(async () => {
    stopRunningTerraform();
    await recorder?.close();
    await moto?.stop();
    workspaces.forEach((w) => w.remove());
  });

  async function workspaceOf(stack: StackJson, label: string): Promise<EmulatorWorkspace> {
    const workspace = await EmulatorWorkspace.create((tools as NonNullable<typeof tools>).terraform, { [STACK]: stack }, () => recorder.endpoint(label), {
      env: { [VOLUME_WAIT_INTERVAL_ENV]: '1', [LOG_GROUP_WATCH_ENV]: '0' },
    });
    workspaces.push(workspace);
    await workspace.init();
    return workspace;
  }

  test('destroy order: with the old wait (no CoreDNS, no public routes or internet gateway), the public routes go while it still polls', async () => {
    const stack = brokenLab((s) => {
      // The wait itself: the cluster stack holds other terraform_data (the log group guard and cleanup).
      const [wait] = only(s, 'terraform_data', (id) => id.startsWith('Eks_VolumeReleaseWait_'));
      wait.depends_on = (wait.depends_on ?? []).filter(
        (d) => !/^aws_route_table(_association)?\.Network_Public|^aws_internet_gateway\.|^aws_eks_addon\.Eks_CoreDns/.test(d),
      );
      // The nodes did not wait for the network's way out either.
      const [nodes] = only(s, 'aws_eks_node_group');
      nodes.depends_on = (nodes.depends_on ?? []).filter((d) => !/^aws_(route_table|route_table_association|nat_gateway|internet_gateway)\./.test(d));
    });
    const stackOf = (await workspaceOf(stack, 'order')).stack(STACK);
    await step(TRIP, 'order: apply', () => apply(stackOf));
    const volume = await createVolume(clients.ec2, 'us-west-2a', csiVolumeTags(stack, { namespace: 'catalog', name: 'data-catalog-mysql-0' }));
    const since = Date.now();
    const observed = await step(TRIP, 'order: destroy', () => destroyWhileDriverDeletes(stackOf, clients.ec2, volume));
    expect(observed.sightings).toBe(2);
    // The check the round trip makes (nothing removed before the wait ended) fails, naming the calls.
    const early = destroyOrder(recorder, 'order', since).removedBeforeWaitEnded;
    process.stdout.write(`[emulator ${TRIP}] order: removed before the wait ended: ${early.join(', ')}\n`);
    expect(early).toEqual(expect.arrayContaining(['ec2 DisassociateRouteTable', 'ec2 DeleteRouteTable']));
    expect(() => expect(early).toEqual([])).toThrow();
  }, 600_000);

  test('a name: a role named at apply time (name_prefix) gets another name on the next apply', async () => {
    const stack = brokenLab((s) => {
      const [role] = only(s, 'aws_iam_role', (id) => id.startsWith('Eks_Nodes_NodeRole'));
      delete role.name;
      role.name_prefix = 'eks-workshop-node-';
    });
    const workspace = await workspaceOf(stack, 'name');
    await step(TRIP, 'name: apply', () => apply(workspace.stack(STACK)));
    const first = await namesInState(workspace.stack(STACK));
    // As after a destroy: an empty emulator and no state.
    await moto.reset();
    rmSync(path.join(workspace.root, `terraform.${STACK}.tfstate`));
    await step(TRIP, 'name: apply again', () => apply(workspace.stack(STACK)));
    const second = await namesInState(workspace.stack(STACK));
    const roleNames = (names: string[]) => names.filter((n) => n.startsWith('aws_iam_role eks-workshop-node'));
    expect(roleNames(first)).toEqual([expect.stringMatching(/^aws_iam_role eks-workshop-node-\d+/)]);
    // The round trip's check, the same names on the second apply, fails.
    expect(second).not.toEqual(first);
    expect(roleNames(second)).not.toEqual(roleNames(first));
  }, 600_000);

  test('a tag: without the lab tag in the default tags, the SDK verification fails on the VPC', async () => {
    const stack = brokenLab((s) => {
      const [provider] = s.provider?.aws ?? [];
      const [defaults] = provider.default_tags as Array<{ tags: Record<string, string> }>;
      delete defaults.tags.lab;
    });
    const workspace = await workspaceOf(stack, 'tag');
    await step(TRIP, 'tag: apply', () => apply(workspace.stack(STACK)));
    await expect(
      verifyNetwork(clients, {
        namePrefix: 'eks-workshop',
        vpcCidr: '10.42.0.0/16',
        publicSubnets: [['us-west-2a', '10.42.0.0/19'], ['us-west-2b', '10.42.32.0/19'], ['us-west-2c', '10.42.64.0/19']],
        privateSubnets: [['us-west-2a', '10.42.96.0/19'], ['us-west-2b', '10.42.128.0/19'], ['us-west-2c', '10.42.160.0/19']],
        tags: LAB_TAGS,
      }),
    ).rejects.toThrow(/"lab": "eks-workshop"/);
  }, 600_000);
});
