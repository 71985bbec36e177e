import {
  DescribeNetworkInterfacesCommand,
  DescribeVolumesCommand,
  EC2Client,
  Filter,
  NetworkInterface,
  Tag as Ec2Tag,
  Volume,
} from '@aws-sdk/client-ec2';
import {
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
  ResourceTagMapping,
} from '@aws-sdk/client-resource-groups-tagging-api';
import { LabConfig } from '../config/lab-config';
import { LAB_TAG_KEYS } from '../config/lab-tags';
import { LabEnvironment, labEnvironments, sharedNetworkStackName } from '../fleet/lab-environment';
import { LeftoverGroup, LeftoverGroupKind, LeftoverReport, LeftoverResource, LeftoverSource } from './leftover-report';
import { LeftoversQueryError } from './leftovers-query-error';
import { removalHint, RemovalSubject } from './removal-hint';

/**
 * Tag the Amazon VPC CNI puts on the network interfaces it creates, valued with the cluster name
 * (set when the CNI knows the cluster name, as the EKS add-on does). It does not copy the lab's tags.
 *
 * @see https://github.com/aws/amazon-vpc-cni-k8s/pull/1482 (desired tag set: `node.k8s.amazonaws.com/instance_id`, `cluster.k8s.amazonaws.com/name`)
 * @see https://github.com/aws/amazon-vpc-resource-controller-k8s/pull/550 (the resource controller cleans CNI ENIs up by the same tag)
 */
export const VPC_CNI_CLUSTER_TAG_KEY = 'cluster.k8s.amazonaws.com/name';

/** Tag key prefix of `kubernetes.io/cluster/<cluster>=owned`, which the EBS CSI driver puts on its volumes. */
export const KUBERNETES_CLUSTER_TAG_PREFIX = 'kubernetes.io/cluster/';

/** Tag the EBS CSI driver puts on a volume: the claim it was created for. */
const PVC_NAME_TAG = 'kubernetes.io/created-for/pvc/name';
const PVC_NAMESPACE_TAG = 'kubernetes.io/created-for/pvc/namespace';

/** Values per EC2 filter in one call: the names of a whole class usually fit in one request. */
const CLUSTER_NAMES_PER_CALL = 100;

/** The AWS clients the check uses, both for the configuration's region. */
export interface LeftoverClients {
  /** Resource Groups Tagging API: every taggable resource type. */
  readonly tagging: ResourceGroupsTaggingAPIClient;
  /** EC2: the authority on volumes and network interfaces. */
  readonly ec2: EC2Client;
}

/** What to check. */
export interface FindLeftoversOptions {
  /** Check only this participant's lab. @default - the whole lab, shared resources included */
  readonly participantId?: string;
}

/**
 * Why `participantId` cannot be checked with `config`, as `("<id>") must ...`, or undefined when it can.
 */
export function participantProblem(config: LabConfig, participantId: string): string | undefined {
  const ids = (config.roster?.participants ?? []).map((p) => p.id);
  if (ids.length === 0) {
    return `(${JSON.stringify(participantId)}) needs a roster: the configuration describes the single lab ${config.labName}`;
  }
  if (!ids.includes(participantId)) {
    return `(${JSON.stringify(participantId)}) must be one of roster.participants: ${ids.join(', ')}`;
  }
  return undefined;
}

/**
 * Lists every AWS resource still tagged for the lab `config` describes, grouped per participant (or
 * the single lab) and shared, each with a removal hint.
 *
 * Queries, all paginated: the Resource Groups Tagging API by the `lab` tag (every resource type);
 * EC2 volumes by the `lab` tag; EC2 network interfaces by the `lab` tag and by the VPC CNI's
 * cluster-name tag of every cluster of the configuration. The Tagging API is eventually consistent
 * and lists just-deleted resources for a while, so for volumes and network interfaces EC2's answer
 * wins: Tagging API entries that EC2 no longer returns are reported as `ignoredStale`.
 *
 * @throws Error when `options.participantId` is not in the roster (before any AWS call)
 * @throws LeftoversQueryError when an AWS call fails (credentials, permissions, throttling)
 */
export async function findLeftovers(
  config: LabConfig,
  clients: LeftoverClients,
  options: FindLeftoversOptions = {},
): Promise<LeftoverReport> {
  const { participantId } = options;
  if (participantId !== undefined) {
    const problem = participantProblem(config, participantId);
    if (problem !== undefined) throw new Error(`participant ${problem}`);
  }
  const environments = labEnvironments(config);
  const checked = environments.filter((e) => participantId === undefined || e.participant?.id === participantId);
  const clusterNames = checked.map((e) => e.clusterName);

  // With a participant, every query is narrowed to it: its resources carry the participant tag,
  // its CNI interfaces its cluster name.
  const tagFilters: Array<{ key: string; value: string }> = [
    { key: LAB_TAG_KEYS.lab, value: config.labName },
    ...(participantId === undefined ? [] : [{ key: LAB_TAG_KEYS.participant, value: participantId }]),
  ];
  const ec2Filters: Filter[] = tagFilters.map(({ key, value }) => ({ Name: `tag:${key}`, Values: [value] }));

  const [tagged, volumes, labInterfaces, cniInterfaces] = await Promise.all([
    getTaggedResources(clients.tagging, tagFilters),
    describeVolumes(clients.ec2, ec2Filters),
    describeNetworkInterfaces(clients.ec2, ec2Filters),
    Promise.all(
      chunks(clusterNames, CLUSTER_NAMES_PER_CALL).map((names) =>
        describeNetworkInterfaces(clients.ec2, [{ Name: `tag:${VPC_CNI_CLUSTER_TAG_KEY}`, Values: names }]),
      ),
    ).then((pages) => pages.flat()),
  ]);

  const drafts = new Map<string, Draft>();
  volumes.forEach((v) => addVolume(drafts, v));
  labInterfaces.forEach((n) => addNetworkInterface(drafts, n));
  cniInterfaces.forEach((n) => addNetworkInterface(drafts, n));
  const ignoredStale: string[] = [];
  for (const mapping of tagged) {
    if (!addTagged(drafts, mapping) && mapping.ResourceARN !== undefined) ignoredStale.push(mapping.ResourceARN);
  }

  const groups = groupLeftovers([...drafts.values()], config, environments);
  return {
    labName: config.labName,
    region: config.region,
    ...(participantId === undefined ? {} : { participantId }),
    clusterNames,
    groups,
    total: groups.reduce((n, g) => n + g.resources.length, 0),
    ignoredStale: ignoredStale.sort(),
  };
}

/**
 * Groups the resources per participant (tag `participant`, or a cluster-name tag of a participant's
 * cluster), the single lab, or shared, in report order, each with its removal hint.
 */
function groupLeftovers(drafts: readonly Draft[], config: LabConfig, environments: readonly LabEnvironment[]): LeftoverGroup[] {
  const byCluster = new Map(environments.map((e) => [e.clusterName, e]));
  const destroyCommand = (e: LabEnvironment) => `npx cdktf destroy ${e.workloadsStackName} ${e.clusterStackName}`;
  const context = {
    region: config.region,
    destroyCommandOf: (clusterName: string) => {
      const environment = byCluster.get(clusterName);
      return environment === undefined ? undefined : destroyCommand(environment);
    },
  };

  const groups = new Map<string, { owner: Owner; resources: LeftoverResource[] }>();
  for (const draft of drafts) {
    const owner = ownerOf(draft.tags, config, byCluster);
    const key = `${owner.kind}/${owner.participantId ?? ''}`;
    const group = groups.get(key) ?? { owner, resources: [] };
    groups.set(key, group);
    group.resources.push(toResource(draft, context));
  }

  const rosterOrder = environments.map((e) => e.participant?.id);
  // The single lab first; a class's participants in roster order, then ones it no longer lists, then shared.
  const rank = (o: Owner) => {
    if (o.kind === LeftoverGroupKind.LAB) return -1;
    if (o.kind === LeftoverGroupKind.SHARED) return rosterOrder.length + 1;
    return rosterOrder.includes(o.participantId) ? rosterOrder.indexOf(o.participantId) : rosterOrder.length;
  };
  return [...groups.values()]
    .sort((a, b) => rank(a.owner) - rank(b.owner) || (a.owner.participantId ?? '').localeCompare(b.owner.participantId ?? ''))
    .map(({ owner, resources }) => {
      const environment = owner.clusterName === undefined ? undefined : byCluster.get(owner.clusterName);
      const command =
        owner.kind === LeftoverGroupKind.SHARED
          ? `npx cdktf destroy ${sharedNetworkStackName(config.labName)}`
          : environment === undefined ? undefined : destroyCommand(environment);
      return {
        kind: owner.kind,
        ...(owner.participantId === undefined ? {} : { participantId: owner.participantId }),
        ...(owner.clusterName === undefined ? {} : { clusterName: owner.clusterName }),
        inConfiguration: owner.kind !== LeftoverGroupKind.PARTICIPANT || environment !== undefined,
        ...(command === undefined ? {} : { destroyCommand: command }),
        resources: resources.sort(
          (a, b) => `${a.service}:${a.resourceType}`.localeCompare(`${b.service}:${b.resourceType}`) || a.id.localeCompare(b.id),
        ),
      };
    });

}

/** A resource while the query results are merged. */
interface Draft extends RemovalSubject {
  arn?: string;
  detail?: string;
  readonly tags: Record<string, string>;
  readonly foundBy: Set<LeftoverSource>;
}

/** Who a resource belongs to. */
interface Owner {
  readonly kind: LeftoverGroupKind;
  readonly participantId?: string;
  readonly clusterName?: string;
}

function ownerOf(tags: Readonly<Record<string, string>>, config: LabConfig, byCluster: ReadonlyMap<string, LabEnvironment>): Owner {
  const participant = tags[LAB_TAG_KEYS.participant];
  if (participant !== undefined) {
    const clusterName = `${config.labName}-${participant}`;
    return { kind: LeftoverGroupKind.PARTICIPANT, participantId: participant, clusterName };
  }
  const ownerCluster = Object.keys(tags).find((k) => k.startsWith(KUBERNETES_CLUSTER_TAG_PREFIX))?.slice(KUBERNETES_CLUSTER_TAG_PREFIX.length);
  const named = [tags[VPC_CNI_CLUSTER_TAG_KEY], tags[LAB_TAG_KEYS.env], ownerCluster]
    .map((name) => (name === undefined ? undefined : byCluster.get(name)))
    .find((e) => e?.participant !== undefined);
  if (named?.participant !== undefined) {
    return { kind: LeftoverGroupKind.PARTICIPANT, participantId: named.participant.id, clusterName: named.clusterName };
  }
  if (config.roster === undefined) return { kind: LeftoverGroupKind.LAB, clusterName: config.labName };
  return { kind: LeftoverGroupKind.SHARED };
}

function toResource(draft: Draft, context: Parameters<typeof removalHint>[1]): LeftoverResource {
  return {
    service: draft.service,
    resourceType: draft.resourceType,
    id: draft.id,
    ...(draft.arn === undefined ? {} : { arn: draft.arn }),
    ...(draft.state === undefined ? {} : { state: draft.state }),
    ...(draft.detail === undefined ? {} : { detail: draft.detail }),
    tags: draft.tags,
    removal: removalHint(draft, context),
    foundBy: [...draft.foundBy].sort(),
  };
}

function addVolume(drafts: Map<string, Draft>, volume: Volume): void {
  if (volume.VolumeId === undefined) return;
  const tags = ec2Tags(volume.Tags);
  const attachedInstanceId = volume.Attachments?.find((a) => a.State !== 'detached')?.InstanceId;
  const pvc = tags[PVC_NAME_TAG];
  const detail = [
    volume.Size === undefined ? undefined : `${volume.Size} GiB`,
    pvc === undefined ? undefined : `created by the EBS CSI driver for PVC ${tags[PVC_NAMESPACE_TAG] ?? '?'}/${pvc}`,
    attachedInstanceId === undefined ? undefined : `attached to ${attachedInstanceId}`,
  ].filter((d) => d !== undefined);
  merge(drafts, `ec2:volume:${volume.VolumeId}`, {
    service: 'ec2',
    resourceType: 'volume',
    id: volume.VolumeId,
    ...(volume.State === undefined ? {} : { state: volume.State }),
    ...(attachedInstanceId === undefined ? {} : { attachedInstanceId }),
    ...(detail.length === 0 ? {} : { detail: detail.join(', ') }),
    tags,
    foundBy: new Set([LeftoverSource.EC2_VOLUMES]),
  });
}

function addNetworkInterface(drafts: Map<string, Draft>, eni: NetworkInterface): void {
  if (eni.NetworkInterfaceId === undefined) return;
  const tags = ec2Tags(eni.TagSet);
  const attachedInstanceId = eni.Attachment?.InstanceId;
  const managedBy = eni.RequesterManaged ? (eni.RequesterId ?? 'another AWS service') : undefined;
  const cniCluster = tags[VPC_CNI_CLUSTER_TAG_KEY];
  const detail = [
    cniCluster === undefined ? undefined : `created by the VPC CNI of cluster ${cniCluster}`,
    eni.Description ? `"${eni.Description}"` : undefined,
    attachedInstanceId === undefined ? undefined : `attached to ${attachedInstanceId}`,
  ].filter((d) => d !== undefined);
  merge(drafts, `ec2:network-interface:${eni.NetworkInterfaceId}`, {
    service: 'ec2',
    resourceType: 'network-interface',
    id: eni.NetworkInterfaceId,
    ...(eni.Status === undefined ? {} : { state: eni.Status }),
    ...(attachedInstanceId === undefined ? {} : { attachedInstanceId }),
    ...(managedBy === undefined ? {} : { managedBy }),
    ...(detail.length === 0 ? {} : { detail: detail.join(', ') }),
    tags,
    foundBy: new Set([LeftoverSource.EC2_NETWORK_INTERFACES]),
  });
}

/**
 * Adds a Tagging API entry; returns false (and adds nothing) for a volume or network interface that
 * EC2 did not return: the Tagging API still lists it, but it is gone.
 */
function addTagged(drafts: Map<string, Draft>, mapping: ResourceTagMapping): boolean {
  if (mapping.ResourceARN === undefined) return true;
  const arn = parseArn(mapping.ResourceARN);
  const tags = Object.fromEntries((mapping.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
  const ec2Authoritative = arn.service === 'ec2' && (arn.resourceType === 'volume' || arn.resourceType === 'network-interface');
  const key = ec2Authoritative ? `ec2:${arn.resourceType}:${arn.id}` : mapping.ResourceARN;
  if (ec2Authoritative && !drafts.has(key)) return false;
  merge(drafts, key, { ...arn, arn: mapping.ResourceARN, tags, foundBy: new Set([LeftoverSource.TAGGING_API]) });
  return true;
}

/** Merges `found` into the draft under `key`; what EC2 said first (state, detail) is kept. */
function merge(drafts: Map<string, Draft>, key: string, found: Draft): void {
  const existing = drafts.get(key);
  if (existing === undefined) {
    drafts.set(key, found);
    return;
  }
  Object.assign(existing.tags, found.tags);
  found.foundBy.forEach((s) => existing.foundBy.add(s));
  existing.arn ??= found.arn;
  existing.detail ??= found.detail;
}

/** Resource types of services whose ARNs end with the bare name. */
const UNTYPED_ARN_TYPES: Record<string, string> = { s3: 'bucket', sqs: 'queue', sns: 'topic' };

/** Service, resource type and id of an ARN (`arn:partition:service:region:account:type/id` or `type:id`). */
function parseArn(arn: string): Pick<RemovalSubject, 'service' | 'resourceType' | 'id'> {
  const parts = arn.split(':');
  const service = parts[2] ?? 'unknown';
  const resource = parts.slice(5).join(':');
  const separator = resource.search(/[/:]/);
  if (separator < 0) {
    // Some ARNs name the resource without a type, e.g. `arn:aws:s3:::<bucket>`.
    return { service, resourceType: UNTYPED_ARN_TYPES[service] ?? resource, id: resource };
  }
  return { service, resourceType: resource.slice(0, separator), id: resource.slice(separator + 1) };
}

function ec2Tags(tags: readonly Ec2Tag[] | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
}

async function getTaggedResources(
  client: ResourceGroupsTaggingAPIClient,
  filters: ReadonlyArray<{ key: string; value: string }>,
): Promise<ResourceTagMapping[]> {
  return allPages('tag:GetResources', async (token) => {
    const page = await client.send(
      new GetResourcesCommand({
        TagFilters: filters.map(({ key, value }) => ({ Key: key, Values: [value] })),
        ResourcesPerPage: 100,
        ...(token === undefined ? {} : { PaginationToken: token }),
      }),
    );
    return { items: page.ResourceTagMappingList, next: page.PaginationToken };
  });
}

async function describeVolumes(client: EC2Client, filters: Filter[]): Promise<Volume[]> {
  return allPages('ec2:DescribeVolumes', async (token) => {
    const page = await client.send(
      new DescribeVolumesCommand({ Filters: filters, MaxResults: 500, ...(token === undefined ? {} : { NextToken: token }) }),
    );
    return { items: page.Volumes, next: page.NextToken };
  });
}

async function describeNetworkInterfaces(client: EC2Client, filters: Filter[]): Promise<NetworkInterface[]> {
  return allPages('ec2:DescribeNetworkInterfaces', async (token) => {
    const page = await client.send(
      new DescribeNetworkInterfacesCommand({
        Filters: filters,
        MaxResults: 1000,
        ...(token === undefined ? {} : { NextToken: token }),
      }),
    );
    return { items: page.NetworkInterfaces, next: page.NextToken };
  });
}

/** Every item of a paginated AWS call; the Tagging API ends with an empty token, EC2 with none. */
async function allPages<T>(
  operation: string,
  fetchPage: (token: string | undefined) => Promise<{ items: readonly T[] | undefined; next: string | undefined }>,
): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  do {
    let page: { items: readonly T[] | undefined; next: string | undefined };
    try {
      page = await fetchPage(token);
    } catch (error) {
      throw new LeftoversQueryError(operation, error);
    }
    items.push(...(page.items ?? []));
    token = page.next === '' ? undefined : page.next;
  } while (token !== undefined);
  return items;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
