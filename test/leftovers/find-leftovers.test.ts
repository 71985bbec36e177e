import {
  DescribeNetworkInterfacesCommand,
  DescribeVolumesCommand,
  EC2ServiceException,
} from '@aws-sdk/client-ec2';
import { GetResourcesCommand, ResourceGroupsTaggingAPIServiceException } from '@aws-sdk/client-resource-groups-tagging-api';
import { findLeftovers, VPC_CNI_CLUSTER_TAG_KEY } from '../../lib/leftovers/find-leftovers';
import { LeftoverGroupKind, LeftoverReport, LeftoverSource } from '../../lib/leftovers/leftover-report';
import { LeftoversQueryError } from '../../lib/leftovers/leftovers-query-error';
import { labConfig } from '../support/fixtures';
import {
  arn,
  classConfig,
  cniInterface,
  csiVolume,
  ec2Mock,
  FakeAccount,
  fakeClients,
  labTagsOf,
  serve,
  tagList,
  taggingMock,
} from './fake-aws';

/** `{ group label: [ids] }` of a report. */
function idsByGroup(report: LeftoverReport): Record<string, string[]> {
  return Object.fromEntries(report.groups.map((g) => [g.participantId ?? g.kind, g.resources.map((r) => r.id)]));
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
    const report = await findLeftovers(classConfig(), fakeClients());
    expect(report).toEqual({
      labName: 'eks-workshop',
      region: 'us-west-2',
      clusterNames: ['eks-workshop-alice', 'eks-workshop-bob'],
      groups: [],
      total: 0,
      ignoredStale: [],
    });
  });

  test('groups leftovers per participant and shared, each with a removal hint', async () => {
    serve(messyClassAccount());
    const report = await findLeftovers(classConfig(), fakeClients());

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
    const report = await findLeftovers(classConfig(), fakeClients());
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
    const report = await findLeftovers(classConfig(), fakeClients());
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
        // Not an EC2 volume or interface: the Tagging API is all there is, it stays.
        { ResourceARN: arn('logs', 'log-group:/aws/eks/eks-workshop-alice/cluster'), Tags: tagList(labTagsOf('alice')) },
      ],
    });
    const report = await findLeftovers(classConfig(), fakeClients());
    expect(idsByGroup(report)).toEqual({ alice: ['vol-still-here', '/aws/eks/eks-workshop-alice/cluster'] });
    expect(report.ignoredStale).toEqual([arn('ec2', 'network-interface/eni-just-deleted'), arn('ec2', 'volume/vol-just-deleted')]);
    expect(report.groups[0].resources[1].removal).toBe(
      'aws logs delete-log-group --region us-west-2 --log-group-name /aws/eks/eks-workshop-alice/cluster',
    );
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
    });
    const report = await findLeftovers(classConfig(), fakeClients());

    expect(report.total).toBe(20);
    expect(idsByGroup(report)).toEqual({
      alice: ids('vol'),
      bob: [...ids('i'), ...ids('eni-cni')],
      shared: ids('eni-lab'),
    });
    // Three pages each: no token, then the token each previous page returned.
    expect(taggingMock.commandCalls(GetResourcesCommand).map((c) => c.args[0].input.PaginationToken)).toEqual([
      undefined,
      'page-2',
      'page-4',
    ]);
    expect(ec2Mock.commandCalls(DescribeVolumesCommand).map((c) => c.args[0].input.NextToken)).toEqual([undefined, 'page-2', 'page-4']);
    const interfaceCalls = ec2Mock.commandCalls(DescribeNetworkInterfacesCommand).map((c) => c.args[0].input);
    for (const tagName of ['tag:lab', `tag:${VPC_CNI_CLUSTER_TAG_KEY}`]) {
      expect(interfaceCalls.filter((i) => i.Filters?.[0].Name === tagName).map((i) => i.NextToken)).toEqual([
        undefined,
        'page-2',
        'page-4',
      ]);
    }
  });

  test('asks AWS for the lab tag, and for the CNI cluster tag of every cluster of the configuration', async () => {
    serve({});
    await findLeftovers(classConfig(), fakeClients());

    const [getResources] = taggingMock.commandCalls(GetResourcesCommand);
    expect(getResources.args[0].input).toEqual({ TagFilters: [{ Key: 'lab', Values: ['eks-workshop'] }], ResourcesPerPage: 100 });
    const [volumes] = ec2Mock.commandCalls(DescribeVolumesCommand);
    expect(volumes.args[0].input.Filters).toEqual([{ Name: 'tag:lab', Values: ['eks-workshop'] }]);
    expect(ec2Mock.commandCalls(DescribeNetworkInterfacesCommand).map((c) => c.args[0].input.Filters)).toEqual(
      expect.arrayContaining([
        [{ Name: 'tag:lab', Values: ['eks-workshop'] }],
        [{ Name: 'tag:cluster.k8s.amazonaws.com/name', Values: ['eks-workshop-alice', 'eks-workshop-bob'] }],
      ]),
    );
    expect(ec2Mock.commandCalls(DescribeNetworkInterfacesCommand)).toHaveLength(2);
  });

  test('participantId: only that participant is asked for and reported', async () => {
    serve(messyClassAccount());
    const report = await findLeftovers(classConfig(), fakeClients(), { participantId: 'alice' });

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
    expect(ec2Mock.commandCalls(DescribeNetworkInterfacesCommand).map((c) => c.args[0].input.Filters)).toEqual(
      expect.arrayContaining([
        participantFilters,
        [{ Name: 'tag:cluster.k8s.amazonaws.com/name', Values: ['eks-workshop-alice'] }],
      ]),
    );
  });

  test('participantId not in the roster is an error naming it, before any AWS call', async () => {
    serve({});
    await expect(findLeftovers(classConfig(), fakeClients(), { participantId: 'zoe' })).rejects.toThrow(
      'participant ("zoe") must be one of roster.participants: alice, bob',
    );
    await expect(findLeftovers(labConfig(), fakeClients(), { participantId: 'alice' })).rejects.toThrow(
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
    const report = await findLeftovers(labConfig(), fakeClients());

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
    const failure = findLeftovers(classConfig(), fakeClients());
    await expect(failure).rejects.toBeInstanceOf(LeftoversQueryError);
    await expect(failure).rejects.toThrow(
      /^tag:GetResources failed: AccessDeniedException: User: .* is not authorized .*\nThe identity may not call it: the leftovers check needs tag:GetResources, ec2:DescribeVolumes, ec2:DescribeNetworkInterfaces\.$/,
    );
  });

  test('an EC2 error on a later page still fails the check instead of giving a partial report', async () => {
    serve({ volumes: [1, 2, 3].map((i) => ({ VolumeId: `vol-${i}`, State: 'available', Tags: tagList(labTagsOf('alice')) })) });
    ec2Mock
      .on(DescribeVolumesCommand)
      .resolvesOnce({ Volumes: [], NextToken: 'page-2' })
      .rejectsOnce(
        new EC2ServiceException({ name: 'UnauthorizedOperation', $fault: 'client', $metadata: {}, message: 'You are not authorized' }),
      );
    await expect(findLeftovers(classConfig(), fakeClients())).rejects.toThrow(
      /^ec2:DescribeVolumes failed: UnauthorizedOperation: You are not authorized\nThe identity may not call it/,
    );
  });
});
