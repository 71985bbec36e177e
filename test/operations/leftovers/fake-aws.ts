import { CloudWatchLogsClient, DescribeLogGroupsCommand, DescribeLogGroupsCommandInput, LogGroup } from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeInstancesCommand,
  DescribeInstancesCommandInput,
  DescribeNatGatewaysCommand,
  DescribeNatGatewaysCommandInput,
  DescribeNetworkInterfacesCommand,
  DescribeNetworkInterfacesCommandInput,
  DescribeVolumesCommand,
  DescribeVolumesCommandInput,
  EC2Client,
  EC2ServiceException,
  Filter,
  Instance,
  NatGateway,
  NetworkInterface,
  Volume,
} from '@aws-sdk/client-ec2';
import { DescribeKeyCommand, DescribeKeyCommandInput, KeyMetadata, KMSClient, NotFoundException } from '@aws-sdk/client-kms';
import {
  GetResourcesCommand,
  GetResourcesCommandInput,
  ResourceGroupsTaggingAPIClient,
  ResourceGroupsTaggingAPIServiceException,
  ResourceTagMapping,
  TagFilter,
} from '@aws-sdk/client-resource-groups-tagging-api';
import { mockClient } from 'aws-sdk-client-mock';
import { LeftoverClients } from '../../../lib/operations/leftovers/find-leftovers';
import { labConfig } from '../../support/fixtures';
import { SentInputs } from '../../support/sent-inputs';

/** What the fake account holds, as the real APIs would return it. */
export interface FakeAccount {
  readonly volumes?: readonly Volume[];
  readonly networkInterfaces?: readonly NetworkInterface[];
  /** What the Tagging API lists (it may still list just-deleted resources). */
  readonly tagged?: readonly ResourceTagMapping[];
  /** NAT gateways EC2 has (deleted ones included, as EC2 lists them for an hour). */
  readonly natGateways?: readonly NatGateway[];
  /** Instances EC2 has (terminated ones included). */
  readonly instances?: readonly Instance[];
  /** KMS keys. */
  readonly keys?: readonly KeyMetadata[];
  /** Log groups CloudWatch Logs has. */
  readonly logGroups?: readonly LogGroup[];
  /** Items per page, whatever MaxResults asks for, to force pagination. @default 2 */
  readonly pageSize?: number;
  /** Delay before the Tagging API answers, so that calls overlap ({@link taggingStats}). @default 0 (at once) */
  readonly taggingLatencyMs?: number;
}

/** What the fake Tagging API saw since the last {@link serve}. */
export const taggingStats = { maxInFlight: 0 };

// The SDK's notice that later versions need Node 22 says nothing about these tests.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/**
 * Every input the fake answered since the last {@link serve}, as it was sent, by command class name
 * (`sent.of(DescribeVolumesCommand.name)`): read page tokens here, not from the recorded commands.
 */
export const sent = new SentInputs();

/** Mocks of every EC2 and Tagging API client (aws-sdk-client-mock), reset by {@link serve}. */
export const ec2Mock = mockClient(EC2Client);
export const taggingMock = mockClient(ResourceGroupsTaggingAPIClient);
export const kmsMock = mockClient(KMSClient);
export const logsMock = mockClient(CloudWatchLogsClient);

/** Fresh clients; their `send` is mocked. */
export function fakeClients(): LeftoverClients {
  return {
    ec2: new EC2Client({ region: 'us-west-2' }),
    tagging: new ResourceGroupsTaggingAPIClient({ region: 'us-west-2' }),
    kms: new KMSClient({ region: 'us-west-2' }),
    logs: new CloudWatchLogsClient({ region: 'us-west-2' }),
  };
}

/**
 * Answers the three calls like AWS does: filters applied (EC2: `tag:<key>`, `tag-key`, `volume-id`,
 * `network-interface-id`; Tagging API: TagFilters, a key without values matching any value; several
 * filters AND, several values OR), pages of `pageSize` with a next token, and AWS's per-call limits
 * enforced (EC2: 200 filter values; Tagging API: 50 TagFilters of up to 20 values).
 */
export function serve(account: FakeAccount): void {
  ec2Mock.reset();
  taggingMock.reset();
  kmsMock.reset();
  logsMock.reset();
  sent.clear();
  const size = account.pageSize ?? 2;
  ec2Mock.on(DescribeNatGatewaysCommand).callsFake(sent.record(DescribeNatGatewaysCommand.name, (input: DescribeNatGatewaysCommandInput) => {
    const matching = (account.natGateways ?? []).filter((n) => matchesEc2Filters({ 'nat-gateway-id': n.NatGatewayId }, n.Tags, input.Filter));
    const { items, next } = page(matching, input.NextToken, size);
    return { NatGateways: items, ...(next === undefined ? {} : { NextToken: next }) };
  }));
  ec2Mock.on(DescribeInstancesCommand).callsFake(sent.record(DescribeInstancesCommand.name, (input: DescribeInstancesCommandInput) => {
    const matching = (account.instances ?? []).filter((i) => matchesEc2Filters({ 'instance-id': i.InstanceId }, i.Tags, input.Filters));
    const { items, next } = page(matching, input.NextToken, size);
    return { Reservations: items.map((instance) => ({ Instances: [instance] })), ...(next === undefined ? {} : { NextToken: next }) };
  }));
  kmsMock.on(DescribeKeyCommand).callsFake(sent.record(DescribeKeyCommand.name, (input: DescribeKeyCommandInput) => {
    const key = (account.keys ?? []).find((k) => k.KeyId === input.KeyId || k.Arn === input.KeyId);
    if (key === undefined) throw new NotFoundException({ $metadata: {}, message: `Key '${input.KeyId}' does not exist` });
    return { KeyMetadata: key };
  }));
  logsMock.on(DescribeLogGroupsCommand).callsFake(sent.record(DescribeLogGroupsCommand.name, (input: DescribeLogGroupsCommandInput) => {
    const matching = (account.logGroups ?? []).filter((g) => (g.logGroupName ?? '').startsWith(input.logGroupNamePrefix ?? ''));
    const { items, next } = page(matching, input.nextToken, size);
    return { logGroups: items, ...(next === undefined ? {} : { nextToken: next }) };
  }));
  ec2Mock.on(DescribeVolumesCommand).callsFake(sent.record(DescribeVolumesCommand.name, (input: DescribeVolumesCommandInput) => {
    const matching = (account.volumes ?? []).filter((v) => matchesEc2Filters({ 'volume-id': v.VolumeId }, v.Tags, input.Filters));
    const { items, next } = page(matching, input.NextToken, size);
    return { Volumes: items, ...(next === undefined ? {} : { NextToken: next }) };
  }));
  ec2Mock.on(DescribeNetworkInterfacesCommand).callsFake(sent.record(DescribeNetworkInterfacesCommand.name, (input: DescribeNetworkInterfacesCommandInput) => {
    const matching = (account.networkInterfaces ?? []).filter((n) =>
      matchesEc2Filters({ 'network-interface-id': n.NetworkInterfaceId }, n.TagSet, input.Filters),
    );
    const { items, next } = page(matching, input.NextToken, size);
    return { NetworkInterfaces: items, ...(next === undefined ? {} : { NextToken: next }) };
  }));
  taggingStats.maxInFlight = 0;
  let inFlight = 0;
  taggingMock.on(GetResourcesCommand).callsFake(sent.record(GetResourcesCommand.name, async (input: GetResourcesCommandInput) => {
    inFlight++;
    taggingStats.maxInFlight = Math.max(taggingStats.maxInFlight, inFlight);
    try {
      if (account.taggingLatencyMs !== undefined) await new Promise((resolve) => setTimeout(resolve, account.taggingLatencyMs));
      return answerGetResources(input);
    } finally {
      inFlight--;
    }
  }));
  const answerGetResources = (input: GetResourcesCommandInput) => {
    checkTagFilterLimits(input.TagFilters ?? []);
    const matching = (account.tagged ?? []).filter((m) =>
      (input.TagFilters ?? []).every((f) =>
        m.Tags?.some((t) => t.Key === f.Key && (f.Values === undefined || f.Values.length === 0 || f.Values.includes(t.Value ?? ''))),
      ),
    );
    const { items, next } = page(matching, input.PaginationToken, size);
    // The Tagging API ends with an empty token rather than none.
    return { ResourceTagMappingList: items, PaginationToken: next ?? '' };
  };
}

function matchesEc2Filters(
  ids: Record<string, string | undefined>,
  tags: ReadonlyArray<{ Key?: string; Value?: string }> | undefined,
  filters: Filter[] | undefined,
): boolean {
  const valueCount = (filters ?? []).reduce((n, f) => n + (f.Values?.length ?? 0), 0);
  if (valueCount > 200) {
    throw new EC2ServiceException({
      name: 'FilterLimitExceeded',
      $fault: 'client',
      $metadata: { httpStatusCode: 400 },
      message: 'The maximum number of filter values specified on a single call is 200',
    });
  }
  return (filters ?? []).every((f) => {
    const values = f.Values ?? [];
    if (f.Name === 'tag-key') return (tags ?? []).some((t) => values.includes(t.Key ?? ''));
    if (f.Name?.startsWith('tag:')) {
      const key = f.Name.slice('tag:'.length);
      return (tags ?? []).some((t) => t.Key === key && values.includes(t.Value ?? ''));
    }
    if (f.Name !== undefined && f.Name in ids) return values.includes(ids[f.Name] ?? '');
    throw new Error(`the fake does not know the filter ${f.Name}`);
  });
}

function checkTagFilterLimits(filters: readonly TagFilter[]): void {
  const tooMany = (message: string) =>
    new ResourceGroupsTaggingAPIServiceException({ name: 'InvalidParameterException', $fault: 'client', $metadata: { httpStatusCode: 400 }, message });
  if (filters.length > 50) throw tooMany(`${filters.length} TagFilters: a request can include up to 50 keys`);
  const crowded = filters.find((f) => (f.Values?.length ?? 0) > 20);
  if (crowded !== undefined) throw tooMany(`TagFilter ${crowded.Key} has ${crowded.Values?.length} values: each key can include up to 20 values`);
}

function page<T>(items: readonly T[], token: string | undefined, size: number): { items: T[]; next?: string } {
  const start = token === undefined || token === '' ? 0 : Number(token.replace('page-', ''));
  const end = start + size;
  return { items: items.slice(start, end), ...(end < items.length ? { next: `page-${end}` } : {}) };
}

/** Tags as EC2 and the Tagging API spell them. */
export function tagList(tags: Record<string, string>): Array<{ Key: string; Value: string }> {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

/** A class of two participants, alice and bob, of lab eks-workshop in us-west-2. */
export function classConfig() {
  return labConfig({
    expiresOn: '2026-12-31',
    roster: {
      participants: [
        { id: 'alice', principalArn: 'arn:aws:iam::123456789012:role/alice' },
        { id: 'bob', principalArn: 'arn:aws:iam::123456789012:role/bob' },
      ],
    },
  });
}

/** The lab tags of a participant's resources (or the shared network's, without a participant). */
export function labTagsOf(participant?: string, labName = 'eks-workshop'): Record<string, string> {
  return {
    lab: labName,
    ...(participant === undefined ? {} : { participant }),
    env: participant === undefined ? labName : `${labName}-${participant}`,
    'created-by': 'eks-workshop-lab',
  };
}

/** A volume the EBS CSI driver created for a claim of `participant`'s cluster. */
export function csiVolume(id: string, participant: string, state: 'available' | 'in-use', instanceId?: string): Volume {
  return {
    VolumeId: id,
    State: state,
    Size: 10,
    Attachments: instanceId === undefined ? [] : [{ InstanceId: instanceId, State: 'attached', VolumeId: id }],
    Tags: tagList({
      ...labTagsOf(participant),
      'ebs.csi.aws.com/cluster': 'true',
      'kubernetes.io/created-for/pvc/name': 'data-catalog-mysql-0',
      'kubernetes.io/created-for/pvc/namespace': 'catalog',
      [`kubernetes.io/cluster/eks-workshop-${participant}`]: 'owned',
    }),
  };
}

/** A network interface the VPC CNI created for a node of `clusterName` (no lab tags). */
export function cniInterface(id: string, clusterName: string): NetworkInterface {
  return {
    NetworkInterfaceId: id,
    Status: 'available',
    Description: 'aws-K8S-i-0123456789abcdef0',
    TagSet: tagList({ 'cluster.k8s.amazonaws.com/name': clusterName, 'node.k8s.amazonaws.com/instance_id': 'i-0123456789abcdef0' }),
  };
}

/** An ARN in the test account and region. */
export function arn(service: string, resource: string): string {
  return `arn:aws:${service}:us-west-2:123456789012:${resource}`;
}

/**
 * What a LoadBalancer Service `namespace/name` of `clusterName` leaves when the in-tree AWS cloud
 * provider created it: a classic load balancer and its security group, tagged with the cluster and the
 * Service only (no lab tags).
 */
export function serviceLoadBalancer(clusterName: string, lbName: string, sgId: string, service = 'ui/ui'): ResourceTagMapping[] {
  const tags = tagList({ [`kubernetes.io/cluster/${clusterName}`]: 'owned', 'kubernetes.io/service-name': service });
  return [
    { ResourceARN: arn('elasticloadbalancing', `loadbalancer/${lbName}`), Tags: tags },
    { ResourceARN: arn('ec2', `security-group/${sgId}`), Tags: tags },
  ];
}

/** The security group EKS creates for `clusterName` (no lab tags). */
export function eksClusterSecurityGroup(clusterName: string, sgId: string): ResourceTagMapping {
  return {
    ResourceARN: arn('ec2', `security-group/${sgId}`),
    Tags: tagList({ 'aws:eks:cluster-name': clusterName, [`kubernetes.io/cluster/${clusterName}`]: 'owned', Name: `eks-cluster-sg-${clusterName}-123` }),
  };
}

/** A log group as DescribeLogGroups returns it. */
export function logGroup(name: string, retentionInDays?: number): LogGroup {
  return {
    logGroupName: name,
    arn: arn('logs', `log-group:${name}:*`),
    logGroupArn: arn('logs', `log-group:${name}`),
    storedBytes: 2_500_000,
    ...(retentionInDays === undefined ? {} : { retentionInDays }),
  };
}
