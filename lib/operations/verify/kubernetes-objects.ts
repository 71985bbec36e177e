/**
 * The Kubernetes API objects `verify` reads, as the API server returns them (JSON, camelCase, absent
 * when zero or unset), typed with the maintained `kubernetes-models` 4.5 interfaces (the Kubernetes
 * API's own shapes, generated from its OpenAPI schema, status fields included). The imports are
 * type-only: they vanish when the code is compiled (tsc, esbuild), so the command needs nothing of
 * that package at run time, and it stays a devDependency. (Its 5.x line, which carries newer
 * schemas, is ESM-only and does not resolve in this CommonJS build; 4.5's shapes of these kinds hold
 * every field read here.)
 *
 * @see https://kubernetes.io/docs/reference/kubernetes-api/
 */
import type { IDaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IStatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import type { ICronJob } from 'kubernetes-models/batch/v1/CronJob';
import type { IJob } from 'kubernetes-models/batch/v1/Job';
import type { INode } from 'kubernetes-models/v1/Node';
import type { IPersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import type { IPod } from 'kubernetes-models/v1/Pod';
import type { ILabelSelector } from '@kubernetes-models/apimachinery/apis/meta/v1/LabelSelector';

/** A Node. @see https://kubernetes.io/docs/reference/kubernetes-api/cluster-resources/node-v1/ */
export type Node = INode;
/** A Pod. @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/ */
export type Pod = IPod;
/** A PersistentVolumeClaim. @see https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/persistent-volume-claim-v1/ */
export type PersistentVolumeClaim = IPersistentVolumeClaim;
/** A StatefulSet. @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/stateful-set-v1/ */
export type StatefulSet = IStatefulSet;
/** A DaemonSet. @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/daemon-set-v1/ */
export type DaemonSet = IDaemonSet;
/** A Deployment. @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/deployment-v1/ */
export type Deployment = IDeployment;
/** A Job. @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/job-v1/ */
export type Job = IJob;
/** A CronJob. @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/cron-job-v1/ */
export type CronJob = ICronJob;
/** A label selector (the lab's controllers use its `matchLabels` only). */
export type LabelSelector = ILabelSelector;

/**
 * What every status condition has (a node's `Ready`, a Job's `Complete`, a Deployment's `Available`):
 * each kind has its own condition type in the API, all with these fields.
 */
export interface Condition {
  /** Condition type. */
  readonly type: string;
  /** `True`, `False` or `Unknown`. */
  readonly status: string;
  /** Machine-readable reason. */
  readonly reason?: string;
  /** Human-readable message. */
  readonly message?: string;
}

/** A `...List` response (the API has a list type per kind; verify reads only its items). */
export interface ObjectList<T> {
  /** E.g. `PodList`. */
  readonly kind?: string;
  /** The objects. */
  readonly items: readonly T[];
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
