import { WorkloadKind } from '../../plan/workload-inventory';
import { workloadKey } from './cluster-snapshot';
import { conditionOf, type Job } from './kubernetes-objects';
import { failed, LabCheck, passed, worstRemedy, workloadLabel } from './lab-check';
import { podProblems, podsOf } from './pod-problems';
import { Remedy } from './verify-report';

/**
 * Each Job of the inventory: its `Complete` condition True. A `Failed` one (e.g. BackoffLimitExceeded)
 * needs its workloads reset (a Job's pods are not re-created); one still running needs a wait, unless
 * its pod is crash-looping.
 */
export const jobCheck: LabCheck = {
  name: 'jobs',
  results(snapshot, { workloads }) {
    return workloads
      .filter((w) => w.kind === WorkloadKind.JOB)
      .map((ref) => {
        const label = workloadLabel(ref);
        const job = snapshot.workloads.get(workloadKey(ref)) as Job | undefined;
        if (job === undefined) return failed(label, 'missing: the API has no such Job', Remedy.RESET_WORKLOADS);
        const completions = job.spec?.completions ?? 1;
        const succeeded = job.status?.succeeded ?? 0;
        if (conditionOf(job.status?.conditions, 'Complete')?.status === 'True') return passed(label, `Complete (${succeeded}/${completions})`);
        const failure = conditionOf(job.status?.conditions, 'Failed');
        if (failure?.status === 'True') {
          const attempts = job.status?.failed ?? 0;
          return failed(
            label,
            `Failed (${failure.reason ?? 'no reason'}${failure.message ? `: ${failure.message}` : ''}) after ${attempts} failed pod${attempts === 1 ? '' : 's'}`,
            Remedy.RESET_WORKLOADS,
          );
        }
        const problems = podProblems(podsOf(snapshot.pods.get(ref.namespace), job.spec?.selector));
        const why = problems.length === 0 ? '' : `: ${problems.map((p) => p.text).join('; ')}`;
        return failed(label, `not complete yet (${succeeded}/${completions}, ${job.status?.active ?? 0} running)${why}`, worstRemedy(problems.map((p) => p.remedy)));
      });
  },
};
