import { CreateNodegroupCommand, DeleteNodegroupCommand, DescribeClusterCommand } from '@aws-sdk/client-eks';
import { CreateRoleCommand, DeleteRoleCommand, GetRoleCommand, GetRoleCommandOutput, GetRolePolicyCommand, NoSuchEntityException } from '@aws-sdk/client-iam';
import { DeleteVolumeCommand, GetSubnetCidrReservationsCommand } from '@aws-sdk/client-ec2';
import { ebsCsiDriverPolicy } from '../../lib/plan/add-ons/ebs-csi-driver-policy';
import { AwsCallRecorder, isRemoval } from '../support/aws-call-recorder';
import { EmulatorClassRunner, reportRow } from '../support/emulator-class-runner';
import { emulatorClients, EmulatorClients, Inventory, inventoryAdded, takeInventory } from '../support/emulator-inventory';
import {
  createVolume,
  csiVolumeTags,
  destroyOrder,
  EMULATOR_DESTROY_ENV,
  emulatorToolsOrSkip,
  leftoversAfterDestroy,
  leftoversAgainstEmulator,
  namesInState,
  planAgain,
  printLeftOut,
  rootVolumeTags,
  roundTripSteps,
} from '../support/emulator-round-trip';
import { EmulatorWorkspace } from '../support/emulator-terraform';
import { FoundNetwork, verifyCluster, verifyNetwork, verifyRoles } from '../support/emulator-verify';
import { participantId, PERMISSION_SET_ROLE_ARN, planOf, ssoClassConfig, synthLab } from '../support/fixtures';
import { learnerTrustPolicy } from '../../lib/iam/learner-role';
import { MotoServer } from '../support/moto-server';
import { stopRunningTerraform } from '../support/terraform-tools';

const TRIP = 'class of 3 on Graviton';
const tools = emulatorToolsOrSkip(`emulator round trip of a class of three on Graviton nodes through the class runner (shared network, then three participants, one made to fail, destroyed in reverse)`);
const describeEmulator = tools ? describe : describe.skip;

/**
 * p01 with a role of their own, p02 and p03 IAM Identity Center users of one permission set; on Graviton
 * (arm64) nodes, with the data stores only (the store's DynamoDB Local is not confirmed for arm64): the
 * node groups get the arm64 AMI type. The single lab's round trip runs the default x86_64 nodes.
 */
const CONFIG = ssoClassConfig({ application: 'data-stores-only', nodeGroup: { instanceTypes: ['t4g.large'] } });
const NETWORK = 'eks-workshop-network';
const PARTICIPANTS = [0, 1, 2].map(participantId);
const clusterStack = (id: string) => `eks-workshop-${id}-cluster`;
const CLASS_TAGS = { lab: 'eks-workshop', env: 'eks-workshop', 'created-by': 'eks-workshop-lab', 'expires-on': '2026-12-31' };
const participantTags = (id: string) => ({ ...CLASS_TAGS, participant: id, env: `eks-workshop-${id}` });
/**
 * The participant made to fail: on deploy a name its cluster stack creates exists already; on destroy a
 * node group created by hand (not Terraform's) keeps EKS from deleting its cluster.
 */
const FAILING = 'p02';
const OBSTACLE_ROLE = `eks-workshop-${FAILING}-cluster`;
const HAND_MADE_NODE_GROUP = 'made-by-hand';

describeEmulator('a class of three on Graviton nodes (two of them IAM Identity Center users) against moto through npm run class: one participant fails, the others deploy and destroy, the network goes last', () => {
  const synthesized = synthLab(CONFIG);
  const awsStacks = [NETWORK, ...PARTICIPANTS.map(clusterStack)];
  const notRun = Object.keys(synthesized).filter((name) => !awsStacks.includes(name));
  let moto: MotoServer;
  let recorder: AwsCallRecorder;
  let clients: EmulatorClients;
  let workspace: EmulatorWorkspace;
  let runner: EmulatorClassRunner;
  let before: Inventory;
  let network: FoundNetwork;
  const firstNames: Record<string, string[]> = {};
  const roundTrip = roundTripSteps(TRIP);
  const callsSince = (name: string, since: number) => recorder.callsOf(name).filter((c) => c.startedAt >= since);
  const { nodeGroup } = planOf(CONFIG);
  const nodeAndLogs = { instanceTypes: nodeGroup.instanceTypes, amiType: nodeGroup.amiType, logTypes: CONFIG.controlPlaneLogTypes };

  beforeAll(async () => {
    const found = tools as NonNullable<typeof tools>;
    moto = await MotoServer.start(found.moto);
    recorder = new AwsCallRecorder(moto.url);
    clients = emulatorClients(moto.url, CONFIG.region);
    before = await takeInventory(clients);
    workspace = await EmulatorWorkspace.create(
      found.terraform,
      Object.fromEntries(awsStacks.map((name) => [name, synthesized[name]])),
      (name) => recorder.endpoint(name),
      { env: EMULATOR_DESTROY_ENV },
    );
    runner = new EmulatorClassRunner(found.terraform, workspace, CONFIG, clients.ec2, EMULATOR_DESTROY_ENV);
    runner.prepare(Object.fromEntries(notRun.map((name) => [name, synthesized[name]])));
    printLeftOut(TRIP, awsStacks.map((name) => workspace.stack(name)), notRun);
  }, 120_000);

  afterAll(async () => {
    stopRunningTerraform();
    await recorder?.close();
    await moto?.stop();
    workspace?.remove();
  });

  roundTrip(`deploy with ${FAILING} made to fail (its cluster role's name exists): the others deploy, ${FAILING} is named with its error, exit 1`, async () => {
    await clients.iam.send(new CreateRoleCommand({ RoleName: OBSTACLE_ROLE, AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [] }) }));
    const since = Date.now();
    const { code, stdout } = await runner.run(TRIP, ['deploy']);
    expect(code).toBe(1);
    expect(reportRow(stdout, NETWORK)).toMatch(/^\(shared\)\s+eks-workshop-network\s+deployed/);
    for (const id of ['p01', 'p03']) expect(reportRow(stdout, clusterStack(id))).toMatch(new RegExp(`^${id}\\s+${clusterStack(id)}\\s+deployed`));
    expect(reportRow(stdout, clusterStack(FAILING))).toMatch(/^p02\s+eks-workshop-p02-cluster\s+FAILED\s+.*apply$/);
    expect(stdout).toMatch(/^ {6}Error: creating IAM Role \(eks-workshop-p02-cluster\): .*EntityAlreadyExists/m);
    expect(stdout).toMatch(/^deploy: 2\/3 participants deployed; shared: eks-workshop-network deployed; FAILED: p02 \(apply of eks-workshop-p02-cluster\)$/m);
    expect(reportRow(stdout, 'eks-workshop-p01-workloads')).toMatch(/left out\s+left out by --kinds network,cluster$/);
    expect(stdout).toMatch(/^NOTE: 3 workloads stacks were not run \(--kinds network,cluster\): this run says nothing about them$/m);
    // The network first, then the participants.
    const networkEnd = Math.max(...callsSince(NETWORK, since).map((c) => c.endedAt));
    const participantsStart = Math.min(...PARTICIPANTS.flatMap((id) => callsSince(clusterStack(id), since).map((c) => c.startedAt)));
    expect(participantsStart).toBeGreaterThan(networkEnd);
  });

  roundTrip(`remove the obstacle and run the same command again: ${FAILING} completes, exit 0; status says every participant's AWS side is deployed`, async () => {
    await clients.iam.send(new DeleteRoleCommand({ RoleName: OBSTACLE_ROLE }));
    const { code, stdout } = await runner.run(TRIP, ['deploy']);
    expect(code).toBe(0);
    expect(reportRow(stdout, clusterStack(FAILING))).toMatch(/deployed/);
    expect(stdout).toMatch(/^deploy: 3\/3 participants deployed; shared: eks-workshop-network deployed$/m);
    for (const name of awsStacks) firstNames[name] = await namesInState(workspace.stack(name));
    const status = await runner.run(TRIP, ['status']);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^3 deployed \(states: local files in /m);
  });

  roundTrip('verify the shared network: one VPC, /18 private subnets with their prefix reservations, one NAT', async () => {
    network = await verifyNetwork(clients, {
      namePrefix: 'eks-workshop',
      vpcCidr: '10.42.0.0/16',
      publicSubnets: [['us-west-2a', '10.42.192.0/22'], ['us-west-2b', '10.42.196.0/22'], ['us-west-2c', '10.42.200.0/22']],
      privateSubnets: [['us-west-2a', '10.42.0.0/18'], ['us-west-2b', '10.42.64.0/18'], ['us-west-2c', '10.42.128.0/18']],
      tags: CLASS_TAGS,
    });
    const reservations = await Promise.all(
      network.privateSubnetIds.map(async (SubnetId) =>
        ((await clients.ec2.send(new GetSubnetCidrReservationsCommand({ SubnetId }))).SubnetIpv4CidrReservations ?? [])
          .map((r) => `${r.ReservationType} ${r.Cidr}`)
          .sort(),
      ),
    );
    // The upper 7/8 of each /18 kept for pod prefixes: a /19, a /20 and a /21.
    expect(reservations).toEqual([
      ['prefix 10.42.16.0/20', 'prefix 10.42.32.0/19', 'prefix 10.42.8.0/21'],
      ['prefix 10.42.72.0/21', 'prefix 10.42.80.0/20', 'prefix 10.42.96.0/19'],
      ['prefix 10.42.136.0/21', 'prefix 10.42.144.0/20', 'prefix 10.42.160.0/19'],
    ]);
  });

  roundTrip("verify each participant: own roles (an IAM Identity Center user's learner role) and cluster in the shared subnets (from the network's state), own tags", async () => {
    for (const id of PARTICIPANTS) {
      const name = `eks-workshop-${id}`;
      const arns = await verifyRoles(
        clients,
        [
          { name: `${name}-cluster`, service: 'eks.amazonaws.com', actions: ['sts:AssumeRole', 'sts:TagSession'], policies: ['AmazonEKSClusterPolicy'] },
          {
            name: `${name}-node`,
            service: 'ec2.amazonaws.com',
            actions: ['sts:AssumeRole'],
            policies: ['AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryPullOnly'],
          },
          { name: `${name}-vpc-cni`, service: 'pods.eks.amazonaws.com', actions: ['sts:AssumeRole', 'sts:TagSession'], policies: ['AmazonEKS_CNI_Policy'] },
          {
            name: `${name}-ebs-csi-driver`,
            service: 'pods.eks.amazonaws.com',
            actions: ['sts:AssumeRole', 'sts:TagSession'],
            policies: [],
            // Read back from the emulator: Terraform passed the policy variables on as written ($${...} in the JSON).
            inline: { 'ebs-csi-controller-sa': ebsCsiDriverPolicy('aws') },
          },
        ],
        participantTags(id),
      );
      // Graviton nodes: the node group EKS was asked for runs the arm64 AMI (verifyCluster reads it back).
      expect([nodeAndLogs.instanceTypes, nodeAndLogs.amiType]).toEqual([['t4g.large'], 'AL2023_ARM_64_STANDARD']);
      // An IAM Identity Center user's learner role: trusted for their own sessions of the permission set's role only.
      const learner = await clients.iam.send(new GetRoleCommand({ RoleName: `${name}-learner` })).catch((error: Error) => error);
      if (id === 'p01') {
        expect(learner).toBeInstanceOf(NoSuchEntityException);
      } else {
        const role = (learner as GetRoleCommandOutput).Role;
        expect(JSON.parse(decodeURIComponent(String(role?.AssumeRolePolicyDocument)))).toEqual(learnerTrustPolicy(PERMISSION_SET_ROLE_ARN, `${id}@example.com`));
        const { PolicyDocument } = await clients.iam.send(new GetRolePolicyCommand({ RoleName: `${name}-learner`, PolicyName: 'kubeconfig' }));
        expect(JSON.parse(decodeURIComponent(String(PolicyDocument))).Statement).toEqual([
          { Sid: 'DescribeOwnLabCluster', Effect: 'Allow', Action: ['eks:DescribeCluster'], Resource: [`arn:aws:eks:us-west-2:123456789012:cluster/${name}`] },
        ]);
      }
      await verifyCluster(clients, {
        name,
        version: CONFIG.kubernetesVersion,
        roleArn: arns[`${name}-cluster`],
        nodeRoleArn: arns[`${name}-node`],
        subnetIds: network.privateSubnetIds,
        publicAccessCidrs: ['0.0.0.0/0'],
        logRetentionDays: 7,
        tags: participantTags(id),
        ...nodeAndLogs,
      });
    }
  });

  roundTrip('a second plan of every stack changes nothing but what moto is known to answer differently', async () => {
    const results = await Promise.all(awsStacks.map(async (name) => ({ name, ...(await planAgain(workspace.stack(name))) })));
    // The cluster stacks were applied twice (the runner's second run applies every stack again): the second
    // apply already wrote the launch template once more (CreateLaunchTemplateVersion, which moto does not
    // fill from the tag specifications: moto/ec2/responses/launch_templates.py:20-34 copies them on create only),
    // so that one listed difference no longer shows. Every other one must.
    expect(results.map(({ name, unexplained, notSeen }) => ({ name, unexplained, notSeen }))).toEqual(
      awsStacks.map((name) => ({ name, unexplained: [], notSeen: name === NETWORK ? [] : ['aws_launch_template.tag_specifications'] })),
    );
  });

  roundTrip("leftovers (the project's own check) finds each participant's lab and the shared network", async () => {
    const { code, report } = await leftoversAgainstEmulator(clients, CONFIG, workspace.root);
    expect(code).toBe(1);
    const kinds = report.groups.map((g) => g.participantId ?? g.kind);
    expect(kinds).toEqual([...PARTICIPANTS, 'shared']);
    const shared = report.groups.find((g) => g.kind === 'shared');
    expect(shared?.resources.map((r) => r.resourceType)).toEqual(expect.arrayContaining(['vpc', 'natgateway', 'subnet']));
  });

  roundTrip(`destroy with ${FAILING} failing (a node group made by hand keeps its cluster): the others are destroyed, each wait waits for its own volume, the network is kept`, async () => {
    const cluster = (await clients.eks.send(new DescribeClusterCommand({ name: `eks-workshop-${FAILING}` }))).cluster;
    await clients.eks.send(
      new CreateNodegroupCommand({
        clusterName: `eks-workshop-${FAILING}`,
        nodegroupName: HAND_MADE_NODE_GROUP,
        subnets: cluster?.resourcesVpcConfig?.subnetIds ?? [],
        nodeRole: `arn:aws:iam::123456789012:role/eks-workshop-${FAILING}-node`,
      }),
    );
    const zones = ['us-west-2a', 'us-west-2b', 'us-west-2c'];
    const volumes = await Promise.all(
      PARTICIPANTS.map(async (id, i) => ({
        id,
        csi: await createVolume(clients.ec2, zones[i], csiVolumeTags(synthesized[clusterStack(id)], { namespace: 'orders', name: 'data-orders-postgresql-0' })),
        root: await createVolume(clients.ec2, zones[i], rootVolumeTags(synthesized[clusterStack(id)])),
      })),
    );
    volumes.forEach((v) => runner.deleteOnWait(clusterStack(v.id), v.csi));
    const since = Date.now();
    const { code, stdout } = await runner.run(TRIP, ['destroy']);
    // A node's root volume goes with its instance in AWS; moto has no instances, so the test removes it (the wait ignored it).
    await Promise.all(volumes.map((v) => clients.ec2.send(new DeleteVolumeCommand({ VolumeId: v.root }))));
    expect(code).toBe(1);
    for (const id of ['p01', 'p03']) expect(reportRow(stdout, clusterStack(id))).toMatch(/destroyed/);
    expect(reportRow(stdout, clusterStack(FAILING))).toMatch(/FAILED\s+.*destroy$/);
    expect(stdout).toMatch(/^ {6}Error: deleting EKS Cluster \(eks-workshop-p02\): .*ResourceInUseException: Cluster has nodegroups attached/m);
    expect(reportRow(stdout, NETWORK)).toMatch(/^\(shared\)\s+eks-workshop-network\s+kept\s+eks-workshop-p02-cluster was not destroyed$/);
    volumes.forEach((v) => {
      const name = clusterStack(v.id);
      expect([name, runner.waitOf(name)]).toEqual([name, { ids: [v.csi], sightings: 2, noneLeft: true }]);
      const order = destroyOrder(recorder, name, since);
      expect([name, order.removedBeforeWaitEnded]).toEqual([name, []]);
      expect(order.removals.length).toBeGreaterThan(5);
    });
    // The network was not touched.
    expect(callsSince(NETWORK, since).filter(isRemoval)).toEqual([]);
  });

  roundTrip(`delete the hand-made node group and destroy again: ${FAILING} is destroyed, then the network after its last call; the others are skipped`, async () => {
    await clients.eks.send(new DeleteNodegroupCommand({ clusterName: `eks-workshop-${FAILING}`, nodegroupName: HAND_MADE_NODE_GROUP }));
    const since = Date.now();
    const { code, stdout } = await runner.run(TRIP, ['destroy']);
    expect(code).toBe(0);
    for (const id of ['p01', 'p03']) expect(reportRow(stdout, clusterStack(id))).toMatch(/already destroyed/);
    expect(reportRow(stdout, clusterStack(FAILING))).toMatch(/\sdestroyed\s/);
    expect(stdout).toMatch(/^destroy: 3\/3 participants destroyed; shared: eks-workshop-network destroyed$/m);
    const lastParticipantCall = Math.max(...PARTICIPANTS.flatMap((id) => callsSince(clusterStack(id), since).map((c) => c.endedAt)));
    const networkRemovals = callsSince(NETWORK, since).filter(isRemoval);
    expect(networkRemovals.length).toBeGreaterThan(10);
    expect(Math.min(...networkRemovals.map((c) => c.startedAt))).toBeGreaterThan(lastParticipantCall);
  });

  roundTrip('after destroy nothing the class created is left in the emulator', async () => {
    expect(inventoryAdded(before, await takeInventory(clients))).toEqual({});
  });

  roundTrip("after destroy leftovers (the project's own check) reports nothing, the Tagging API's deleted NAT gateway not counted", async () => {
    const { code, report, resources } = await leftoversAfterDestroy(clients, CONFIG, workspace.root);
    expect(resources).toEqual([]);
    expect([code, report.total]).toEqual([0, 0]);
    // moto's Tagging API still lists the deleted NAT gateway, as AWS's does for a while; EC2 says it is deleted.
    expect(report.ignored.filter((i) => i.arn.includes(':natgateway/'))).toEqual([expect.objectContaining({ why: 'NAT gateway in state deleted' })]);
  });

  roundTrip('deploy the class again through the runner: the same names work in every stack', async () => {
    const { code } = await runner.run(TRIP, ['deploy']);
    expect(code).toBe(0);
    for (const name of awsStacks) expect([name, await namesInState(workspace.stack(name))]).toEqual([name, firstNames[name]]);
    expect(firstNames[clusterStack('p02')]).toEqual([
      'aws_cloudwatch_log_group /aws/eks/eks-workshop-p02/cluster',
      'aws_eks_cluster eks-workshop-p02',
      'aws_iam_role eks-workshop-p02-cluster',
      'aws_iam_role eks-workshop-p02-ebs-csi-driver',
      'aws_iam_role eks-workshop-p02-learner',
      'aws_iam_role eks-workshop-p02-node',
      'aws_iam_role eks-workshop-p02-vpc-cni',
      'aws_launch_template eks-workshop-p02-nodes',
    ]);
  });

  roundTrip('destroy the class again through the runner: nothing is left', async () => {
    const { code } = await runner.run(TRIP, ['destroy']);
    expect(code).toBe(0);
    expect(inventoryAdded(before, await takeInventory(clients))).toEqual({});
    expect((await leftoversAfterDestroy(clients, CONFIG, workspace.root)).resources).toEqual([]);
  });
});
