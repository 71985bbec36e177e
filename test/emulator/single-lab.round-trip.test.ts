import { CreateLogGroupCommand, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DeleteVolumeCommand, DescribeVolumesCommand } from '@aws-sdk/client-ec2';
import { LOG_GROUP_WATCH_ENV } from '../../lib/cluster/control-plane-log-group';
import { VOLUME_WAIT_INTERVAL_ENV } from '../../lib/cluster/volume-release-wait';
import { ebsCsiDriverPolicy } from '../../lib/plan/add-ons/ebs-csi-driver-policy';
import { AwsCallRecorder, isAwsCli } from '../support/aws-call-recorder';
import { emulatorClients, EmulatorClients, Inventory, inventoryAdded, takeInventory } from '../support/emulator-inventory';
import { PreflightResult } from '../../lib/operations/preflight/preflight-check';
import type { PreflightReport } from '../../lib/operations/preflight/preflight-report';
import {
  apply,
  buildCommands,
  commandAgainstEmulator,
  createVolume,
  csiVolumeTags,
  destroyOrder,
  destroyWhileDriverDeletes,
  emulatorToolsOrSkip,
  leftoversAfterDestroy,
  leftoversAgainstEmulator,
  namesInState,
  planAgain,
  printLeftOut,
  rootVolumeTags,
  roundTripSteps,
  expectOnlyMotoGapsNotChecked,
} from '../support/emulator-round-trip';
import { EmulatorStack, EmulatorWorkspace } from '../support/emulator-terraform';
import { verifyCluster, verifyNetwork, verifyRoles } from '../support/emulator-verify';
import { labConfig, planOf, synthLab } from '../support/fixtures';
import { MotoServer } from '../support/moto-server';
import { stopRunningTerraform } from '../support/terraform-tools';

const TRIP = 'single lab';
const tools = emulatorToolsOrSkip(`emulator round trip of the single lab (apply, verify, destroy, leftovers, apply again)`);
const describeEmulator = tools ? describe : describe.skip;

const CONFIG = labConfig();
const STACK = 'eks-workshop-cluster';
/** The default tags of every AWS resource of the default lab. */
const LAB_TAGS = { lab: 'eks-workshop', env: 'eks-workshop', 'created-by': 'eks-workshop-lab' };

describeEmulator('the default single lab against moto: apply, verify, destroy, nothing left, apply again with the same names', () => {
  const synthesized = synthLab(CONFIG);
  const workloads = Object.keys(synthesized).filter((name) => name !== STACK);
  let moto: MotoServer;
  let recorder: AwsCallRecorder;
  let clients: EmulatorClients;
  let workspace: EmulatorWorkspace;
  let stack: EmulatorStack;
  let before: Inventory;
  let firstNames: string[];
  const roundTrip = roundTripSteps(TRIP);
  const { nodeGroup } = planOf(CONFIG);
  const nodeAndLogs = { instanceTypes: nodeGroup.instanceTypes, amiType: nodeGroup.amiType, logTypes: CONFIG.controlPlaneLogTypes };

  beforeAll(async () => {
    const found = tools as NonNullable<typeof tools>;
    moto = await MotoServer.start(found.moto);
    recorder = new AwsCallRecorder(moto.url);
    clients = emulatorClients(moto.url, CONFIG.region);
    before = await takeInventory(clients);
    workspace = await EmulatorWorkspace.create(found.terraform, { [STACK]: synthesized[STACK] }, (name) => recorder.endpoint(name), {
      // Poll every second; watch 15 s for the log group EKS re-creates (production: every 15 s, for 180 s).
      env: { [VOLUME_WAIT_INTERVAL_ENV]: '1', [LOG_GROUP_WATCH_ENV]: '15' },
    });
    await workspace.init();
    buildCommands();
    stack = workspace.stack(STACK);
    printLeftOut(TRIP, [stack], workloads);
  }, 120_000);

  afterAll(async () => {
    stopRunningTerraform();
    await recorder?.close();
    await moto?.stop();
    workspace?.remove();
  });

  /** `npm run preflight -- --json` against the emulator, as a user runs it. */
  const preflight = async () => {
    const { code, stdout, stderr } = await commandAgainstEmulator('preflight', ['--json'], { endpoint: moto.url, config: CONFIG, dir: workspace.root });
    const report = JSON.parse(stdout) as PreflightReport;
    const rows = (word: string) => report.rows.filter((r) => r.check.toLowerCase().includes(word));
    return { code, report, rows, stderr };
  };

  roundTrip('preflight before the first deploy (the real command, SDK pointed at moto): nothing would fail', async () => {
    const { code, report, rows } = await preflight();
    expect(report.rows.filter((r) => r.result === PreflightResult.FAIL)).toEqual([]);
    expectOnlyMotoGapsNotChecked(report, code);
    expect(report.identity.account).toBe('123456789012'); // moto's account
    // Nothing of the lab exists yet; the deploying identity is made admin (no admins are listed).
    expect(rows('names').length).toBeGreaterThan(0);
    expect(rows('names').every((r) => r.result === PreflightResult.PASS)).toBe(true);
  });

  roundTrip('apply: terraform creates every resource of the emulator copy', async () => {
    await apply(stack);
    const resources = Object.values(stack.copy.json.resource).reduce((n, byName) => n + Object.keys(byName).length, 0);
    expect((await stack.tf('state', 'list')).split('\n').filter(Boolean)).toHaveLength(resources);
    expect(stack.copy.leftOut.map((l) => l.address.split('.')[0]).sort()).toEqual(Array(6).fill('aws_eks_addon'));
    firstNames = await namesInState(stack);
  });

  roundTrip('verify through the SDK: VPC, subnets, NAT, routes, IAM roles and trust, log group, cluster, nodes, launch template', async () => {
    const network = await verifyNetwork(clients, {
      namePrefix: 'eks-workshop',
      vpcCidr: '10.42.0.0/16',
      // The workshop's layout: public /19s at .0, .32, .64 and private /19s at .96, .128, .160.
      publicSubnets: [['us-west-2a', '10.42.0.0/19'], ['us-west-2b', '10.42.32.0/19'], ['us-west-2c', '10.42.64.0/19']],
      privateSubnets: [['us-west-2a', '10.42.96.0/19'], ['us-west-2b', '10.42.128.0/19'], ['us-west-2c', '10.42.160.0/19']],
      tags: LAB_TAGS,
    });
    const arns = await verifyRoles(
      clients,
      [
        { name: 'eks-workshop-cluster', service: 'eks.amazonaws.com', actions: ['sts:AssumeRole', 'sts:TagSession'], policies: ['AmazonEKSClusterPolicy'] },
        {
          name: 'eks-workshop-node',
          service: 'ec2.amazonaws.com',
          actions: ['sts:AssumeRole'],
          // The VPC CNI's permissions are on aws-node's own role (Pod Identity), not here.
          policies: ['AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryPullOnly'],
        },
        { name: 'eks-workshop-vpc-cni', service: 'pods.eks.amazonaws.com', actions: ['sts:AssumeRole', 'sts:TagSession'], policies: ['AmazonEKS_CNI_Policy'] },
        {
          name: 'eks-workshop-ebs-csi-driver',
          service: 'pods.eks.amazonaws.com',
          actions: ['sts:AssumeRole', 'sts:TagSession'],
          policies: [],
          // Read back from the emulator: Terraform passed the policy variables on as written ($${...} in the JSON).
          inline: { 'ebs-csi-controller-sa': ebsCsiDriverPolicy('aws') },
        },
      ],
      LAB_TAGS,
    );
    await verifyCluster(clients, {
      name: 'eks-workshop',
      version: CONFIG.kubernetesVersion,
      roleArn: arns['eks-workshop-cluster'],
      nodeRoleArn: arns['eks-workshop-node'],
      subnetIds: network.privateSubnetIds,
      publicAccessCidrs: ['0.0.0.0/0'],
      logRetentionDays: 7,
      tags: LAB_TAGS,
      ...nodeAndLogs,
    });
  });

  roundTrip('a second plan right after apply changes nothing but what moto is known to answer differently', async () => {
    const { unexplained, notSeen } = await planAgain(stack);
    expect(unexplained).toEqual([]);
    expect(notSeen).toEqual([]);
  });

  roundTrip("leftovers (the project's own check) finds the running lab", async () => {
    const { code, report } = await leftoversAgainstEmulator(clients, CONFIG, workspace.root);
    expect(code).toBe(1);
    const found = report.groups.flatMap((g) => g.resources.map((r) => `${r.service}:${r.resourceType}`));
    expect(found).toEqual(expect.arrayContaining(['ec2:vpc', 'ec2:subnet', 'ec2:natgateway', 'ec2:internet-gateway', 'ec2:route-table']));
  });

  roundTrip('destroy: the wait polls while a CSI volume exists, ends only once it is deleted, and nothing is removed before; the log group EKS re-creates is removed', async () => {
    const csiVolume = await createVolume(clients.ec2, 'us-west-2a', csiVolumeTags(synthesized[STACK], { namespace: 'catalog', name: 'data-catalog-mysql-0' }));
    // A node's root volume carries the lab's tags too and lives until the nodes go, after the wait.
    const rootVolume = await createVolume(clients.ec2, 'us-west-2a', rootVolumeTags(synthesized[STACK]));
    const since = Date.now();
    const logGroup = '/aws/eks/eks-workshop/cluster';
    const observed = await destroyWhileDriverDeletes(stack, clients.ec2, csiVolume, { recreateLogGroup: { logs: clients.logs, name: logGroup } });
    // EC2 deletes the root volumes with the instances (deleteOnTermination) when the node group goes.
    await clients.ec2.send(new DeleteVolumeCommand({ VolumeId: rootVolume }));

    expect(observed.idsWaitedFor).toEqual([csiVolume]);
    expect(observed.sightings).toBe(2);
    expect(observed.waitSawNoneLeft).toBe(true);
    const order = destroyOrder(recorder, STACK, since);
    // Polls that saw the volume, then the one that did not, which ends the wait.
    expect(order.waitPolls.length).toBeGreaterThanOrEqual(3);
    expect(order.waitPolls.every((c) => c.status === 200)).toBe(true);
    expect(order.waitEndedAt).toBeGreaterThan(observed.volumeDeletedAt);
    expect(order.removals.length).toBeGreaterThan(20);
    expect(order.removedBeforeWaitEnded).toEqual([]);
    expect(order.removals.filter((c) => c.status >= 400).map((c) => `${c.action}: ${c.error}`)).toEqual([]);

    // The cleanup ran after the cluster and Terraform's own group were gone, and deleted what "EKS" re-created.
    const ofStack = recorder.calls.filter((c) => c.label === STACK && c.startedAt >= since);
    const clusterDeletes = ofStack.filter((c) => !isAwsCli(c) && c.action === 'DELETE /clusters/eks-workshop');
    expect(clusterDeletes.map((c) => c.status)).toEqual([200]);
    const clusterDeleted = clusterDeletes[0].endedAt;
    const providerDeletes = ofStack.filter((c) => !isAwsCli(c) && c.action === 'DeleteLogGroup');
    const cleanupDeletes = ofStack.filter((c) => isAwsCli(c) && c.action === 'DeleteLogGroup');
    expect(providerDeletes.map((c) => c.status)).toEqual([200]);
    expect(providerDeletes[0].startedAt).toBeGreaterThan(clusterDeleted);
    expect(observed.logGroupRecreatedAt).toBeGreaterThan(providerDeletes[0].endedAt);
    expect(cleanupDeletes.map((c) => c.status)).toEqual([200]);
    expect(cleanupDeletes[0].startedAt).toBeGreaterThan(observed.logGroupRecreatedAt);
    expect(observed.logGroupDeletions).toBe(1);
    expect((await clients.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: logGroup }))).logGroups ?? []).toEqual([]);
  });

  roundTrip('after destroy nothing the lab created is left in the emulator', async () => {
    expect(inventoryAdded(before, await takeInventory(clients))).toEqual({});
    expect((await clients.ec2.send(new DescribeVolumesCommand({}))).Volumes ?? []).toEqual([]);
  });

  roundTrip("after destroy leftovers (the project's own check) reports nothing (exit 0, no log group), the Tagging API's deleted NAT gateway not counted", async () => {
    const { code, report, resources } = await leftoversAfterDestroy(clients, CONFIG, workspace.root);
    expect(resources).toEqual([]);
    expect([code, report.total]).toEqual([0, 0]);
    // moto's Tagging API still lists the deleted NAT gateway, as AWS's does for a while; EC2 says it is deleted.
    expect(report.ignored.filter((i) => i.arn.includes(':natgateway/'))).toEqual([expect.objectContaining({ why: 'NAT gateway in state deleted' })]);
  });

  roundTrip('a log group EKS re-creates only after the watch ended (untagged): leftovers finds it by name', async () => {
    // What AWS does and moto does not (terraform-aws-eks#2763), here later than the destroy watched for it.
    await clients.logs.send(new CreateLogGroupCommand({ logGroupName: '/aws/eks/eks-workshop/cluster' }));
    const { code, resources } = await leftoversAfterDestroy(clients, CONFIG, workspace.root);
    expect(code).toBe(1);
    expect(resources.map((r) => [r.service, r.resourceType, r.id])).toEqual([['logs', 'log-group', '/aws/eks/eks-workshop/cluster']]);
    // Found by its name; moto's Tagging API may still list the deleted group of the same ARN, with its old tags.
    expect(resources[0].foundBy).toContain('log-groups-by-name');
  });

  roundTrip('preflight after destroy: the re-created log group is said (the guard removes it), nothing would fail', async () => {
    const { code, report } = await preflight();
    const logGroupRows = report.rows.filter((r) => r.figure.includes('/aws/eks/eks-workshop/cluster'));
    expect(logGroupRows.map((r) => r.result)).toEqual([PreflightResult.WARN]);
    expect(report.rows.filter((r) => r.result === PreflightResult.FAIL)).toEqual([]);
    expectOnlyMotoGapsNotChecked(report, code);
  });

  roundTrip('apply again: the same names work, the leftover log group is replaced by ours, nothing collides', async () => {
    const since = Date.now();
    await apply(stack);
    const [group] = (await clients.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/eks/eks-workshop/cluster' }))).logGroups ?? [];
    expect(group.retentionInDays).toBe(7); // Terraform's own group, not the untagged leftover
    // The guard's aws CLI deleted the leftover (moto, like AWS, refuses to create a group that exists).
    const cliDeletes = recorder.calls.filter((c) => c.label === STACK && c.startedAt >= since && isAwsCli(c) && c.action === 'DeleteLogGroup');
    expect(cliDeletes.map((c) => c.status)).toEqual([200]);
    expect(await namesInState(stack)).toEqual(firstNames);
    expect(firstNames).toEqual([
      'aws_cloudwatch_log_group /aws/eks/eks-workshop/cluster',
      'aws_eks_cluster eks-workshop',
      'aws_iam_role eks-workshop-cluster',
      'aws_iam_role eks-workshop-ebs-csi-driver',
      'aws_iam_role eks-workshop-node',
      'aws_iam_role eks-workshop-vpc-cni',
      'aws_launch_template eks-workshop-nodes',
    ]);
  });

  roundTrip("preflight with the lab running: its names are held by the lab's own state (a redeploy), nothing would fail", async () => {
    const { code, report, rows } = await preflight();
    expect(rows('names').every((r) => r.result === PreflightResult.PASS)).toBe(true);
    expect(report.rows.filter((r) => r.result === PreflightResult.FAIL)).toEqual([]);
    expectOnlyMotoGapsNotChecked(report, code);
  });

  roundTrip('destroy again: nothing is left', async () => {
    const since = Date.now();
    await stack.tf('destroy', '-input=false', '-no-color', '-auto-approve');
    expect(destroyOrder(recorder, STACK, since).removedBeforeWaitEnded).toEqual([]);
    expect(inventoryAdded(before, await takeInventory(clients))).toEqual({});
    expect((await leftoversAfterDestroy(clients, CONFIG, workspace.root)).resources).toEqual([]);
  });
});
