import { WorkloadKind } from '../../plan/workload-inventory';
import { workloadKey } from './cluster-snapshot';
import { conditionOf, type Deployment } from './kubernetes-objects';
import { failed, LabCheck, passed, worstRemedy, workloadLabel } from './lab-check';
import { podProblems, podsOf } from './pod-problems';
import { Remedy } from './verify-report';

/**
 * Each Deployment of the inventory (the retail store's services, when the configuration deploys them):
 * its `Available` condition True and as many ready replicas as it wants.
 */
export const deploymentCheck: LabCheck = {
  name: 'deployments',
  results(snapshot, { workloads }) {
    return workloads
      .filter((w) => w.kind === WorkloadKind.DEPLOYMENT)
      .map((ref) => {
        const label = workloadLabel(ref);
        const deployment = snapshot.workloads.get(workloadKey(ref)) as Deployment | undefined;
        if (deployment === undefined) return failed(label, 'missing: the API has no such Deployment', Remedy.RESET_WORKLOADS);
        const desired = deployment.spec?.replicas ?? 1;
        const ready = deployment.status?.readyReplicas ?? 0;
        const available = conditionOf(deployment.status?.conditions, 'Available');
        const readyText = `${ready}/${desired} ready`;
        if (available?.status === 'True' && ready >= desired) return passed(label, `${readyText}, Available`);
        const notAvailable =
          available === undefined ? 'no Available condition yet' : `Available=${available.status}${available.reason ? ` (${available.reason})` : ''}`;
        const problems = podProblems(podsOf(snapshot.pods.get(ref.namespace), deployment.spec?.selector));
        const why = problems.length === 0 ? '' : `: ${problems.map((p) => p.text).join('; ')}`;
        const remedy = problems.length === 0 ? Remedy.RESET_WORKLOADS : worstRemedy(problems.map((p) => p.remedy));
        return failed(label, `${readyText}, ${notAvailable}${why}`, remedy);
      });
  },
};
