import { readClusterSnapshot } from '../../../lib/operations/verify/cluster-snapshot';
import type { KubernetesApi } from '../../../lib/operations/verify/kubernetes-api';
import type { CheckContext, LabCheck } from '../../../lib/operations/verify/lab-check';
import type { CheckResult } from '../../../lib/operations/verify/verify-report';
import { labWorkloads } from '../../../lib/plan/workload-inventory';
import { labConfig } from '../../support/fixtures';
import { edit, LabObjects, readyLab } from './lab-fixtures';

/* eslint-disable @typescript-eslint/no-explicit-any -- fixtures edit API objects freely */

/**
 * Single-condition fixtures for the lab checks: the objects of a lab that works (lab-fixtures.ts'
 * `readyLab`, validated against the Kubernetes schema), of which each test changes exactly one thing,
 * read into a snapshot by the production code (`readClusterSnapshot`) and given to one check.
 */

/** The moment the checks run. */
export const NOW = new Date('2026-12-01T10:00:30Z');

/** The single lab with the defaults: three nodes, the store, the data stores, DaemonSet, Jobs, CronJob. */
export const LAB = labConfig();

/** The objects of a lab that works, at {@link NOW}. */
export function healthy(): LabObjects {
  return readyLab(LAB, NOW);
}

/** The kind each list of the API returns. */
const KIND_OF_LIST: Readonly<Record<string, string>> = {
  '/api/v1/nodes': 'Node',
  '/api/v1/pods': 'Pod',
  '/api/v1/persistentvolumeclaims': 'PersistentVolumeClaim',
  '/apis/apps/v1/statefulsets': 'StatefulSet',
  '/apis/apps/v1/daemonsets': 'DaemonSet',
  '/apis/apps/v1/deployments': 'Deployment',
  '/apis/batch/v1/jobs': 'Job',
  '/apis/batch/v1/cronjobs': 'CronJob',
};

/**
 * The results of `check` when the cluster holds `objects`, read as verify reads them (an in-memory API
 * answering each list with the objects of its kind). `desiredNodes` is the node group's desired size.
 */
export async function resultsOf(check: LabCheck, objects: LabObjects, context: Partial<CheckContext> = {}): Promise<CheckResult[]> {
  const workloads = context.workloads ?? labWorkloads(LAB);
  const api = {
    get: async (path: string) => {
      const kind = KIND_OF_LIST[path];
      if (kind === undefined) throw new Error(`the in-memory API does not list ${path}`);
      return { items: objects.filter((o) => o.kind === kind) };
    },
  } as unknown as KubernetesApi;
  const snapshot = await readClusterSnapshot(api, workloads);
  return check.results(snapshot, { workloads, desiredNodes: context.desiredNodes ?? LAB.nodeGroup.desiredSize, now: context.now ?? NOW });
}

/** The result of `check` for the one object it names `label` (e.g. `Deployment ui/ui`). */
export async function resultOf(check: LabCheck, objects: LabObjects, label: string, context: Partial<CheckContext> = {}): Promise<CheckResult> {
  const found = (await resultsOf(check, objects, context)).filter((r) => r.check === label);
  if (found.length !== 1) throw new Error(`fixture: expected one result for ${label}, found ${found.length}`);
  return found[0];
}

/** `objects` without the one object of `kind`/`name`. */
export function without(objects: LabObjects, kind: string, name: string): LabObjects {
  edit(objects, kind, name, (o) => o); // fails unless exactly one exists
  return objects.filter((o) => o.kind !== kind || o.metadata.name !== name);
}

/** `objects` with `change` applied to every object of `kind`. */
export function editAll(objects: LabObjects, kind: string, change: (o: any) => any): LabObjects {
  const found = objects.filter((o) => o.kind === kind).length;
  if (found === 0) throw new Error(`fixture: no ${kind}`);
  return objects.map((o) => (o.kind === kind ? change(JSON.parse(JSON.stringify(o))) : o));
}

/** A condition of `type` set to `status` (the others kept) in a status's `conditions`. */
export function withCondition(conditions: readonly any[] | undefined, type: string, status: 'True' | 'False' | 'Unknown', reason?: string): any[] {
  return (conditions ?? []).map((c) => (c.type === type ? { ...c, status, ...(reason === undefined ? {} : { reason }) } : c));
}

/** `conditions` without the condition of `type`. */
export function withoutCondition(conditions: readonly any[] | undefined, type: string): any[] {
  return (conditions ?? []).filter((c) => c.type !== type);
}
