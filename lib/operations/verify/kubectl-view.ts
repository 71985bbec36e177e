import type { StatefulSet } from './kubernetes-objects';
import type { StatefulSetRow } from './verify-report';

/** The command the lab page has learners run, whose output {@link kubectlTable} reproduces. */
export const LAB_PAGE_COMMAND = 'kubectl get statefulsets -l app.kubernetes.io/created-by=eks-workshop -A';

/**
 * A duration as kubectl's AGE column prints it (~2-3 significant figures: `45s`, `3m12s`, `30m`,
 * `5h20m`, `3d4h`, `400d`), a port of k8s.io/apimachinery's `duration.HumanDuration`.
 *
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/util/duration/duration.go
 */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.trunc(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.trunc(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return hours % 24 === 0 ? `${Math.trunc(hours / 24)}d` : `${Math.trunc(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const days = Math.trunc(hours / 24) % 365;
    return days === 0 ? `${Math.trunc(hours / 24 / 365)}y` : `${Math.trunc(hours / 24 / 365)}y${days}d`;
  }
  return `${Math.trunc(hours / 24 / 365)}y`;
}

/** The rows `kubectl get statefulsets -A` prints for `statefulSets`, in the API's order (as kubectl keeps it). */
export function statefulSetRows(statefulSets: readonly StatefulSet[], now: Date): StatefulSetRow[] {
  return statefulSets.map((sts) => ({
    namespace: sts.metadata?.namespace ?? '',
    name: sts.metadata?.name ?? '',
    ready: `${sts.status?.readyReplicas ?? 0}/${sts.spec?.replicas ?? 1}`,
    age: sts.metadata?.creationTimestamp === undefined ? '<unknown>' : humanDuration(now.getTime() - Date.parse(sts.metadata?.creationTimestamp)),
  }));
}

/**
 * The rows as kubectl prints them: columns padded to the widest cell plus three spaces (its
 * tabwriter's padding), or `No resources found` as kubectl says it for an empty list.
 */
export function kubectlTable(rows: readonly StatefulSetRow[]): string {
  if (rows.length === 0) return 'No resources found';
  const header = ['NAMESPACE', 'NAME', 'READY', 'AGE'];
  const cells = [header, ...rows.map((r) => [r.namespace, r.name, r.ready, r.age])];
  const widths = header.map((_, i) => Math.max(...cells.map((c) => c[i].length)));
  return cells.map((c) => c.map((cell, i) => (i === c.length - 1 ? cell : cell.padEnd(widths[i] + 3))).join('')).join('\n');
}
