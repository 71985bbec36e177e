import { WorkloadKind } from '../../plan/workload-inventory';
import { workloadKey } from './cluster-snapshot';
import { conditionOf, type DaemonSet } from './kubernetes-objects';
import { failed, LabCheck, passed, plural, worstRemedy, workloadLabel } from './lab-check';
import { isPodReady, podProblems, podsOf } from './pod-problems';
import { Remedy } from './verify-report';

/**
 * Each DaemonSet of the inventory: a Ready pod on every Ready node (what the learner's DESIRED = READY
 * = number of nodes means). The nodes without one are named; so are the DaemonSet's pods that are not
 * Ready, with why.
 */
export const daemonSetCheck: LabCheck = {
  name: 'daemonsets',
  results(snapshot, { workloads }) {
    const readyNodes = snapshot.nodes
      .filter((n) => conditionOf(n.status?.conditions, 'Ready')?.status === 'True')
      .map((n) => n.metadata?.name ?? '');
    return workloads
      .filter((w) => w.kind === WorkloadKind.DAEMON_SET)
      .map((ref) => {
        const label = workloadLabel(ref);
        const ds = snapshot.workloads.get(workloadKey(ref)) as DaemonSet | undefined;
        if (ds === undefined) return failed(label, 'missing: the API has no such DaemonSet', Remedy.RESET_WORKLOADS);
        const pods = podsOf(snapshot.pods.get(ref.namespace), ds.spec?.selector);
        const covered = new Set(pods.filter(isPodReady).map((p) => p.spec?.nodeName));
        const uncovered = readyNodes.filter((node) => !covered.has(node));
        const counts = `${ds.status?.numberReady ?? 0}/${ds.status?.desiredNumberScheduled ?? 0} ready`;
        if (uncovered.length === 0 && readyNodes.length > 0) {
          return passed(label, `${counts}, a Ready pod on each of the ${plural(readyNodes.length, 'Ready node')}`);
        }
        const problems = podProblems(pods);
        const short =
          readyNodes.length === 0 ? 'no Ready node to run on' : `no Ready pod on ${plural(uncovered.length, 'node')} of ${readyNodes.length}: ${uncovered.join(', ')}`;
        const why = problems.length === 0 ? '' : `: ${problems.map((p) => p.text).join('; ')}`;
        const remedy = problems.length === 0 ? Remedy.RESET_WORKLOADS : worstRemedy(problems.map((p) => p.remedy));
        return failed(label, `${counts}, ${short}${why}`, remedy);
      });
  },
};
