import { paginateGetResources, ResourceGroupsTaggingAPIClient, ResourceTagMapping, TagFilter } from '@aws-sdk/client-resource-groups-tagging-api';
import { allItems } from '../aws-call-error';
import { chunks } from '../batches';
import { mapInFlight } from '../concurrency';
import { EKS_CLUSTER_NAME_TAG_KEY, kubernetesClusterTagKey, LOAD_BALANCER_CONTROLLER_CLUSTER_TAG_KEY, ownedByOneOf, tagRecord } from './cluster-tags';
import type { LeftoverScope } from './kinds/leftover-kind';

/** The IAM permissions of the Tagging API queries. */
export const TAGGED_RESOURCES_PERMISSIONS = ['tag:GetResources'] as const;

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

/** What the Resource Groups Tagging API lists for the scope. */
export interface TaggedResources {
  /** Tagged with every tag of the scope's labs (`lab`, and `participant` when one is checked). */
  readonly byLabTags: readonly ResourceTagMapping[];
  /** Tagged by Kubernetes or EKS for a checked cluster that owns it (not `shared`). */
  readonly byClusterTags: readonly ResourceTagMapping[];
}

/**
 * Every resource the Tagging API (any resource type) lists for the scope: by the labs' tags, and per
 * cluster by what Kubernetes and EKS tag with the cluster instead: `kubernetes.io/cluster/<cluster>`
 * (any value; one call per cluster, as several keys in one call must all match), `aws:eks:cluster-name`
 * and `elbv2.k8s.aws/cluster` (cluster names as values, 20 a call). These find what a learner's
 * LoadBalancer Service or Ingress left (load balancers, target groups, their security groups) and the
 * EKS cluster security group. Found by a cluster tag only, a resource counts when a checked cluster owns it.
 *
 * @see https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/API_GetResources.html
 */
export async function findTaggedResources(client: ResourceGroupsTaggingAPIClient, scope: LeftoverScope): Promise<TaggedResources> {
  const labTagFilters: TagFilter[] = scope.labTags.map(({ key, value }) => ({ Key: key, Values: [value] }));
  const [byLabTags, ...byClusterTags] = await mapInFlight([labTagFilters, ...clusterTagRequests(scope.clusterNames)], TAGGING_CALLS_IN_FLIGHT, (filters) =>
    allItems('tag:GetResources', paginateGetResources({ client }, { TagFilters: filters, ResourcesPerPage: 100 }), (page) => page.ResourceTagMappingList),
  );
  return { byLabTags, byClusterTags: byClusterTags.flat().filter((m) => ownedByOneOf(tagRecord(m.Tags), scope.clusterNames)) };
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
