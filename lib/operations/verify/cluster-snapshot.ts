import { LabWorkloadRef, WorkloadKind } from '../../workloads/lab-workload-inventory';
import { KubernetesApi, KubernetesApiError, KubernetesFailureKind } from './kubernetes-api';
import type { CronJob, DaemonSet, Deployment, Job, Node, ObjectList, PersistentVolumeClaim, Pod, StatefulSet } from './kubernetes-objects';

/** The label the workshop's StatefulSets carry; the lab page lists them by it. */
export const LAB_PAGE_SELECTOR = 'app.kubernetes.io/created-by=eks-workshop';

/** Where each workload kind lives in the API. */
const WORKLOAD_PATHS: Record<WorkloadKind, string> = {
  [WorkloadKind.STATEFUL_SET]: '/apis/apps/v1/namespaces/{ns}/statefulsets/{name}',
  [WorkloadKind.DAEMON_SET]: '/apis/apps/v1/namespaces/{ns}/daemonsets/{name}',
  [WorkloadKind.DEPLOYMENT]: '/apis/apps/v1/namespaces/{ns}/deployments/{name}',
  [WorkloadKind.JOB]: '/apis/batch/v1/namespaces/{ns}/jobs/{name}',
  [WorkloadKind.CRON_JOB]: '/apis/batch/v1/namespaces/{ns}/cronjobs/{name}',
};

/** A workload object of the inventory, by kind. */
export type WorkloadObject = StatefulSet | DaemonSet | Deployment | Job | CronJob;

/** What one cluster's API said, read at one moment: everything the checks look at. */
export interface ClusterSnapshot {
  /** Every node. */
  readonly nodes: readonly Node[];
  /** Each inventory workload, by {@link workloadKey}; undefined when the API answered 404. */
  readonly workloads: ReadonlyMap<string, WorkloadObject | undefined>;
  /** Pods of each namespace the inventory names. */
  readonly pods: ReadonlyMap<string, readonly Pod[]>;
  /** Claims of each namespace that has a StatefulSet. */
  readonly claims: ReadonlyMap<string, readonly PersistentVolumeClaim[]>;
  /** Jobs of each namespace that has a CronJob (its runs). */
  readonly jobs: ReadonlyMap<string, readonly Job[]>;
  /** `kubectl get statefulsets -l app.kubernetes.io/created-by=eks-workshop -A`, in the API's order. */
  readonly labPageStatefulSets: readonly StatefulSet[];
}

/** Key of a workload in {@link ClusterSnapshot.workloads}. */
export function workloadKey(ref: LabWorkloadRef): string {
  return `${ref.kind}/${ref.namespace}/${ref.name}`;
}

/**
 * Reads what the checks need from the cluster, all requests at once: the nodes, each workload of the
 * inventory by name, the pods of its namespaces, the claims where StatefulSets are, the Jobs where
 * CronJobs are, and the StatefulSets the lab page lists. A workload the API does not have (404) is
 * recorded as missing; any other failure (401, 403, unreachable, a foreign certificate) throws
 * {@link KubernetesApiError}: the cluster cannot be asked.
 */
export async function readClusterSnapshot(api: KubernetesApi, workloads: readonly LabWorkloadRef[]): Promise<ClusterSnapshot> {
  const namespaces = unique(workloads.map((w) => w.namespace));
  const namespacesOf = (kind: WorkloadKind) => unique(workloads.filter((w) => w.kind === kind).map((w) => w.namespace));
  const list = async <T>(path: string, query: Record<string, string> = {}) => (await api.get<ObjectList<T>>(path, query)).items;
  const byNamespace = async <T>(names: readonly string[], path: (ns: string) => string) =>
    new Map(await Promise.all(names.map(async (ns) => [ns, await list<T>(path(ns))] as const)));

  const [nodes, objects, pods, claims, jobs, labPageStatefulSets] = await Promise.all([
    list<Node>('/api/v1/nodes'),
    Promise.all(workloads.map(async (ref) => [workloadKey(ref), await getOrMissing<WorkloadObject>(api, objectPath(ref))] as const)),
    byNamespace<Pod>(namespaces, (ns) => `/api/v1/namespaces/${ns}/pods`),
    byNamespace<PersistentVolumeClaim>(namespacesOf(WorkloadKind.STATEFUL_SET), (ns) => `/api/v1/namespaces/${ns}/persistentvolumeclaims`),
    byNamespace<Job>(namespacesOf(WorkloadKind.CRON_JOB), (ns) => `/apis/batch/v1/namespaces/${ns}/jobs`),
    list<StatefulSet>('/apis/apps/v1/statefulsets', { labelSelector: LAB_PAGE_SELECTOR }),
  ]);
  return { nodes, workloads: new Map(objects), pods, claims, jobs, labPageStatefulSets };
}

function objectPath(ref: LabWorkloadRef): string {
  return WORKLOAD_PATHS[ref.kind].replace('{ns}', encodeURIComponent(ref.namespace)).replace('{name}', encodeURIComponent(ref.name));
}

async function getOrMissing<T>(api: KubernetesApi, path: string): Promise<T | undefined> {
  try {
    return await api.get<T>(path);
  } catch (error) {
    if (error instanceof KubernetesApiError && error.kind === KubernetesFailureKind.NOT_FOUND) return undefined;
    throw error;
  }
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
