import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeNatGatewaysCommand,
  DescribeNetworkInterfacesCommand,
  DescribeNetworkInterfacesCommandInput,
  DescribeVolumesCommand,
  DescribeVolumesCommandInput,
  EC2ServiceException,
} from '@aws-sdk/client-ec2';
import { GetResourcesCommand, GetResourcesCommandInput, ResourceGroupsTaggingAPIServiceException } from '@aws-sdk/client-resource-groups-tagging-api';
import { VPC_CNI_CLUSTER_TAG_KEY } from '../../../lib/operations/leftovers/cluster-tags';
import { findLeftovers } from '../../../lib/operations/leftovers/find-leftovers';
import { LeftoverGroupKind, LeftoverReport, LeftoverSource } from '../../../lib/operations/leftovers/leftover-report';
import { AwsCallError, AwsFailureKind } from '../../../lib/operations/aws-call-error';
import { labConfig, planOf } from '../../support/fixtures';
import {
  arn,
  classConfig,
  cniInterface,
  csiVolume,
  ec2Mock,
  eksClusterSecurityGroup,
  FakeAccount,
  fakeClients,
  labTagsOf,
  logGroup,
  logsMock,
  sent,
  serve,
  serviceLoadBalancer,
  tagList,
  taggingMock,
  taggingStats,
} from './fake-aws';

/** `{ group label: [ids] }` of a report. */
function idsByGroup(report: LeftoverReport): Record<string, string[]> {
  return Object.fromEntries(report.groups.map((g) => [g.participantId ?? g.kind, g.resources.map((r) => r.id)]));
}

/** Inputs (or filters) in a stable order, to compare calls made concurrently. */
function sortedInputs<T>(inputs: readonly T[]): T[] {
  return [...inputs].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

/** The input of each recorded call. */
function inputsOf<T>(calls: ReadonlyArray<{ args: ReadonlyArray<{ input: T }> }>): T[] {
  return calls.map((c) => c.args[0].input);
}

/** The EC2 filters of each recorded call, sorted. */
function filtersOf(calls: ReadonlyArray<{ args: ReadonlyArray<{ input: { Filters?: unknown } }> }>): unknown[] {
  return sortedInputs(calls.map((c) => c.args[0].input.Filters));
}

/** What a class leaves when destroy went wrong in several places. */
function messyClassAccount(): FakeAccount {
  return {
    volumes: [
      csiVolume('vol-alice', 'alice', 'available'),
      csiVolume('vol-bob', 'bob', 'in-use', 'i-0bbbbbbbbbbbbbbbb'),
      // Another lab in the same account: not ours.
      { VolumeId: 'vol-other', State: 'available', Tags: tagList(labTagsOf(undefined, 'other-lab')) },
    ],
    networkInterfaces: [cniInterface('eni-alice-cni', 'eks-workshop-alice'), cniInterface('eni-unrelated', 'someone-else')],
    natGateways: [{ NatGatewayId: 'nat-0shared', State: 'available', Tags: tagList(labTagsOf()) }],
    tagged: [
      { ResourceARN: arn('eks', 'cluster/eks-workshop-alice'), Tags: tagList(labTagsOf('alice')) },
      { ResourceARN: arn('ec2', 'volume/vol-alice'), Tags: tagList(labTagsOf('alice')) },
      { ResourceARN: arn('ec2', 'volume/vol-bob'), Tags: tagList(labTagsOf('bob')) },
      { ResourceARN: arn('eks', 'nodegroup/eks-workshop-bob/workers/1234-abcd'), Tags: tagList(labTagsOf('bob')) },
      { ResourceARN: arn('ec2', 'vpc/vpc-0shared'), Tags: tagList(labTagsOf()) },
      { ResourceARN: arn('ec2', 'natgateway/nat-0shared'), Tags: tagList(labTagsOf()) },
      { ResourceARN: arn('logs', 'log-group:/aws/eks/other-lab/cluster'), Tags: tagList(labTagsOf(undefined, 'other-lab')) },
    ],
  };
}

describe('findLeftovers', () => {
  test('a clean account gives an empty report', async () => {
    serve({ volumes: [{ VolumeId: 'vol-other', State: 'available', Tags: tagList(labTagsOf(undefined, 'other-lab')) }] });
    const report = await findLeftovers(planOf(classConfig()), fakeClients());
    expect(report).toEqual({
      labName: 'eks-workshop',
      region: 'us-west-2',
      clusterNames: ['eks-workshop-alice', 'eks-workshop-bob'],
      groups: [],
      total: 0,
      ignored: [],
      iamRolesNotChecked: [
        'eks-workshop-alice-cluster',
        'eks-workshop-alice-node',
        'eks-workshop-alice-ebs-csi-driver',
        'eks-workshop-alice-vpc-cni',
        'eks-workshop-bob-cluster',
        'eks-workshop-bob-node',
        'eks-workshop-bob-ebs-csi-driver',
        'eks-workshop-bob-vpc-cni',
      ],
    });
  });

  test('groups leftovers per participant and shared, each with a removal hint', async () => {
    serve(messyClassAccount());
    const report = await findLeftovers(planOf(classConfig()), fakeClients());

    expect(idsByGroup(report)).toEqual({
      alice: ['eni-alice-cni', 'vol-alice', 'eks-workshop-alice'],
      bob: ['vol-bob', 'eks-workshop-bob/workers/1234-abcd'],
      shared: ['nat-0shared', 'vpc-0shared'],
    });
    expect(report.total).toBe(7);
    const [alice, bob, shared] = report.groups;
    expect(alice).toMatchObject({
      kind: LeftoverGroupKind.PARTICIPANT,
      clusterName: 'eks-workshop-alice',
      inConfiguration: true,
      destroyCommand: 'npx cdktf destroy eks-workshop-alice-workloads eks-workshop-alice-cluster',
    });
    expect(alice.resources.find((r) => r.resourceType === 'cluster')?.removal).toBe(
      'npx cdktf destroy eks-workshop-alice-workloads eks-workshop-alice-cluster',
    );
    // Found by the CNI's cluster tag only, grouped through the cluster name.
    const cni = alice.resources.find((r) => r.id === 'eni-alice-cni');
    expect(cni).toMatchObject({
      state: 'available',
      removal: 'aws ec2 delete-network-interface --region us-west-2 --network-interface-id eni-alice-cni',
      foundBy: [LeftoverSource.EC2_NETWORK_INTERFACES],
    });
    expect(cni?.detail).toMatch(/created by the VPC CNI of cluster eks-workshop-alice/);
    expect(bob.resources[1].removal).toBe(
      'aws eks delete-nodegroup --region us-west-2 --cluster-name eks-workshop-bob --nodegroup-name workers',
    );
    expect(shared).toMatchObject({ kind: LeftoverGroupKind.SHARED, destroyCommand: 'npx cdktf destroy eks-workshop-network' });
    expect(shared.resources.map((r) => r.removal)).toEqual([
      'aws ec2 delete-nat-gateway --region us-west-2 --nat-gateway-id nat-0shared',
      expect.stringMatching(/^aws ec2 delete-vpc --region us-west-2 --vpc-id vpc-0shared/),
    ]);
  });

  test('volume hints: available is deleted directly, in-use says it is attached and what goes first', async () => {
    serve(messyClassAccount());
    const report = await findLeftovers(planOf(classConfig()), fakeClients());
    const volume = (id: string) => report.groups.flatMap((g) => g.resources).find((r) => r.id === id);

    expect(volume('vol-alice')).toMatchObject({
      state: 'available',
      removal: 'aws ec2 delete-volume --region us-west-2 --volume-id vol-alice',
      detail: '10 GiB, created by the EBS CSI driver for PVC catalog/data-catalog-mysql-0',
    });
    expect(volume('vol-bob')?.state).toBe('in-use');
    expect(volume('vol-bob')?.removal).toMatch(
      /^attached to i-0bbbbbbbbbbbbbbbb: destroy the lab's stacks or terminate the instance .* first, then aws ec2 delete-volume --region us-west-2 --volume-id vol-bob$/,
    );
  });

  test('merges what EC2 and the Tagging API both return into one entry', async () => {
    serve(messyClassAccount());
    const report = await findLeftovers(planOf(classConfig()), fakeClients());
    const volumes = report.groups.flatMap((g) => g.resources).filter((r) => r.id === 'vol-alice');
    expect(volumes).toHaveLength(1);
    expect(volumes[0]).toMatchObject({
      arn: arn('ec2', 'volume/vol-alice'),
      foundBy: [LeftoverSource.EC2_VOLUMES, LeftoverSource.TAGGING_API],
    });
    expect(volumes[0].tags['ebs.csi.aws.com/cluster']).toBe('true');
  });

  test('drops Tagging API ghosts of volumes and network interfaces EC2 no longer has', async () => {
    serve({
      volumes: [csiVolume('vol-still-here', 'alice', 'available')],
      tagged: [
        { ResourceARN: arn('ec2', 'volume/vol-still-here'), Tags: tagList(labTagsOf('alice')) },
        { ResourceARN: arn('ec2', 'volume/vol-just-deleted'), Tags: tagList(labTagsOf('alice')) },
        { ResourceARN: arn('ec2', 'network-interface/eni-just-deleted'), Tags: tagList(labTagsOf()) },
        // CloudWatch Logs still has it: it stays.
        { ResourceARN: arn('logs', 'log-group:/aws/eks/eks-workshop-alice/cluster'), Tags: tagList(labTagsOf('alice')) },
      ],
      logGroups: [logGroup('/aws/eks/eks-workshop-alice/cluster', 7)],
    });
    const report = await findLeftovers(planOf(classConfig()), fakeClients());
    expect(idsByGroup(report)).toEqual({ alice: ['vol-still-here', '/aws/eks/eks-workshop-alice/cluster'] });
    expect(report.ignored).toEqual([
      { arn: arn('ec2', 'network-interface/eni-just-deleted'), why: 'recently deleted network-interface (EC2 no longer has it)' },
      { arn: arn('ec2', 'volume/vol-just-deleted'), why: 'recently deleted volume (EC2 no longer has it)' },
    ]);
    expect(report.groups[0].resources[1].removal).toBe(
      'aws logs delete-log-group --region us-west-2 --log-group-name /aws/eks/eks-workshop-alice/cluster',
    );
  });

  test('confirms NAT gateways, instances and KMS keys with their own APIs: deleted, terminated, pending deletion do not count', async () => {
    serve({
      tagged: [
        { ResourceARN: arn('ec2', 'natgateway/nat-deleted'), Tags: tagList(labTagsOf()) },
        { ResourceARN: arn('ec2', 'natgateway/nat-left'), Tags: tagList(labTagsOf()) },
        { ResourceARN: arn('ec2', 'natgateway/nat-unknown'), Tags: tagList(labTagsOf()) },
        { ResourceARN: arn('ec2', 'instance/i-terminated'), Tags: tagList(labTagsOf('alice')) },
        { ResourceARN: arn('ec2', 'instance/i-running'), Tags: tagList(labTagsOf('alice')) },
        { ResourceARN: arn('kms', 'key/key-pending'), Tags: tagList(labTagsOf('bob')) },
        { ResourceARN: arn('kms', 'key/key-enabled'), Tags: tagList(labTagsOf('bob')) },
        { ResourceARN: arn('kms', 'key/key-gone'), Tags: tagList(labTagsOf('bob')) },
      ],
      natGateways: [
        { NatGatewayId: 'nat-deleted', State: 'deleted' },
        { NatGatewayId: 'nat-left', State: 'available' },
      ],
      instances: [
        { InstanceId: 'i-terminated', State: { Name: 'terminated' } },
        { InstanceId: 'i-running', State: { Name: 'running' }, InstanceType: 'm5.large' },
      ],
      keys: [
        { KeyId: 'key-pending', KeyState: 'PendingDeletion', DeletionDate: new Date('2026-12-08T10:00:00Z') },
        { KeyId: 'key-enabled', KeyState: 'Enabled' },
      ],
    });
    const report = await findLeftovers(planOf(classConfig()), fakeClients());
    expect(idsByGroup(report)).toEqual({ alice: ['i-running'], bob: ['key-enabled'], shared: ['nat-left'] });
    expect(report.groups[0].resources[0]).toMatchObject({ state: 'running', detail: 'm5.large' });
    expect(report.ignored).toEqual([
      { arn: arn('ec2', 'instance/i-terminated'), why: 'instance terminated' },
      { arn: arn('ec2', 'natgateway/nat-deleted'), why: 'NAT gateway in state deleted' },
      { arn: arn('ec2', 'natgateway/nat-unknown'), why: 'recently deleted natgateway (its own API no longer has it)' },
      { arn: arn('kms', 'key/key-gone'), why: 'recently deleted key (its own API no longer has it)' },
      { arn: arn('kms', 'key/key-pending'), why: 'key pending deletion on 2026-12-08' },
    ]);
    // One call per kind, by filter (an id EC2 no longer knows would fail a call by ids).
    expect(inputsOf(ec2Mock.commandCalls(DescribeNatGatewaysCommand))).toEqual([
      { Filter: [{ Name: 'nat-gateway-id', Values: ['nat-deleted', 'nat-left', 'nat-unknown'] }] },
    ]);
  });

  test("finds a cluster's control-plane log group by its name, untagged, as EKS re-creates it while deleting the cluster", async () => {
    serve({ logGroups: [logGroup('/aws/eks/eks-workshop-bob/cluster'), logGroup('/aws/eks/eks-workshop-bob/cluster-other')] });
    const report = await findLeftovers(planOf(classConfig()), fakeClients());
    expect(idsByGroup(report)).toEqual({ bob: ['/aws/eks/eks-workshop-bob/cluster'] });
    expect(report.groups[0].resources[0]).toMatchObject({
      arn: arn('logs', 'log-group:/aws/eks/eks-workshop-bob/cluster'),
      detail: '2.5 MB stored, never expires (no retention)',
      foundBy: [LeftoverSource.LOG_GROUPS_BY_NAME],
      removal: 'aws logs delete-log-group --region us-west-2 --log-group-name /aws/eks/eks-workshop-bob/cluster',
    });
    expect(inputsOf(logsMock.commandCalls(DescribeLogGroupsCommand)).map((i) => i.logGroupNamePrefix)).toEqual([
      '/aws/eks/eks-workshop-alice/cluster',
      '/aws/eks/eks-workshop-bob/cluster',
    ]);
  });

  test('a log group the Tagging API still lists but CloudWatch Logs no longer has does not count', async () => {
    serve({ tagged: [{ ResourceARN: arn('logs', 'log-group:/aws/eks/eks-workshop-alice/cluster'), Tags: tagList(labTagsOf('alice')) }] });
    const report = await findLeftovers(planOf(classConfig()), fakeClients());
    expect(report.total).toBe(0);
    expect(report.ignored).toEqual([
      { arn: arn('logs', 'log-group:/aws/eks/eks-workshop-alice/cluster'), why: 'log group deleted (CloudWatch Logs no longer has it)' },
    ]);
  });

  test('follows every page of every API', async () => {
    const ids = (prefix: string) => [1, 2, 3, 4, 5].map((i) => `${prefix}-${i}`);
    serve({
      pageSize: 2,
      volumes: ids('vol').map((id) => ({ VolumeId: id, State: 'available', Tags: tagList(labTagsOf('alice')) })),
      networkInterfaces: [
        ...ids('eni-lab').map((id) => ({ NetworkInterfaceId: id, Status: 'available' as const, TagSet: tagList(labTagsOf()) })),
        ...ids('eni-cni').map((id) => cniInterface(id, 'eks-workshop-bob')),
      ],
      tagged: ids('i').map((id) => ({ ResourceARN: arn('ec2', `instance/${id}`), Tags: tagList(labTagsOf('bob')) })),
      instances: ids('i').map((id) => ({ InstanceId: id, State: { Name: 'running' }, Tags: tagList(labTagsOf('bob')) })),
    });
    const report = await findLeftovers(planOf(classConfig()), fakeClients());

    expect(report.total).toBe(20);
    expect(idsByGroup(report)).toEqual({
      alice: ids('vol'),
      bob: [...ids('i'), ...ids('eni-cni')],
      shared: ids('eni-lab'),
    });
    // Three pages each: no token, then the token each previous page returned (as sent: the paginators
    // set the token of one input object in place, so the recorded commands all show the last one).
    const labQuery = (filters: Array<{ Key?: string }> | undefined) => filters?.[0].Key === 'lab';
    expect(
      sent
        .of<GetResourcesCommandInput>(GetResourcesCommand.name)
        .filter((i) => labQuery(i.TagFilters))
        .map((i) => i.PaginationToken),
    ).toEqual([undefined, 'page-2', 'page-4']);
    expect(
      sent
        .of<DescribeVolumesCommandInput>(DescribeVolumesCommand.name)
        .filter((i) => i.Filters?.[0].Name === 'tag:lab')
        .map((i) => i.NextToken),
    ).toEqual([undefined, 'page-2', 'page-4']);
    const interfaceCalls = sent.of<DescribeNetworkInterfacesCommandInput>(DescribeNetworkInterfacesCommand.name);
    for (const tagName of ['tag:lab', `tag:${VPC_CNI_CLUSTER_TAG_KEY}`]) {
      expect(interfaceCalls.filter((i) => i.Filters?.[0].Name === tagName).map((i) => i.NextToken)).toEqual([
        undefined,
        'page-2',
        'page-4',
      ]);
    }
  });

  test('asks AWS for the lab tag, and for the cluster tags of every cluster of the configuration', async () => {
    serve({});
    await findLeftovers(planOf(classConfig()), fakeClients());

    // One request per cluster for kubernetes.io/cluster/<cluster> (any value: no Values), the cluster
    // names as values of aws:eks:cluster-name and elbv2.k8s.aws/cluster.
    expect(sortedInputs(inputsOf(taggingMock.commandCalls(GetResourcesCommand)))).toEqual(
      sortedInputs([
        { TagFilters: [{ Key: 'lab', Values: ['eks-workshop'] }], ResourcesPerPage: 100 },
        { TagFilters: [{ Key: 'kubernetes.io/cluster/eks-workshop-alice' }], ResourcesPerPage: 100 },
        { TagFilters: [{ Key: 'kubernetes.io/cluster/eks-workshop-bob' }], ResourcesPerPage: 100 },
        { TagFilters: [{ Key: 'aws:eks:cluster-name', Values: ['eks-workshop-alice', 'eks-workshop-bob'] }], ResourcesPerPage: 100 },
        { TagFilters: [{ Key: 'elbv2.k8s.aws/cluster', Values: ['eks-workshop-alice', 'eks-workshop-bob'] }], ResourcesPerPage: 100 },
      ]),
    );
    for (const call of taggingMock.commandCalls(GetResourcesCommand)) {
      const [filter] = call.args[0].input.TagFilters ?? [];
      if (filter.Key?.startsWith('kubernetes.io/cluster/')) expect(filter).not.toHaveProperty('Values');
    }
    const clusterKeys = ['kubernetes.io/cluster/eks-workshop-alice', 'kubernetes.io/cluster/eks-workshop-bob'];
    expect(filtersOf(ec2Mock.commandCalls(DescribeVolumesCommand))).toEqual(
      sortedInputs([[{ Name: 'tag:lab', Values: ['eks-workshop'] }], [{ Name: 'tag-key', Values: clusterKeys }]]),
    );
    expect(filtersOf(ec2Mock.commandCalls(DescribeNetworkInterfacesCommand))).toEqual(
      sortedInputs([
        [{ Name: 'tag:lab', Values: ['eks-workshop'] }],
        [{ Name: 'tag:cluster.k8s.amazonaws.com/name', Values: ['eks-workshop-alice', 'eks-workshop-bob'] }],
        [{ Name: 'tag-key', Values: clusterKeys }],
      ]),
    );
  });

  test('participantId: only that participant is asked for and reported', async () => {
    serve(messyClassAccount());
    const report = await findLeftovers(planOf(classConfig()), fakeClients(), { participantId: 'alice' });

    expect(report.participantId).toBe('alice');
    expect(report.clusterNames).toEqual(['eks-workshop-alice']);
    expect(idsByGroup(report)).toEqual({ alice: ['eni-alice-cni', 'vol-alice', 'eks-workshop-alice'] });
    const participantFilters = [
      { Name: 'tag:lab', Values: ['eks-workshop'] },
      { Name: 'tag:participant', Values: ['alice'] },
    ];
    expect(taggingMock.commandCalls(GetResourcesCommand)[0].args[0].input.TagFilters).toEqual([
      { Key: 'lab', Values: ['eks-workshop'] },
      { Key: 'participant', Values: ['alice'] },
    ]);
    expect(ec2Mock.commandCalls(DescribeVolumesCommand)[0].args[0].input.Filters).toEqual(participantFilters);
    expect(filtersOf(ec2Mock.commandCalls(DescribeNetworkInterfacesCommand))).toEqual(
      sortedInputs([
        participantFilters,
        [{ Name: 'tag:cluster.k8s.amazonaws.com/name', Values: ['eks-workshop-alice'] }],
        [{ Name: 'tag-key', Values: ['kubernetes.io/cluster/eks-workshop-alice'] }],
      ]),
    );
    expect(filtersOf(ec2Mock.commandCalls(DescribeVolumesCommand))).toEqual(
      sortedInputs([participantFilters, [{ Name: 'tag-key', Values: ['kubernetes.io/cluster/eks-workshop-alice'] }]]),
    );
    expect(sortedInputs(taggingMock.commandCalls(GetResourcesCommand).map((c) => c.args[0].input.TagFilters))).toEqual(
      sortedInputs([
        [
          { Key: 'lab', Values: ['eks-workshop'] },
          { Key: 'participant', Values: ['alice'] },
        ],
        [{ Key: 'kubernetes.io/cluster/eks-workshop-alice' }],
        [{ Key: 'aws:eks:cluster-name', Values: ['eks-workshop-alice'] }],
        [{ Key: 'elbv2.k8s.aws/cluster', Values: ['eks-workshop-alice'] }],
      ]),
    );
    expect(report.iamRolesNotChecked).toEqual(['eks-workshop-alice-cluster', 'eks-workshop-alice-node', 'eks-workshop-alice-ebs-csi-driver', 'eks-workshop-alice-vpc-cni']);
  });

  test('participantId: what Kubernetes and EKS left for another participant is not reported', async () => {
    serve({
      tagged: [...serviceLoadBalancer('eks-workshop-bob', 'bob-lb', 'sg-0boblb'), eksClusterSecurityGroup('eks-workshop-bob', 'sg-0bobeks')],
      volumes: [{ VolumeId: 'vol-bob-k8s', State: 'available', Tags: tagList({ 'kubernetes.io/cluster/eks-workshop-bob': 'owned' }) }],
    });
    const alice = await findLeftovers(planOf(classConfig()), fakeClients(), { participantId: 'alice' });
    expect(alice.total).toBe(0);
    serve({
      tagged: [...serviceLoadBalancer('eks-workshop-bob', 'bob-lb', 'sg-0boblb'), eksClusterSecurityGroup('eks-workshop-bob', 'sg-0bobeks')],
      volumes: [{ VolumeId: 'vol-bob-k8s', State: 'available', Tags: tagList({ 'kubernetes.io/cluster/eks-workshop-bob': 'owned' }) }],
    });
    const bob = await findLeftovers(planOf(classConfig()), fakeClients(), { participantId: 'bob' });
    expect(idsByGroup(bob)).toEqual({ bob: ['sg-0bobeks', 'sg-0boblb', 'vol-bob-k8s', 'bob-lb'] });
  });

  test("a LoadBalancer Service's load balancer and security group, found only by the cluster's tag, go to its participant with hints", async () => {
    serve({ tagged: [...serviceLoadBalancer('eks-workshop-bob', 'a1b2c3', 'sg-0lb', 'catalog/ui'), eksClusterSecurityGroup('eks-workshop-alice', 'sg-0eks')] });
    const report = await findLeftovers(planOf(classConfig()), fakeClients());

    // The EKS cluster security group is found by kubernetes.io/cluster and by aws:eks:cluster-name: listed once.
    expect(idsByGroup(report)).toEqual({ alice: ['sg-0eks'], bob: ['sg-0lb', 'a1b2c3'] });
    const [alice, bob] = report.groups;
    expect(bob).toMatchObject({
      kind: LeftoverGroupKind.PARTICIPANT,
      participantId: 'bob',
      clusterName: 'eks-workshop-bob',
      destroyCommand: 'npx cdktf destroy eks-workshop-bob-workloads eks-workshop-bob-cluster',
    });
    const deleteService =
      'created by Kubernetes for Service catalog/ui of cluster eks-workshop-bob: a LoadBalancer Service left in the cluster re-creates it, ' +
      'so while the cluster exists delete the Service first (kubectl delete service ui -n catalog --context eks-workshop-bob); ' +
      'once the cluster is gone, or if it stays: ';
    expect(bob.resources).toEqual([
      expect.objectContaining({
        service: 'ec2',
        resourceType: 'security-group',
        id: 'sg-0lb',
        foundBy: [LeftoverSource.TAGGING_API_CLUSTER_TAGS],
        removal: `${deleteService}aws ec2 delete-security-group --region us-west-2 --group-id sg-0lb (after its load balancer, the network interfaces that use it and the rules of other groups that reference it)`,
      }),
      expect.objectContaining({
        service: 'elasticloadbalancing',
        resourceType: 'loadbalancer',
        id: 'a1b2c3',
        foundBy: [LeftoverSource.TAGGING_API_CLUSTER_TAGS],
        removal: `${deleteService}aws elb delete-load-balancer --region us-west-2 --load-balancer-name a1b2c3`,
      }),
    ]);
    expect(alice.resources).toEqual([
      expect.objectContaining({
        id: 'sg-0eks',
        removal:
          'created by EKS for cluster eks-workshop-alice: it goes with the cluster (npx cdktf destroy eks-workshop-alice-workloads eks-workshop-alice-cluster); ' +
          'if it stays, aws ec2 delete-security-group --region us-west-2 --group-id sg-0eks (after the network interfaces that use it)',
      }),
    ]);
  });

  test('what the AWS Load Balancer Controller tagged with elbv2.k8s.aws/cluster only is found and grouped', async () => {
    const controllerTags = tagList({ 'elbv2.k8s.aws/cluster': 'eks-workshop-alice', 'service.k8s.aws/stack': 'ui/ui-nlb' });
    serve({
      tagged: [
        { ResourceARN: arn('elasticloadbalancing', 'loadbalancer/net/k8s-ui-uinlb/0123'), Tags: controllerTags },
        { ResourceARN: arn('elasticloadbalancing', 'targetgroup/k8s-ui-uinlb-80/4567'), Tags: controllerTags },
      ],
    });
    const report = await findLeftovers(planOf(classConfig()), fakeClients());
    expect(idsByGroup(report)).toEqual({ alice: ['net/k8s-ui-uinlb/0123', 'k8s-ui-uinlb-80/4567'] });
    expect(report.groups[0].resources.map((r) => r.removal)).toEqual([
      expect.stringMatching(
        /^created by Kubernetes for Service ui\/ui-nlb of cluster eks-workshop-alice: .* \(kubectl delete service ui-nlb -n ui --context eks-workshop-alice\); .*: aws elbv2 delete-load-balancer --region us-west-2 --load-balancer-arn arn:aws:elasticloadbalancing:us-west-2:123456789012:loadbalancer\/net\/k8s-ui-uinlb\/0123$/,
      ),
      expect.stringMatching(/: aws elbv2 delete-target-group --region us-west-2 --target-group-arn \S+targetgroup\/k8s-ui-uinlb-80\/4567 \(after its load balancer\)$/),
    ]);
  });

  test('volumes and network interfaces tagged kubernetes.io/cluster/<cluster> only: EC2 finds them, its answer drops the Tagging API ghosts', async () => {
    const ownedBy = (cluster: string) => tagList({ [`kubernetes.io/cluster/${cluster}`]: 'owned' });
    serve({
      volumes: [{ VolumeId: 'vol-k8s', State: 'available', Size: 8, Tags: ownedBy('eks-workshop-bob') }],
      networkInterfaces: [{ NetworkInterfaceId: 'eni-k8s', Status: 'available', TagSet: ownedBy('eks-workshop-alice') }],
      tagged: [
        { ResourceARN: arn('ec2', 'volume/vol-k8s'), Tags: ownedBy('eks-workshop-bob') },
        { ResourceARN: arn('ec2', 'volume/vol-k8s-gone'), Tags: ownedBy('eks-workshop-bob') },
        { ResourceARN: arn('ec2', 'network-interface/eni-k8s-gone'), Tags: ownedBy('eks-workshop-alice') },
      ],
    });
    const report = await findLeftovers(planOf(classConfig()), fakeClients());

    expect(idsByGroup(report)).toEqual({ alice: ['eni-k8s'], bob: ['vol-k8s'] });
    expect(report.groups[1].resources[0]).toMatchObject({
      state: 'available',
      removal: 'aws ec2 delete-volume --region us-west-2 --volume-id vol-k8s',
      foundBy: [LeftoverSource.EC2_VOLUMES, LeftoverSource.TAGGING_API_CLUSTER_TAGS],
    });
    expect(report.groups[0].resources[0].foundBy).toEqual([LeftoverSource.EC2_NETWORK_INTERFACES]);
    expect(report.ignored.map((i) => i.arn)).toEqual([arn('ec2', 'network-interface/eni-k8s-gone'), arn('ec2', 'volume/vol-k8s-gone')]);
    // EC2 was asked about the ghosts by id before they were dropped.
    expect(filtersOf(ec2Mock.commandCalls(DescribeVolumesCommand))).toContainEqual([{ Name: 'volume-id', Values: ['vol-k8s-gone'] }]);
    expect(filtersOf(ec2Mock.commandCalls(DescribeNetworkInterfacesCommand))).toContainEqual([
      { Name: 'network-interface-id', Values: ['eni-k8s-gone'] },
    ]);
  });

  test('a volume the Tagging API found by a tag the EC2 queries do not ask for is confirmed by id, not dropped', async () => {
    const tags = tagList({ 'aws:eks:cluster-name': 'eks-workshop-alice' });
    serve({
      volumes: [{ VolumeId: 'vol-eks', State: 'in-use', Attachments: [{ InstanceId: 'i-0eks', State: 'attached' }], Tags: tags }],
      networkInterfaces: [{ NetworkInterfaceId: 'eni-eks', Status: 'available', TagSet: tags }],
      tagged: [
        { ResourceARN: arn('ec2', 'volume/vol-eks'), Tags: tags },
        { ResourceARN: arn('ec2', 'network-interface/eni-eks'), Tags: tags },
      ],
    });
    const report = await findLeftovers(planOf(classConfig()), fakeClients());
    expect(idsByGroup(report)).toEqual({ alice: ['eni-eks', 'vol-eks'] });
    expect(report.groups[0].resources[0]).toMatchObject({
      state: 'available',
      foundBy: [LeftoverSource.EC2_NETWORK_INTERFACES, LeftoverSource.TAGGING_API_CLUSTER_TAGS],
    });
    expect(report.groups[0].resources[1]).toMatchObject({
      state: 'in-use',
      detail: 'attached to i-0eks',
      foundBy: [LeftoverSource.EC2_VOLUMES, LeftoverSource.TAGGING_API_CLUSTER_TAGS],
    });
    expect(report.ignored).toEqual([]);
  });

  test('kubernetes.io/cluster/<cluster>=shared marks what a cluster only uses: not a leftover of it', async () => {
    const shared = tagList({ 'kubernetes.io/cluster/eks-workshop-alice': 'shared' });
    serve({
      volumes: [{ VolumeId: 'vol-shared', State: 'available', Tags: shared }],
      networkInterfaces: [{ NetworkInterfaceId: 'eni-shared', Status: 'available', TagSet: shared }],
      tagged: [{ ResourceARN: arn('ec2', 'subnet/subnet-0other'), Tags: shared }],
    });
    const report = await findLeftovers(planOf(classConfig()), fakeClients());
    expect(report.total).toBe(0);
    expect(report.ignored).toEqual([]);
  });

  test('more clusters than one call takes: the cluster tags are asked in batches within AWS limits, a few calls at a time', async () => {
    const ids = Array.from({ length: 101 }, (_, i) => `p${i}`);
    const config = labConfig({
      expiresOn: '2026-12-31',
      nodeGroup: { minSize: 1, desiredSize: 1, maxSize: 1 },
      roster: { eksClusterQuota: 200, participants: ids.map((id) => ({ id, principalArn: `arn:aws:iam::123456789012:role/${id}` })) },
    });
    const names = ids.map((id) => `eks-workshop-${id}`);
    // Each found only by the last batch of its query. The fake rejects calls over AWS's limits (20 values
    // per TagFilter, 200 EC2 filter values) and answers the Tagging API after a delay, to count calls in flight.
    serve({
      tagged: [eksClusterSecurityGroup('eks-workshop-p100', 'sg-0last')],
      volumes: [{ VolumeId: 'vol-last', State: 'available', Tags: tagList({ 'kubernetes.io/cluster/eks-workshop-p100': 'owned' }) }],
      networkInterfaces: [cniInterface('eni-last', 'eks-workshop-p100')],
      taggingLatencyMs: 2,
    });
    const report = await findLeftovers(planOf(config), fakeClients());

    expect(idsByGroup(report)).toEqual({ p100: ['eni-last', 'sg-0last', 'vol-last'] });
    // 1 + 101 + 2 x 6 requests, never more than 5 at once.
    expect(taggingMock.commandCalls(GetResourcesCommand)).toHaveLength(114);
    expect(taggingStats.maxInFlight).toBe(5);
    const tagInputs = inputsOf(taggingMock.commandCalls(GetResourcesCommand)).map((i) => i.TagFilters ?? []);
    for (const key of ['aws:eks:cluster-name', 'elbv2.k8s.aws/cluster']) {
      const batches = tagInputs.filter((f) => f[0].Key === key).map((f) => f[0].Values ?? []);
      expect(batches.map((b) => b.length)).toEqual([20, 20, 20, 20, 20, 1]);
      expect(batches.flat()).toEqual(names);
    }
    expect(tagInputs.filter((f) => f[0].Key?.startsWith('kubernetes.io/cluster/')).map((f) => f[0].Key)).toEqual(
      names.map((n) => `kubernetes.io/cluster/${n}`),
    );
    for (const calls of [ec2Mock.commandCalls(DescribeVolumesCommand), ec2Mock.commandCalls(DescribeNetworkInterfacesCommand)]) {
      const tagKeyBatches = inputsOf(calls)
        .map((i) => i.Filters?.[0])
        .filter((f) => f?.Name === 'tag-key')
        .map((f) => f?.Values ?? []);
      expect(tagKeyBatches.map((b) => b.length)).toEqual([100, 1]);
      expect(tagKeyBatches.flat()).toEqual(names.map((n) => `kubernetes.io/cluster/${n}`));
    }
  });

  test('participantId not in the roster is an error naming it, before any AWS call', async () => {
    serve({});
    await expect(findLeftovers(planOf(classConfig()), fakeClients(), { participantId: 'zoe' })).rejects.toThrow(
      'participant ("zoe") must be one of roster.participants: alice, bob',
    );
    await expect(findLeftovers(planOf(labConfig()), fakeClients(), { participantId: 'alice' })).rejects.toThrow(
      'participant ("alice") needs a roster: the configuration describes the single lab eks-workshop',
    );
    expect(ec2Mock.calls()).toHaveLength(0);
    expect(taggingMock.calls()).toHaveLength(0);
  });

  test('a single lab: one group with its stacks; a participant left from an earlier roster is reported apart', async () => {
    serve({
      networkInterfaces: [cniInterface('eni-lab-cni', 'eks-workshop')],
      tagged: [
        { ResourceARN: arn('eks', 'cluster/eks-workshop'), Tags: tagList(labTagsOf()) },
        { ResourceARN: arn('ec2', 'vpc/vpc-0lab'), Tags: tagList(labTagsOf()) },
        { ResourceARN: arn('eks', 'cluster/eks-workshop-carol'), Tags: tagList(labTagsOf('carol')) },
      ],
    });
    const report = await findLeftovers(planOf(labConfig()), fakeClients());

    expect(report.clusterNames).toEqual(['eks-workshop']);
    expect(report.groups.map((g) => [g.kind, g.participantId, g.inConfiguration, g.destroyCommand])).toEqual([
      [LeftoverGroupKind.LAB, undefined, true, 'npx cdktf destroy eks-workshop-workloads eks-workshop-cluster'],
      [LeftoverGroupKind.PARTICIPANT, 'carol', false, undefined],
    ]);
    expect(idsByGroup(report)).toEqual({ lab: ['eni-lab-cni', 'vpc-0lab', 'eks-workshop'], carol: ['eks-workshop-carol'] });
    // The configuration has no stack for carol any more: the hint falls back to the AWS CLI.
    expect(report.groups[1].resources[0].removal).toMatch(/^aws eks delete-cluster --region us-west-2 --name eks-workshop-carol /);
  });

  test('an AWS error names the operation, the error and the fix', async () => {
    serve({});
    taggingMock.on(GetResourcesCommand).rejects(
      new ResourceGroupsTaggingAPIServiceException({
        name: 'AccessDeniedException',
        $fault: 'client',
        $metadata: { httpStatusCode: 400 },
        message: 'User: arn:aws:iam::123456789012:user/x is not authorized to perform: tag:GetResources',
      }),
    );
    const failure = findLeftovers(planOf(classConfig()), fakeClients());
    await expect(failure).rejects.toBeInstanceOf(AwsCallError);
    await expect(failure).rejects.toThrow(/^tag:GetResources failed: AccessDeniedException: User: .* is not authorized to perform: tag:GetResources$/);
    await expect(failure).rejects.toMatchObject({ kind: AwsFailureKind.ACCESS_DENIED, operation: 'tag:GetResources' });
  });

  test('an EC2 error on a later page still fails the check instead of giving a partial report', async () => {
    serve({ volumes: [1, 2, 3].map((i) => ({ VolumeId: `vol-${i}`, State: 'available', Tags: tagList(labTagsOf('alice')) })) });
    ec2Mock
      .on(DescribeVolumesCommand, { Filters: [{ Name: 'tag:lab', Values: ['eks-workshop'] }] })
      .resolvesOnce({ Volumes: [], NextToken: 'page-2' })
      .rejectsOnce(
        new EC2ServiceException({ name: 'UnauthorizedOperation', $fault: 'client', $metadata: {}, message: 'You are not authorized' }),
      );
    await expect(findLeftovers(planOf(classConfig()), fakeClients())).rejects.toMatchObject({
      message: 'ec2:DescribeVolumes failed: UnauthorizedOperation: You are not authorized',
      kind: AwsFailureKind.ACCESS_DENIED,
    });
  });
});
