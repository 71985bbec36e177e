import { CronJobV1 } from '@cdktf/provider-kubernetes/lib/cron-job-v1';
import { Construct } from 'constructs';
import { CATALOG_CLEANUP, shellScript } from '../plan/batch-workloads';
import { busyboxScriptPod } from './busybox';
import { CREATED_BY_LABELS } from './workshop-labels';

/** Props of {@link CatalogCleanupCronJob}. */
export interface CatalogCleanupCronJobProps {
  /** Namespace (pass the namespace resource's name so the CronJob depends on it). */
  readonly namespace: string;
  /** Five-field cron schedule. @default '*\/1 * * * *' (every minute, as the workshop; CATALOG_CLEANUP.schedule) */
  readonly schedule?: string;
  /** IANA time zone of the schedule. @default 'UTC' */
  readonly timeZone?: string;
}

/**
 * The module's CronJob `catalog-cleanup` (lib/plan/batch-workloads.ts holds its settings and script):
 * every minute, a BusyBox pod pretends to clean temporary files for about 40 seconds. Learners trigger
 * it by hand (`kubectl create job --from=cronjob/catalog-cleanup`), suspend and resume it. A run never
 * overlaps the previous one (`Forbid`), and a run that cannot start within 60 s of its time is skipped.
 */
export class CatalogCleanupCronJob extends Construct {
  /** The CronJob. */
  public readonly cronJob: CronJobV1;
  /** Resolved schedule. */
  public readonly schedule: string;

  constructor(scope: Construct, id: string, props: CatalogCleanupCronJobProps) {
    super(scope, id);
    const plan = CATALOG_CLEANUP;
    this.schedule = props.schedule ?? plan.schedule;
    if (this.schedule.trim().split(/\s+/).length !== 5) {
      throw new Error(`CatalogCleanupCronJob: schedule (${JSON.stringify(this.schedule)}) must have five fields: minute hour day-of-month month day-of-week`);
    }
    this.cronJob = new CronJobV1(this, 'CronJob', {
      metadata: { name: plan.name, namespace: props.namespace, labels: { 'app.kubernetes.io/name': plan.name, ...CREATED_BY_LABELS } },
      spec: {
        schedule: this.schedule,
        timezone: props.timeZone ?? plan.timeZone,
        concurrencyPolicy: plan.concurrencyPolicy,
        startingDeadlineSeconds: plan.startingDeadlineSeconds,
        successfulJobsHistoryLimit: plan.successfulJobsHistoryLimit,
        failedJobsHistoryLimit: plan.failedJobsHistoryLimit,
        suspend: false,
        jobTemplate: {
          metadata: { labels: { app: plan.name } },
          spec: {
            backoffLimit: plan.backoffLimit,
            template: busyboxScriptPod({
              name: plan.name,
              script: shellScript(plan.script),
              restartPolicy: plan.restartPolicy,
              resources: plan.resources,
            }),
          },
        },
      },
    });
  }
}
