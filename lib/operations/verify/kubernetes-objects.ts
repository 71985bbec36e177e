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
  readonly metadata: ObjectMeta;
  readonly spec?: { readonly unschedulable?: boolean };
  readonly status?: { readonly conditions?: readonly Condition[] };
}

/** A container's state in a Pod's status. */
export interface ContainerStatus {
  readonly name: string;
  readonly ready: boolean;
  readonly restartCount: number;
  readonly state?: {
    readonly waiting?: { readonly reason?: string; readonly message?: string };
    readonly running?: { readonly startedAt?: string };
    readonly terminated?: { readonly reason?: string; readonly exitCode: number; readonly message?: string };
  };
  readonly lastState?: { readonly terminated?: { readonly reason?: string; readonly exitCode: number } };
}

/** A Pod. @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/ */
export interface Pod {
  readonly metadata: ObjectMeta;
  readonly spec?: {
    readonly nodeName?: string;
    readonly volumes?: ReadonlyArray<{ readonly name: string; readonly persistentVolumeClaim?: { readonly claimName: string } }>;
  };
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
  readonly metadata: ObjectMeta;
  /** `Pending`, `Bound` or `Lost`. */
  readonly status?: { readonly phase?: string };
}

/** A label selector's equality part (`matchLabels`), all the lab's controllers use. */
export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
}

/** A StatefulSet. @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/stateful-set-v1/ */
export interface StatefulSet {
  readonly metadata: ObjectMeta;
  readonly spec?: {
    readonly replicas?: number;
    readonly selector?: LabelSelector;
    readonly volumeClaimTemplates?: ReadonlyArray<{ readonly metadata: ObjectMeta }>;
  };
  readonly status?: { readonly replicas?: number; readonly readyReplicas?: number; readonly availableReplicas?: number };
}

/** A DaemonSet. @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/daemon-set-v1/ */
export interface DaemonSet {
  readonly metadata: ObjectMeta;
  readonly spec?: { readonly selector?: LabelSelector };
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
  readonly metadata: ObjectMeta;
  readonly spec?: { readonly replicas?: number; readonly selector?: LabelSelector };
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
  readonly metadata: ObjectMeta;
  readonly spec?: { readonly completions?: number; readonly backoffLimit?: number; readonly selector?: LabelSelector };
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
  readonly metadata: ObjectMeta;
  readonly spec?: { readonly schedule: string; readonly timeZone?: string; readonly suspend?: boolean };
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
