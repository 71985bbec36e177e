import { LabWorkloadRef, WorkloadKind } from '../../plan/workload-inventory';
import type { KubernetesApi } from './kubernetes-api';
import type { CronJob, DaemonSet, Deployment, Job, Node, ObjectList, PersistentVolumeClaim, Pod, StatefulSet } from './kubernetes-objects';

/** The label the workshop's StatefulSets carry; the lab page lists them by it. */
export const LAB_PAGE_SELECTOR = 'app.kubernetes.io/created-by=eks-workshop';

/** The list of every object of each workload kind, all namespaces. */
const WORKLOAD_LISTS: Record<WorkloadKind, string> = {
  [WorkloadKind.STATEFUL_SET]: '/apis/apps/v1/statefulsets',
  [WorkloadKind.DAEMON_SET]: '/apis/apps/v1/daemonsets',
  [WorkloadKind.DEPLOYMENT]: '/apis/apps/v1/deployments',
  [WorkloadKind.JOB]: '/apis/batch/v1/jobs',
  [WorkloadKind.CRON_JOB]: '/apis/batch/v1/cronjobs',
};

/** A workload object of the inventory, by kind. */
export type WorkloadObject = StatefulSet | DaemonSet | Deployment | Job | CronJob;

/** What one cluster's API said, read at one moment: everything the checks look at. */
export interface ClusterSnapshot {
  /** Every node. */
  readonly nodes: readonly Node[];
  /** Each inventory workload, by {@link workloadKey}; undefined when the API does not have it. */
  readonly workloads: ReadonlyMap<string, WorkloadObject | undefined>;
  /** Pods, by namespace. */
  readonly pods: ReadonlyMap<string, readonly Pod[]>;
  /** Claims, by namespace. */
  readonly claims: ReadonlyMap<string, readonly PersistentVolumeClaim[]>;
  /** Jobs, by namespace (a CronJob's runs among them). */
  readonly jobs: ReadonlyMap<string, readonly Job[]>;
  /** `kubectl get statefulsets -l app.kubernetes.io/created-by=eks-workshop -A`, in the API's order. */
  readonly labPageStatefulSets: readonly StatefulSet[];
}

/** Key of a workload in {@link ClusterSnapshot.workloads}. */
export function workloadKey(ref: LabWorkloadRef): string {
  return `${ref.kind}/${ref.namespace}/${ref.name}`;
}

/**
 * Reads what the checks need from the cluster in one round of requests, whatever the inventory's
 * size: the nodes, the pods and the claims, and every object of each workload kind the inventory
 * has, each as one list across all namespaces (a lab cluster holds a few dozen of each). A workload of
 * the inventory that is not in its list is recorded as missing. Any failure (401, 403, unreachable, a
 * foreign certificate) throws {@link KubernetesApiError}: the cluster cannot be asked.
 */
export async function readClusterSnapshot(api: KubernetesApi, workloads: readonly LabWorkloadRef[]): Promise<ClusterSnapshot> {
  // A CronJob's runs are Jobs: they are read whenever there is a CronJob to check.
  const kinds = unique([...workloads.map((w) => w.kind), ...(workloads.some((w) => w.kind === WorkloadKind.CRON_JOB) ? [WorkloadKind.JOB] : [])]);
  const list = async <T>(path: string) => (await api.get<ObjectList<T>>(path)).items;
  const [nodes, pods, claims, ...lists] = await Promise.all([
    list<Node>('/api/v1/nodes'),
    list<Pod>('/api/v1/pods'),
    list<PersistentVolumeClaim>('/api/v1/persistentvolumeclaims'),
    ...kinds.map((kind) => list<WorkloadObject>(WORKLOAD_LISTS[kind])),
  ]);
  const byKind = new Map(kinds.map((kind, i) => [kind, lists[i]] as const));
  const find = (ref: LabWorkloadRef) =>
    byKind.get(ref.kind)?.find((o) => o.metadata?.namespace === ref.namespace && o.metadata?.name === ref.name);
  const statefulSets = (byKind.get(WorkloadKind.STATEFUL_SET) ?? []) as StatefulSet[];
  const [selectorKey, selectorValue] = LAB_PAGE_SELECTOR.split('=');
  return {
    nodes,
    workloads: new Map(workloads.map((ref) => [workloadKey(ref), find(ref)] as const)),
    pods: groupByNamespace(pods),
    claims: groupByNamespace(claims),
    jobs: groupByNamespace((byKind.get(WorkloadKind.JOB) ?? []) as Job[]),
    // What the API answers to the lab page's -l selector: the same objects, in the list's (etcd's) order.
    labPageStatefulSets: statefulSets.filter((s) => s.metadata?.labels?.[selectorKey] === selectorValue),
  };
}

function groupByNamespace<T extends { readonly metadata?: { readonly namespace?: string } }>(items: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const ns = item.metadata?.namespace ?? '';
    out.set(ns, [...(out.get(ns) ?? []), item]);
  }
  return out;
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
