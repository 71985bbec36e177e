import {
  EC2Client,
  Filter,
  NetworkInterface,
  paginateDescribeNetworkInterfaces,
  paginateDescribeVolumes,
  Tag as Ec2Tag,
  Volume,
} from '@aws-sdk/client-ec2';
import {
  paginateGetResources,
  ResourceGroupsTaggingAPIClient,
  ResourceTagMapping,
  TagFilter,
} from '@aws-sdk/client-resource-groups-tagging-api';
import { LAB_TAG_KEYS } from '../../config/lab-tags';
import { LabEnvironment, participantProblem } from '../../plan/lab-environment';
import { clusterNameOf, controlPlaneLogGroupName } from '../../plan/lab-names';
import type { LabPlan } from '../../plan/lab-plan';
import { StackKind } from '../../plan/stack-plan';
import { UniqueNameKind, uniqueNamesOf } from '../../plan/unique-names';
import { allItems } from '../aws-call-error';
import { mapInFlight } from '../concurrency';
import {
  EKS_CLUSTER_NAME_TAG_KEY,
  kubernetesClusterTagKey,
  LOAD_BALANCER_CONTROLLER_CLUSTER_TAG_KEY,
  owningClusterNames,
  VPC_CNI_CLUSTER_TAG_KEY,
} from './cluster-tags';
import { logGroupDetail, logGroupsNamed, FoundLogGroup } from './kinds/log-groups';
import type { KindAnswer, KindClients } from './kinds/tagged-kind';
import { TAGGED_KINDS } from './kinds/tagged-kinds';
import { IgnoredResource, LeftoverGroup, LeftoverGroupKind, LeftoverReport, LeftoverResource, LeftoverSource } from './leftover-report';
import { removalHint, RemovalSubject } from './removal-hint';

/** Tag the EBS CSI driver puts on a volume: the claim it was created for. */
const PVC_NAME_TAG = 'kubernetes.io/created-for/pvc/name';
const PVC_NAMESPACE_TAG = 'kubernetes.io/created-for/pvc/namespace';

/**
 * Values per EC2 filter in one call: EC2 rejects a call with more than 200 filter values in all
 * (`FilterLimitExceeded`), and the names of a whole class usually fit in 100.
 */
const EC2_VALUES_PER_CALL = 100;

/**
 * Values per TagFilter in one GetResources call: "A request can include up to 50 keys, and each key
 * can include up to 20 values" (GetResources API reference, TagFilters).
 */
const TAG_FILTER_VALUES_PER_CALL = 20;

/**
 * GetResources requests in flight at once. Several TagFilters in one request must all match (AND), so
 * each cluster's `kubernetes.io/cluster/<cluster>` key takes a request of its own: a class makes one
 * per participant, and the Tagging API throttles bursts.
 */
const TAGGING_CALLS_IN_FLIGHT = 5;


/** The AWS clients the check uses, all for the configuration's region. */
export interface LeftoverClients extends KindClients {
  /** Resource Groups Tagging API: every taggable resource type. */
  readonly tagging: ResourceGroupsTaggingAPIClient;
  /** EC2: the authority on volumes, network interfaces, NAT gateways and instances. */
  readonly ec2: EC2Client;
}

/** What to check. */
export interface FindLeftoversOptions {
  /** Check only this participant's lab. @default - the whole lab, shared resources included */
  readonly participantId?: string;
}

/**
 * Lists every AWS resource still tagged for the lab `config` describes, or for one of its EKS
 * clusters, grouped per participant (or the single lab) and shared, each with a removal hint.
 *
 * Queries, all paginated, each narrowed to `options.participantId` (its tag, its cluster) when given:
 * - the Resource Groups Tagging API (every resource type) by the `lab` tag, and per cluster by what
 *   Kubernetes and EKS tag with the cluster instead: `kubernetes.io/cluster/<cluster>` (any value; one
 *   call per cluster, as several keys in one call must all match), `aws:eks:cluster-name` and
 *   `elbv2.k8s.aws/cluster` (cluster names as values, 20 a call). These find what a learner's
 *   LoadBalancer Service or Ingress left (load balancers, target groups, their security groups) and
 *   the EKS cluster security group;
 * - EC2 volumes and network interfaces by the `lab` tag and by the `kubernetes.io/cluster/<cluster>`
 *   tag key; network interfaces also by the VPC CNI's cluster-name tag.
 *
 * A `kubernetes.io/cluster/<cluster>` tag valued `shared` marks what a cluster uses but does not own:
 * found only that way, a resource is not reported.
 *
 * The Tagging API is eventually consistent and lists just-deleted resources for a while, so for
 * volumes and network interfaces EC2's answer wins: one the Tagging API lists but the EC2 queries did
 * not return is looked up by id, and reported as `ignoredStale` when EC2 no longer has it.
 *
 * Not checked: IAM roles. The Tagging API does not list IAM users and roles ("The GetResources
 * operation does not currently support IAM users and roles", Resource Groups Tagging API reference),
 * and IAM is global, not in the region asked. The report names the roles the labs create
 * (`iamRolesNotChecked`) so they can be checked by name.
 *
 * @see https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/API_GetResources.html
 * @see https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/supported-services.html
 * @throws Error when `options.participantId` is not in the roster (before any AWS call)
 * @throws AwsCallError when an AWS call fails (credentials, permissions, throttling)
 */
export async function findLeftovers(
  plan: LabPlan,
  clients: LeftoverClients,
  options: FindLeftoversOptions = {},
): Promise<LeftoverReport> {
  const { participantId } = options;
  const { config } = plan;
  if (participantId !== undefined) {
    const problem = participantProblem(config, participantId);
    if (problem !== undefined) throw new Error(`participant ${problem}`);
  }
  const environments = plan.labs;
  const checked = environments.filter((e) => participantId === undefined || e.participant?.id === participantId);
  const clusterNames = checked.map((e) => e.clusterName);
  const clusterTagKeys = clusterNames.map(kubernetesClusterTagKey);

  // With a participant, every query is narrowed to it: its resources carry the participant tag,
  // what Kubernetes and EKS created for it its cluster's name.
  const labTagFilters: TagFilter[] = [
    { Key: LAB_TAG_KEYS.lab, Values: [config.labName] },
    ...(participantId === undefined ? [] : [{ Key: LAB_TAG_KEYS.participant, Values: [participantId] }]),
  ];
  const ec2LabFilters: Filter[] = labTagFilters.map(({ Key, Values }) => ({ Name: `tag:${Key}`, Values }));
  const byClusterTagKey = (keys: string[]): Filter[] => [{ Name: 'tag-key', Values: keys }];

  const [[labTagged, ...clusterTaggedLists], labVolumes, clusterVolumes, labInterfaces, cniInterfaces, clusterInterfaces, clusterLogGroups] = await Promise.all([
    mapInFlight([labTagFilters, ...clusterTagRequests(clusterNames)], TAGGING_CALLS_IN_FLIGHT, (filters) =>
      getTaggedResources(clients.tagging, filters),
    ),
    describeVolumes(clients.ec2, ec2LabFilters),
    concat(chunks(clusterTagKeys, EC2_VALUES_PER_CALL).map((keys) => describeVolumes(clients.ec2, byClusterTagKey(keys)))),
    describeNetworkInterfaces(clients.ec2, ec2LabFilters),
    concat(
      chunks(clusterNames, EC2_VALUES_PER_CALL).map((names) =>
        describeNetworkInterfaces(clients.ec2, [{ Name: `tag:${VPC_CNI_CLUSTER_TAG_KEY}`, Values: names }]),
      ),
    ),
    concat(chunks(clusterTagKeys, EC2_VALUES_PER_CALL).map((keys) => describeNetworkInterfaces(clients.ec2, byClusterTagKey(keys)))),
    // By name: EKS re-creates a control-plane log group, untagged, while it deletes the cluster.
    logGroupsNamed(clients, clusterNames.map(controlPlaneLogGroupName)),
  ]);

  // Found by a cluster tag only, a resource counts when a checked cluster owns it (the tag is not `shared`).
  const checkedClusters = new Set(clusterNames);
  const ownedByChecked = (tags: Readonly<Record<string, string>>) => owningClusterNames(tags).some((n) => checkedClusters.has(n));
  const drafts = new Map<string, Draft>();
  labVolumes.forEach((v) => addVolume(drafts, v));
  clusterVolumes.filter((v) => ownedByChecked(ec2Tags(v.Tags))).forEach((v) => addVolume(drafts, v));
  [...labInterfaces, ...cniInterfaces].forEach((n) => addNetworkInterface(drafts, n));
  clusterInterfaces.filter((n) => ownedByChecked(ec2Tags(n.TagSet))).forEach((n) => addNetworkInterface(drafts, n));
  const ownedClusterTagged = clusterTaggedLists.flat().filter((m) => ownedByChecked(mappingTags(m)));
  clusterLogGroups.forEach((group) => addLogGroup(drafts, group, clusterNames));

  // EC2 is the authority on volumes and network interfaces: the Tagging API may list ones EC2 no
  // longer has, or ones it has but the EC2 queries above did not ask for (e.g. found by aws:eks:cluster-name).
  const unconfirmed = [...labTagged, ...ownedClusterTagged]
    .map((m) => ec2AuthoritativeArn(m.ResourceARN))
    .filter((arn): arn is Ec2AuthoritativeArn => arn !== undefined && !drafts.has(draftKey(arn)));
  const unconfirmedIds = (type: Ec2AuthoritativeType) => unique(unconfirmed.filter((arn) => arn.resourceType === type).map((arn) => arn.id));
  const [confirmedVolumes, confirmedInterfaces] = await Promise.all([
    concat(chunks(unconfirmedIds('volume'), EC2_VALUES_PER_CALL).map((ids) => describeVolumes(clients.ec2, [{ Name: 'volume-id', Values: ids }]))),
    concat(
      chunks(unconfirmedIds('network-interface'), EC2_VALUES_PER_CALL).map((ids) =>
        describeNetworkInterfaces(clients.ec2, [{ Name: 'network-interface-id', Values: ids }]),
      ),
    ),
  ]);
  confirmedVolumes.forEach((v) => addVolume(drafts, v));
  confirmedInterfaces.forEach((n) => addNetworkInterface(drafts, n));
  // Log groups the Tagging API lists under other names than the clusters' (none are expected) are looked up too.
  const taggedLogGroupNames = [...labTagged, ...ownedClusterTagged]
    .map((m) => parseArn(m.ResourceARN ?? ''))
    .filter((a) => a.service === 'logs' && a.resourceType === 'log-group')
    .map((a) => a.id.replace(/:\*$/, ''))
    .filter((name) => !clusterLogGroups.some((g) => g.name === name));
  (await logGroupsNamed(clients, unique(taggedLogGroupNames))).forEach((group) => addLogGroup(drafts, group, clusterNames));
  const answers = await askTaggedKinds(clients, [...labTagged, ...ownedClusterTagged]);

  const ignored = new Map<string, string>();
  const addAll = (mappings: readonly ResourceTagMapping[], source: LeftoverSource) => {
    for (const mapping of mappings) {
      const why = addTagged(drafts, mapping, source, answers);
      if (why !== undefined && mapping.ResourceARN !== undefined) ignored.set(mapping.ResourceARN, why);
    }
  };
  addAll(labTagged, LeftoverSource.TAGGING_API);
  addAll(ownedClusterTagged, LeftoverSource.TAGGING_API_CLUSTER_TAGS);

  const groups = groupLeftovers([...drafts.values()], plan);
  return {
    labName: config.labName,
    region: config.region,
    ...(participantId === undefined ? {} : { participantId }),
    clusterNames,
    groups,
    total: groups.reduce((n, g) => n + g.resources.length, 0),
    ignored: [...ignored].sort(([a], [b]) => a.localeCompare(b)).map(([arn, why]): IgnoredResource => ({ arn, why })),
    iamRolesNotChecked: checked.flatMap((e) => uniqueNamesOf(config, e).filter((n) => n.kind === UniqueNameKind.IAM_ROLE).map((n) => n.name)),
  };
}

/**
 * Groups the resources per participant (tag `participant`, or a cluster-name tag of a participant's
 * cluster), the single lab, or shared, in report order, each with its removal hint.
 */
function groupLeftovers(drafts: readonly Draft[], plan: LabPlan): LeftoverGroup[] {
  const { config, labs: environments } = plan;
  const networkStacks = plan.stacks.filter((s) => s.kind === StackKind.NETWORK).map((s) => s.name);
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
    const owner = ownerOf(draft, plan, byCluster);
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
          ? `npx cdktf destroy ${networkStacks.join(' ')}`
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
  /** The cluster it belongs to, when the query that found it says so (a log group found by its name). */
  readonly clusterName?: string;
}

/** Who a resource belongs to. */
interface Owner {
  readonly kind: LeftoverGroupKind;
  readonly participantId?: string;
  readonly clusterName?: string;
}

function ownerOf(draft: Draft, plan: LabPlan, byCluster: ReadonlyMap<string, LabEnvironment>): Owner {
  const { config } = plan;
  const { tags } = draft;
  const participant = tags[LAB_TAG_KEYS.participant];
  if (participant !== undefined) {
    const clusterName = clusterNameOf(config.labName, participant);
    return { kind: LeftoverGroupKind.PARTICIPANT, participantId: participant, clusterName };
  }
  // What Kubernetes and EKS create carries the cluster's name in their tags rather than ours.
  const named = [draft.clusterName, tags[LAB_TAG_KEYS.env], ...owningClusterNames(tags)]
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
  merge(drafts, draftKey({ resourceType: 'volume', id: volume.VolumeId }), {
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
  merge(drafts, draftKey({ resourceType: 'network-interface', id: eni.NetworkInterfaceId }), {
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
 * Adds a Tagging API entry found by `source`, unless the kind's own API says it is gone (the Tagging
 * API is eventually consistent and still lists it): then adds nothing and returns why.
 * - volumes, network interfaces, log groups: gone when their own queries above did not return them;
 * - NAT gateways, instances, KMS keys: as `answers` (their own APIs) say.
 */
function addTagged(
  drafts: Map<string, Draft>,
  mapping: ResourceTagMapping,
  source: LeftoverSource,
  answers: ReadonlyMap<string, KindAnswer>,
): string | undefined {
  if (mapping.ResourceARN === undefined) return undefined;
  const arn = parseArn(mapping.ResourceARN);
  const ec2Arn = ec2AuthoritativeArn(mapping.ResourceARN);
  if (arn.service === 'logs' && arn.resourceType === 'log-group') {
    const key = logGroupKey(arn.id.replace(/:\*$/, ''));
    if (!drafts.has(key)) return 'log group deleted (CloudWatch Logs no longer has it)';
    merge(drafts, key, { ...arn, id: arn.id.replace(/:\*$/, ''), arn: mapping.ResourceARN, tags: mappingTags(mapping), foundBy: new Set([source]) });
    return undefined;
  }
  const key = ec2Arn === undefined ? mapping.ResourceARN : draftKey(ec2Arn);
  if (ec2Arn !== undefined && !drafts.has(key)) return `recently deleted ${ec2Arn.resourceType} (EC2 no longer has it)`;
  let state: Pick<Draft, 'state' | 'detail'> = {};
  if (TAGGED_KINDS.has(`${arn.service}:${arn.resourceType}`)) {
    const answer = answers.get(mapping.ResourceARN);
    if (answer === undefined) return `recently deleted ${arn.resourceType} (its own API no longer has it)`;
    if (!answer.exists) return answer.why;
    state = { ...(answer.state === undefined ? {} : { state: answer.state }), ...(answer.detail === undefined ? {} : { detail: answer.detail }) };
  }
  merge(drafts, key, { ...arn, ...state, arn: mapping.ResourceARN, tags: mappingTags(mapping), foundBy: new Set([source]) });
  return undefined;
}

/**
 * What the own APIs of the confirmed kinds (NAT gateways, instances, KMS keys) say about the
 * resources of those kinds the Tagging API listed, by ARN.
 */
async function askTaggedKinds(clients: LeftoverClients, mappings: readonly ResourceTagMapping[]): Promise<ReadonlyMap<string, KindAnswer>> {
  const byKind = new Map<string, Map<string, string>>(); // kind -> id -> ARN
  for (const { ResourceARN } of mappings) {
    if (ResourceARN === undefined) continue;
    const { service, resourceType, id } = parseArn(ResourceARN);
    const kind = `${service}:${resourceType}`;
    if (!TAGGED_KINDS.has(kind)) continue;
    const ids = byKind.get(kind) ?? new Map<string, string>();
    ids.set(id, ResourceARN);
    byKind.set(kind, ids);
  }
  const answers = new Map<string, KindAnswer>();
  await Promise.all(
    [...byKind].map(async ([kind, ids]) => {
      const taggedKind = TAGGED_KINDS.get(kind);
      if (taggedKind === undefined) return;
      for (const batch of chunks([...ids.keys()], EC2_VALUES_PER_CALL)) {
        (await taggedKind.ask(clients, batch)).forEach((answer, id) => {
          const resourceArn = ids.get(id);
          if (resourceArn !== undefined) answers.set(resourceArn, answer);
        });
      }
    }),
  );
  return answers;
}

/** Adds a log group CloudWatch Logs returned; a cluster's control-plane log group belongs to that cluster. */
function addLogGroup(drafts: Map<string, Draft>, group: FoundLogGroup, clusterNames: readonly string[]): void {
  const clusterName = clusterNames.find((name) => controlPlaneLogGroupName(name) === group.name);
  merge(drafts, logGroupKey(group.name), {
    service: 'logs',
    resourceType: 'log-group',
    id: group.name,
    arn: group.arn,
    detail: logGroupDetail(group),
    tags: {},
    foundBy: new Set([LeftoverSource.LOG_GROUPS_BY_NAME]),
    ...(clusterName === undefined ? {} : { clusterName }),
  });
}

/** Key of a log group in the drafts, whichever query found it. */
function logGroupKey(name: string): string {
  return `logs:log-group:${name}`;
}

/** Resource types EC2 answers for: what the Tagging API says about them is checked against EC2. */
type Ec2AuthoritativeType = 'volume' | 'network-interface';

/** A volume or network interface, as its ARN names it. */
interface Ec2AuthoritativeArn {
  readonly resourceType: Ec2AuthoritativeType;
  readonly id: string;
}

/** The ARN's type and id when it names a volume or a network interface, else undefined. */
function ec2AuthoritativeArn(resourceArn: string | undefined): Ec2AuthoritativeArn | undefined {
  if (resourceArn === undefined) return undefined;
  const arn = parseArn(resourceArn);
  if (arn.service !== 'ec2' || (arn.resourceType !== 'volume' && arn.resourceType !== 'network-interface')) return undefined;
  return { resourceType: arn.resourceType, id: arn.id };
}

/** Key of a volume or network interface in the drafts, whichever query found it. */
function draftKey(arn: Ec2AuthoritativeArn): string {
  return `ec2:${arn.resourceType}:${arn.id}`;
}

function mappingTags(mapping: ResourceTagMapping): Record<string, string> {
  return Object.fromEntries((mapping.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
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

/**
 * The GetResources filters that find what Kubernetes and EKS tagged for `clusterNames`: one request
 * per cluster for the key `kubernetes.io/cluster/<cluster>` with any value (TagFilters in one request
 * must all match, so different keys cannot share a request), and the cluster names as values of
 * `aws:eks:cluster-name` and of `elbv2.k8s.aws/cluster`, {@link TAG_FILTER_VALUES_PER_CALL} a request.
 */
function clusterTagRequests(clusterNames: readonly string[]): TagFilter[][] {
  return [
    ...clusterNames.map((name) => [{ Key: kubernetesClusterTagKey(name) }]),
    ...[EKS_CLUSTER_NAME_TAG_KEY, LOAD_BALANCER_CONTROLLER_CLUSTER_TAG_KEY].flatMap((key) =>
      chunks(clusterNames, TAG_FILTER_VALUES_PER_CALL).map((names) => [{ Key: key, Values: names }]),
    ),
  ];
}

async function getTaggedResources(client: ResourceGroupsTaggingAPIClient, filters: TagFilter[]): Promise<ResourceTagMapping[]> {
  return allItems('tag:GetResources', paginateGetResources({ client }, { TagFilters: filters, ResourcesPerPage: 100 }), (page) => page.ResourceTagMappingList);
}

async function describeVolumes(client: EC2Client, filters: Filter[]): Promise<Volume[]> {
  return allItems('ec2:DescribeVolumes', paginateDescribeVolumes({ client }, { Filters: filters, MaxResults: 500 }), (page) => page.Volumes);
}

async function describeNetworkInterfaces(client: EC2Client, filters: Filter[]): Promise<NetworkInterface[]> {
  return allItems(
    'ec2:DescribeNetworkInterfaces',
    paginateDescribeNetworkInterfaces({ client }, { Filters: filters, MaxResults: 1000 }),
    (page) => page.NetworkInterfaces,
  );
}

/** The items of every list, in order. */
async function concat<T>(lists: ReadonlyArray<Promise<T[]>>): Promise<T[]> {
  return (await Promise.all(lists)).flat();
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
