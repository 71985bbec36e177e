/**
 * Tags that Kubernetes, its controllers and EKS put on the AWS resources they create for a cluster.
 * They do not copy the lab's tags, so these tags are the only way to find those resources.
 */

/**
 * Tag the Amazon VPC CNI puts on the network interfaces it creates, valued with the cluster name
 * (set when the CNI knows the cluster name, as the EKS add-on does).
 *
 * @see https://github.com/aws/amazon-vpc-cni-k8s/pull/1482 (desired tag set: `node.k8s.amazonaws.com/instance_id`, `cluster.k8s.amazonaws.com/name`)
 * @see https://github.com/aws/amazon-vpc-resource-controller-k8s/pull/550 (the resource controller cleans CNI ENIs up by the same tag)
 */
export const VPC_CNI_CLUSTER_TAG_KEY = 'cluster.k8s.amazonaws.com/name';

/**
 * Prefix of the tag key `kubernetes.io/cluster/<cluster>`: valued `owned` on what Kubernetes creates
 * for the cluster (the EBS CSI driver's volumes, a LoadBalancer Service's load balancer and security
 * group) and on the security group EKS creates for it; `shared` on what the cluster only uses.
 */
export const KUBERNETES_CLUSTER_TAG_PREFIX = 'kubernetes.io/cluster/';

/**
 * Tag EKS puts on the cluster security group it creates, valued with the cluster name. An `aws:` system
 * tag: nobody can set or remove it. GetResources returns `aws:` tags and its TagFilter key pattern
 * accepts them (filtering by `aws:cloudformation:stack-name` is common practice), though its reference
 * does not promise it; the same group carries `kubernetes.io/cluster/<cluster>=owned` as well.
 *
 * @see https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/API_TagFilter.html
 */
export const EKS_CLUSTER_NAME_TAG_KEY = 'aws:eks:cluster-name';

/** Tag the AWS Load Balancer Controller puts on its load balancers, target groups and security groups, valued with the cluster name. */
export const LOAD_BALANCER_CONTROLLER_CLUSTER_TAG_KEY = 'elbv2.k8s.aws/cluster';

/** Value of `kubernetes.io/cluster/<cluster>` on a resource the cluster uses but does not own. */
const SHARED_VALUE = 'shared';

/** `<namespace>/<name>` of the Service a load balancer was created for, by the in-tree AWS cloud provider. */
const SERVICE_NAME_TAG = 'kubernetes.io/service-name';
/** `<namespace>/<name>` of the Service, by the AWS Load Balancer Controller. */
const CONTROLLER_SERVICE_TAG = 'service.k8s.aws/stack';
/** `<namespace>/<name>` of the Ingress (or the name of its IngressGroup), by the AWS Load Balancer Controller. */
const CONTROLLER_INGRESS_TAG = 'ingress.k8s.aws/stack';

/** `kubernetes.io/cluster/<clusterName>`. */
export function kubernetesClusterTagKey(clusterName: string): string {
  return `${KUBERNETES_CLUSTER_TAG_PREFIX}${clusterName}`;
}

/**
 * The clusters `tags` say own the resource: the VPC CNI's, EKS's and the load balancer controller's
 * cluster-name tags, then every `kubernetes.io/cluster/<cluster>` not valued `shared`.
 */
export function owningClusterNames(tags: Readonly<Record<string, string>>): string[] {
  const named = [VPC_CNI_CLUSTER_TAG_KEY, EKS_CLUSTER_NAME_TAG_KEY, LOAD_BALANCER_CONTROLLER_CLUSTER_TAG_KEY]
    .map((key) => tags[key])
    .filter((name) => name !== undefined);
  const owned = Object.entries(tags)
    .filter(([key, value]) => key.startsWith(KUBERNETES_CLUSTER_TAG_PREFIX) && value !== SHARED_VALUE)
    .map(([key]) => key.slice(KUBERNETES_CLUSTER_TAG_PREFIX.length));
  return [...new Set([...named, ...owned])];
}

/** Whether `tags` say one of `clusterNames` owns the resource (a `kubernetes.io/cluster/<cluster>=shared` tag does not). */
export function ownedByOneOf(tags: Readonly<Record<string, string>>, clusterNames: readonly string[]): boolean {
  return owningClusterNames(tags).some((name) => clusterNames.includes(name));
}

/** A resource's tags as a record, from an EC2 or Resource Groups Tagging API tag list. */
export function tagRecord(tags: ReadonlyArray<{ readonly Key?: string; readonly Value?: string }> | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
}

/** What created a resource for a cluster. Values are how removal hints name it. */
export enum ClusterCreator {
  /** EKS itself, e.g. the cluster security group: it goes with the cluster. */
  EKS = 'EKS',
  /** Kubernetes (a cloud provider or controller in the cluster), for an object such as a Service. */
  KUBERNETES = 'Kubernetes',
}

/** The Kubernetes object an AWS resource was created for. */
export interface KubernetesObjectRef {
  /** `Service` or `Ingress`. */
  readonly kind: 'Service' | 'Ingress';
  /** Its namespace. @default - none: an IngressGroup, named without a namespace */
  readonly namespace?: string;
  /** Its name (or the IngressGroup's). */
  readonly name: string;
}

/** Who created a resource for which cluster, read from its tags. */
export interface ClusterOrigin {
  /** The cluster it was created for. */
  readonly clusterName: string;
  /** EKS or Kubernetes. */
  readonly creator: ClusterCreator;
  /** The object it was created for. @default - unknown (no tag names it) */
  readonly object?: KubernetesObjectRef;
}

/**
 * Who created the resource `tags` belong to, or undefined when nothing says a cluster owns it.
 * `aws:eks:cluster-name` means EKS; any other owning cluster tag means Kubernetes.
 */
export function clusterOrigin(tags: Readonly<Record<string, string>> | undefined): ClusterOrigin | undefined {
  if (tags === undefined) return undefined;
  const eksCluster = tags[EKS_CLUSTER_NAME_TAG_KEY];
  if (eksCluster !== undefined) return { clusterName: eksCluster, creator: ClusterCreator.EKS };
  const clusterName = tags[LOAD_BALANCER_CONTROLLER_CLUSTER_TAG_KEY] ?? owningClusterNames(tags)[0];
  if (clusterName === undefined) return undefined;
  const object = objectRef('Service', tags[SERVICE_NAME_TAG] ?? tags[CONTROLLER_SERVICE_TAG]) ?? objectRef('Ingress', tags[CONTROLLER_INGRESS_TAG]);
  return { clusterName, creator: ClusterCreator.KUBERNETES, ...(object === undefined ? {} : { object }) };
}

function objectRef(kind: KubernetesObjectRef['kind'], value: string | undefined): KubernetesObjectRef | undefined {
  if (value === undefined || value === '') return undefined;
  const slash = value.indexOf('/');
  return slash < 0 ? { kind, name: value } : { kind, namespace: value.slice(0, slash), name: value.slice(slash + 1) };
}
