import { CronExpressionParser } from 'cron-parser';
import { WorkloadKind } from '../../plan/workload-inventory';
import { workloadKey } from './cluster-snapshot';
import { conditionOf, type CronJob, type Job } from './kubernetes-objects';
import { failed, LabCheck, passed, workloadLabel } from './lab-check';
import { humanDuration } from './kubectl-view';
import { Remedy } from './verify-report';

/**
 * Scheduled runs a CronJob's last success may lag behind: the latest run may still be in flight and
 * the one before may just be finishing, so a success since the third-latest scheduled time counts.
 */
export const CRON_RUNS_OF_GRACE = 3;

/** The time zone the CronJob controller uses when `spec.timeZone` is unset: kube-controller-manager's, UTC on EKS. */
const CONTROLLER_TIME_ZONE = 'UTC';

/**
 * Each CronJob of the inventory: its last run successful, and recent for its schedule.
 *
 * - Suspended (`spec.suspend: true`): passes, with a note. The lab page has learners suspend and resume
 *   it, so a suspended CronJob is a lab step, not a broken lab; the note says how to resume it.
 * - Otherwise the newest finished run (a Job the CronJob owns) must not have failed, and
 *   `status.lastSuccessfulTime` must be no older than the {@link CRON_RUNS_OF_GRACE}rd-latest time its
 *   schedule (in `spec.timeZone`) gave. A CronJob younger than that window that has not succeeded yet
 *   passes with a note (its first run is due).
 */
export const cronJobCheck: LabCheck = {
  name: 'cronjobs',
  results(snapshot, { workloads, now }) {
    return workloads
      .filter((w) => w.kind === WorkloadKind.CRON_JOB)
      .map((ref) => {
        const label = workloadLabel(ref);
        const cronJob = snapshot.workloads.get(workloadKey(ref)) as CronJob | undefined;
        if (cronJob === undefined) return failed(label, 'missing: the API has no such CronJob', Remedy.RESET_WORKLOADS);
        const schedule = cronJob.spec?.schedule ?? '';
        const timeZone = cronJob.spec?.timeZone ?? CONTROLLER_TIME_ZONE;
        const scheduleText = `schedule ${schedule} ${timeZone}`;
        if (cronJob.spec?.suspend === true) {
          return passed(
            label,
            `suspended (${scheduleText})`,
            `suspended, as the lab page has learners do; resume it with kubectl patch cronjob ${ref.name} -n ${ref.namespace} -p '{"spec":{"suspend":false}}'`,
          );
        }
        const runs = (snapshot.jobs.get(ref.namespace) ?? []).filter((job) =>
          job.metadata?.ownerReferences?.some((o) => o.kind === 'CronJob' && o.name === ref.name),
        );
        const lastFinished = runs
          .filter((job) => finished(job) !== undefined)
          .sort((a, b) => time(b.metadata?.creationTimestamp) - time(a.metadata?.creationTimestamp))[0];
        if (lastFinished !== undefined && finished(lastFinished) === 'Failed') {
          const reason = conditionOf(lastFinished.status?.conditions, 'Failed')?.reason ?? 'no reason';
          return failed(label, `last run ${lastFinished.metadata?.name ?? '?'} failed (${reason}; ${scheduleText})`, Remedy.RESET_WORKLOADS);
        }
        let windowStart: Date;
        try {
          const expression = CronExpressionParser.parse(schedule, { currentDate: now, tz: timeZone });
          windowStart = now;
          for (let i = 0; i < CRON_RUNS_OF_GRACE; i++) windowStart = expression.prev().toDate();
        } catch (error) {
          return failed(label, `schedule ${JSON.stringify(schedule)} cannot be read: ${(error as Error).message}`, Remedy.RESET_WORKLOADS);
        }
        const lastSuccess = cronJob.status?.lastSuccessfulTime;
        const since = (iso: string) => humanDuration(now.getTime() - time(iso));
        if (lastSuccess !== undefined && time(lastSuccess) >= windowStart.getTime()) {
          return passed(label, `last successful run ${since(lastSuccess)} ago (${scheduleText})`);
        }
        const created = cronJob.metadata?.creationTimestamp;
        if (lastSuccess === undefined && created !== undefined && time(created) >= windowStart.getTime()) {
          return passed(label, `no run yet (created ${since(created)} ago; ${scheduleText})`, 'created moments ago: its first run is due');
        }
        const lastScheduled = cronJob.status?.lastScheduleTime;
        return failed(
          label,
          `no successful run within its last ${CRON_RUNS_OF_GRACE} scheduled times (${scheduleText}): ` +
            `last success ${lastSuccess === undefined ? 'never' : `${since(lastSuccess)} ago`}, last scheduled ${lastScheduled === undefined ? 'never' : `${since(lastScheduled)} ago`}`,
          Remedy.RESET_WORKLOADS,
        );
      });
  },
};

/** `Complete` or `Failed` for a finished Job, else undefined. */
function finished(job: Job): 'Complete' | 'Failed' | undefined {
  if (conditionOf(job.status?.conditions, 'Complete')?.status === 'True') return 'Complete';
  if (conditionOf(job.status?.conditions, 'Failed')?.status === 'True') return 'Failed';
  return undefined;
}

function time(iso: string | undefined): number {
  return iso === undefined ? 0 : Date.parse(iso);
}
