import type { LabWorkloadRef } from '../../plan/workload-inventory';
import type { ClusterSnapshot } from './cluster-snapshot';
import { Remedy, type CheckResult } from './verify-report';

/** What a check knows besides the snapshot. */
export interface CheckContext {
  /** The workloads the configuration deploys (lib/plan/workload-inventory.ts). */
  readonly workloads: readonly LabWorkloadRef[];
  /** Nodes the node group wants (DescribeNodegroup's desired size). */
  readonly desiredNodes: number;
  /** The moment verify runs. */
  readonly now: Date;
}

/** One check of a lab's Kubernetes side: a pure function of what the API said. */
export interface LabCheck {
  /** Short name, for tests and docs. */
  readonly name: string;
  /** One result per thing checked (per workload, or one for the nodes). */
  results(snapshot: ClusterSnapshot, context: CheckContext): CheckResult[];
}

/** A passing result. */
export function passed(check: string, detail: string, note?: string): CheckResult {
  return { check, ok: true, detail, ...(note === undefined ? {} : { note }) };
}

/** A failing result. */
export function failed(check: string, detail: string, remedy: Remedy): CheckResult {
  return { check, ok: false, detail, remedy };
}

/** The most drastic of `remedies` (at least RESET_WORKLOADS when there are none). */
export function worstRemedy(remedies: readonly Remedy[], atLeast: Remedy = Remedy.WAIT): Remedy {
  const order = [Remedy.WAIT, Remedy.RESET_WORKLOADS, Remedy.CHECK_NETWORK, Remedy.CHECK_ACCESS, Remedy.REDEPLOY, Remedy.DEPLOY];
  return [atLeast, ...remedies].reduce((worst, r) => (order.indexOf(r) > order.indexOf(worst) ? r : worst));
}

/** A workload's label as checks name it: `StatefulSet catalog/catalog-mysql`. */
export function workloadLabel(ref: LabWorkloadRef): string {
  return `${ref.kind} ${ref.namespace}/${ref.name}`;
}

/** `n thing` or `n things`. */
export function plural(n: number, thing: string): string {
  return `${n} ${thing}${n === 1 ? '' : 's'}`;
}
