import { GetRoleCommand, GetRoleCommandOutput, GetRolePolicyCommand, NoSuchEntityException } from '@aws-sdk/client-iam';
import { DeleteVolumeCommand, GetSubnetCidrReservationsCommand } from '@aws-sdk/client-ec2';
import { LOG_GROUP_WATCH_ENV } from '../../lib/cluster/control-plane-log-group';
import { VOLUME_WAIT_INTERVAL_ENV } from '../../lib/cluster/volume-release-wait';
import { ebsCsiDriverPolicy } from '../../lib/plan/add-ons/ebs-csi-driver-policy';
import { AwsCallRecorder, isRemoval } from '../support/aws-call-recorder';
import { emulatorClients, EmulatorClients, Inventory, inventoryAdded, takeInventory } from '../support/emulator-inventory';
import {
  apply,
  createVolume,
  csiVolumeTags,
  deployLevels,
  destroyOrder,
  destroyWhileDriverDeletes,
  DestroyWithVolume,
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
import { participantId, PERMISSION_SET_ROLE_ARN, ssoClassConfig, stackDependencies, synthLab } from '../support/fixtures';
import { learnerTrustPolicy } from '../../lib/iam/learner-role';
import { MotoServer } from '../support/moto-server';
import { stopRunningTerraform } from '../support/terraform-tools';

const TRIP = 'class of 3';
const tools = emulatorToolsOrSkip(`emulator round trip of a class of three (shared network, then three participants, destroyed in reverse)`);
const describeEmulator = tools ? describe : describe.skip;

// p01 with a role of their own, p02 and p03 IAM Identity Center users of one permission set.
const CONFIG = ssoClassConfig();
const NETWORK = 'eks-workshop-network';
const PARTICIPANTS = [0, 1, 2].map(participantId);
const clusterStack = (id: string) => `eks-workshop-${id}-cluster`;
const CLASS_TAGS = { lab: 'eks-workshop', env: 'eks-workshop', 'created-by': 'eks-workshop-lab', 'expires-on': '2026-12-31' };
const participantTags = (id: string) => ({ ...CLASS_TAGS, participant: id, env: `eks-workshop-${id}` });

describeEmulator('a class of three against moto: shared network first, participants through its remote state, destroyed participants first', () => {
  const synthesized = synthLab(CONFIG);
  const awsStacks = [NETWORK, ...PARTICIPANTS.map(clusterStack)];
  // As cdktf-cli orders them from the manifest: the network, then the participants in parallel.
  const levels = deployLevels(stackDependencies(CONFIG), awsStacks);
  let moto: MotoServer;
  let recorder: AwsCallRecorder;
  let clients: EmulatorClients;
  let workspace: EmulatorWorkspace;
  let before: Inventory;
  let network: FoundNetwork;
  const firstNames: Record<string, string[]> = {};
  const roundTrip = roundTripSteps(TRIP);

  const applyAll = async () => {
    for (const level of levels) await Promise.all(level.map((name) => apply(workspace.stack(name))));
  };

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
      { env: { [VOLUME_WAIT_INTERVAL_ENV]: '1', [LOG_GROUP_WATCH_ENV]: '3' } },
    );
    await workspace.init();
    printLeftOut(TRIP, awsStacks.map((name) => workspace.stack(name)));
    const notRun = Object.keys(synthesized).filter((name) => !awsStacks.includes(name));
    process.stdout.write(`[emulator ${TRIP}] not run: ${notRun.join(', ')} (Kubernetes provider: the emulator has no Kubernetes API)\n`);
  }, 120_000);

  afterAll(async () => {
    stopRunningTerraform();
    await recorder?.close();
    await moto?.stop();
    workspace?.remove();
  });

  roundTrip('the stacks deploy in cdktf order: the network, then the three participants at once', async () => {
    expect(levels).toEqual([[NETWORK], PARTICIPANTS.map(clusterStack)]);
    await applyAll();
    for (const name of awsStacks) firstNames[name] = await namesInState(workspace.stack(name));
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
      });
    }
  });

  roundTrip('a second plan of every stack changes nothing but what moto is known to answer differently', async () => {
    const results = await Promise.all(awsStacks.map(async (name) => ({ name, ...(await planAgain(workspace.stack(name))) })));
    expect(results.map(({ name, unexplained, notSeen }) => ({ name, unexplained, notSeen }))).toEqual(
      awsStacks.map((name) => ({ name, unexplained: [], notSeen: [] })),
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

  roundTrip("destroy, participants at once and the network last: each wait waits for its participant's volume only", async () => {
    const zones = ['us-west-2a', 'us-west-2b', 'us-west-2c'];
    const volumes = await Promise.all(
      PARTICIPANTS.map(async (id, i) => ({
        id,
        csi: await createVolume(clients.ec2, zones[i], csiVolumeTags(synthesized[clusterStack(id)], { namespace: 'orders', name: 'data-orders-postgresql-0' })),
        root: await createVolume(clients.ec2, zones[i], rootVolumeTags(synthesized[clusterStack(id)])),
      })),
    );
    const since = Date.now();
    const [networkLevel, participantLevel] = levels;
    const observed: Record<string, DestroyWithVolume> = {};
    await Promise.all(
      participantLevel.map(async (name, i) => {
        observed[name] = await destroyWhileDriverDeletes(workspace.stack(name), clients.ec2, volumes[i].csi);
        await clients.ec2.send(new DeleteVolumeCommand({ VolumeId: volumes[i].root }));
      }),
    );
    const networkSince = Date.now();
    await workspace.stack(networkLevel[0]).tf('destroy', '-input=false', '-no-color', '-auto-approve');

    participantLevel.forEach((name, i) => {
      expect([name, observed[name].idsWaitedFor, observed[name].sightings, observed[name].waitSawNoneLeft]).toEqual([name, [volumes[i].csi], 2, true]);
      const order = destroyOrder(recorder, name, since);
      expect([name, order.removedBeforeWaitEnded]).toEqual([name, []]);
      expect(order.removals.length).toBeGreaterThan(10);
    });
    // The network goes only after every participant's last call.
    const lastParticipantCall = Math.max(...participantLevel.flatMap((name) => recorder.callsOf(name).map((c) => c.endedAt)));
    const networkRemovals = recorder.callsOf(NETWORK).filter((c) => c.startedAt >= networkSince && isRemoval(c));
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

  roundTrip('apply the class again: the same names work in every stack', async () => {
    await applyAll();
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

  roundTrip('destroy the class again: nothing is left', async () => {
    for (const level of [...levels].reverse()) {
      await Promise.all(level.map((name) => workspace.stack(name).tf('destroy', '-input=false', '-no-color', '-auto-approve')));
    }
    expect(inventoryAdded(before, await takeInventory(clients))).toEqual({});
    expect((await leftoversAfterDestroy(clients, CONFIG, workspace.root)).resources).toEqual([]);
  });
});
