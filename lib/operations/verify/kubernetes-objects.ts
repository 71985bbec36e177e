/**
 * The fields of Kubernetes API objects that `verify` reads, as the API server returns them (JSON,
 * camelCase, absent when zero or unset). Only what the checks need: the API reference has the rest.
 *
 * @see https://kubernetes.io/docs/reference/kubernetes-api/
 */

/** `metadata` of any object. */
export interface ObjectMeta {
  /** Object name. */
  readonly name?: string;
  /** Namespace, for namespaced kinds. */
  readonly namespace?: string;
  /** Labels. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Annotations. */
  readonly annotations?: Readonly<Record<string, string>>;
  /** RFC 3339 creation time. */
  readonly creationTimestamp?: string;
  /** Controllers that own the object (a Job's CronJob, a Pod's StatefulSet). */
  readonly ownerReferences?: ReadonlyArray<{ readonly kind: string; readonly name: string; readonly controller?: boolean }>;
}

/** A condition of a status, e.g. a node's `Ready` or a Job's `Complete`. */
export interface Condition {
  /** Condition type. */
  readonly type: string;
  /** `True`, `False` or `Unknown`. */
  readonly status: string;
  /** Machine-readable reason. */
  readonly reason?: string;
  /** Human-readable message. */
  readonly message?: string;
  /** RFC 3339 time of the last status change. */
  readonly lastTransitionTime?: string;
}

/** A `...List` response. */
export interface ObjectList<T> {
  /** E.g. `PodList`. */
  readonly kind?: string;
  /** The objects. */
  readonly items: readonly T[];
}

/** A Node. @see https://kubernetes.io/docs/reference/kubernetes-api/cluster-resources/node-v1/ */
export interface Node {
  /** Name, namespace, labels, owners. */
  readonly metadata: ObjectMeta;
  /** Whether it takes new pods. */
  readonly spec?: { readonly unschedulable?: boolean };
  /** Its conditions, `Ready` among them. */
  readonly status?: { readonly conditions?: readonly Condition[] };
}

/** A container's state in a Pod's status. */
export interface ContainerStatus {
  /** Container name. */
  readonly name: string;
  /** Whether its readiness probe passes. */
  readonly ready: boolean;
  /** Restarts so far. */
  readonly restartCount: number;
  /** What it is doing now: waiting (with a reason such as CrashLoopBackOff), running or terminated. */
  readonly state?: {
    readonly waiting?: { readonly reason?: string; readonly message?: string };
    readonly running?: { readonly startedAt?: string };
    readonly terminated?: { readonly reason?: string; readonly exitCode: number; readonly message?: string };
  };
  /** How it ended last time, when it restarted. */
  readonly lastState?: { readonly terminated?: { readonly reason?: string; readonly exitCode: number } };
}

/** A Pod. @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/ */
export interface Pod {
  /** Name, namespace, labels, owners. */
  readonly metadata: ObjectMeta;
  /** The node it runs on and its volumes. */
  readonly spec?: {
    readonly nodeName?: string;
    readonly volumes?: ReadonlyArray<{ readonly name: string; readonly persistentVolumeClaim?: { readonly claimName: string } }>;
  };
  /** Phase, conditions and container states. */
  readonly status?: {
    /** `Pending`, `Running`, `Succeeded`, `Failed` or `Unknown`. */
    readonly phase?: string;
    readonly conditions?: readonly Condition[];
    readonly containerStatuses?: readonly ContainerStatus[];
    readonly initContainerStatuses?: readonly ContainerStatus[];
  };
}

/** A PersistentVolumeClaim. @see https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/persistent-volume-claim-v1/ */
export interface PersistentVolumeClaim {
  /** Name, namespace, labels, owners. */
  readonly metadata: ObjectMeta;
  /** Its phase: `Pending`, `Bound` or `Lost`. */
  readonly status?: { readonly phase?: string };
}

/** A label selector's equality part (`matchLabels`), all the lab's controllers use. */
export interface LabelSelector {
  /** Labels a selected object must carry. */
  readonly matchLabels?: Readonly<Record<string, string>>;
}

/** A StatefulSet. @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/stateful-set-v1/ */
export interface StatefulSet {
  /** Name, namespace, labels, owners. */
  readonly metadata: ObjectMeta;
  /** Desired replicas, selector and claim templates. */
  readonly spec?: {
    readonly replicas?: number;
    readonly selector?: LabelSelector;
    readonly volumeClaimTemplates?: ReadonlyArray<{ readonly metadata: ObjectMeta }>;
  };
  /** Replica counts; zero counts are absent. */
  readonly status?: { readonly replicas?: number; readonly readyReplicas?: number; readonly availableReplicas?: number };
}

/** A DaemonSet. @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/daemon-set-v1/ */
export interface DaemonSet {
  /** Name, namespace, labels, owners. */
  readonly metadata: ObjectMeta;
  /** The selector of its pods. */
  readonly spec?: { readonly selector?: LabelSelector };
  /** Scheduling and readiness counts; zero counts are absent. */
  readonly status?: {
    readonly desiredNumberScheduled?: number;
    readonly currentNumberScheduled?: number;
    readonly numberReady?: number;
    readonly numberAvailable?: number;
    readonly numberUnavailable?: number;
    readonly numberMisscheduled?: number;
  };
}

/** A Deployment. @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/deployment-v1/ */
export interface Deployment {
  /** Name, namespace, labels, owners. */
  readonly metadata: ObjectMeta;
  /** Desired replicas and the selector of its pods. */
  readonly spec?: { readonly replicas?: number; readonly selector?: LabelSelector };
  /** Replica counts and conditions (`Available`, `Progressing`). */
  readonly status?: {
    readonly replicas?: number;
    readonly readyReplicas?: number;
    readonly availableReplicas?: number;
    readonly updatedReplicas?: number;
    readonly conditions?: readonly Condition[];
  };
}

/** A Job. @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/job-v1/ */
export interface Job {
  /** Name, namespace, labels, owners. */
  readonly metadata: ObjectMeta;
  /** Completions, backoff limit and the selector of its pods. */
  readonly spec?: { readonly completions?: number; readonly backoffLimit?: number; readonly selector?: LabelSelector };
  /** Conditions (`Complete`, `Failed`) and pod counts. */
  readonly status?: {
    readonly conditions?: readonly Condition[];
    readonly active?: number;
    readonly succeeded?: number;
    readonly failed?: number;
    readonly startTime?: string;
    readonly completionTime?: string;
  };
}

/** A CronJob. @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/cron-job-v1/ */
export interface CronJob {
  /** Name, namespace, labels, owners. */
  readonly metadata: ObjectMeta;
  /** Schedule, its time zone, and whether it is suspended. */
  readonly spec?: { readonly schedule: string; readonly timeZone?: string; readonly suspend?: boolean };
  /** Runs in flight and when it last ran and last succeeded. */
  readonly status?: {
    readonly active?: ReadonlyArray<{ readonly name?: string }>;
    readonly lastScheduleTime?: string;
    readonly lastSuccessfulTime?: string;
  };
}

/** The condition of `type` in `conditions`, if any. */
export function conditionOf(conditions: readonly Condition[] | undefined, type: string): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}

/** Whether `conditions` has `type` with status `True`. */
export function isTrue(conditions: readonly Condition[] | undefined, type: string): boolean {
  return conditionOf(conditions, type)?.status === 'True';
}

/** Whether `labels` carry every label of `selector`. */
export function matchesSelector(labels: Readonly<Record<string, string>> | undefined, selector: LabelSelector | undefined): boolean {
  const wanted = Object.entries(selector?.matchLabels ?? {});
  return wanted.length > 0 && wanted.every(([key, value]) => labels?.[key] === value);
}
