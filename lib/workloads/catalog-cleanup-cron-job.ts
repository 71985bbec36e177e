import { CronJobV1 } from '@cdktf/provider-kubernetes/lib/cron-job-v1';
import { Construct } from 'constructs';
import { busyboxScriptPod } from './busybox';
import { CREATED_BY_LABELS } from './workshop-labels';

/** Props of {@link CatalogCleanupCronJob}. */
export interface CatalogCleanupCronJobProps {
  /** Namespace (pass the namespace resource's name so the CronJob depends on it). */
  readonly namespace: string;
  /** Five-field cron schedule. @default '*\/1 * * * *' (every minute, as the workshop) */
  readonly schedule?: string;
  /** IANA time zone of the schedule. @default 'UTC' */
  readonly timeZone?: string;
}

const SCRIPT = [
  'echo "Starting catalog cleanup at $(date -u +%H:%M:%S)..."',
  'echo "Finding temporary catalog files older than 1 hour..."',
  'echo "Removing 3 temporary files..."',
  'sleep 3',
  'echo "Catalog cleanup completed."',
].join('\n');

/**
 * The module's CronJob `catalog-cleanup`: every minute, a BusyBox pod pretends to clean temporary
 * files. Learners trigger it by hand (`kubectl create job --from=cronjob/catalog-cleanup`), suspend
 * and resume it.
 */
export class CatalogCleanupCronJob extends Construct {
  /** The CronJob. */
  public readonly cronJob: CronJobV1;
  /** Resolved schedule. */
  public readonly schedule: string;

  constructor(scope: Construct, id: string, props: CatalogCleanupCronJobProps) {
    super(scope, id);
    const name = 'catalog-cleanup';
    this.schedule = props.schedule ?? '*/1 * * * *';
    if (this.schedule.trim().split(/\s+/).length !== 5) {
      throw new Error(`CatalogCleanupCronJob: schedule (${JSON.stringify(this.schedule)}) must have five fields: minute hour day-of-month month day-of-week`);
    }
    this.cronJob = new CronJobV1(this, 'CronJob', {
      metadata: { name, namespace: props.namespace, labels: { 'app.kubernetes.io/name': name, ...CREATED_BY_LABELS } },
      spec: {
        schedule: this.schedule,
        timezone: props.timeZone ?? 'UTC',
        concurrencyPolicy: 'Forbid',
        startingDeadlineSeconds: 60,
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 1,
        suspend: false,
        jobTemplate: {
          metadata: { labels: { app: name } },
          spec: {
            backoffLimit: 2,
            template: busyboxScriptPod({
              name,
              script: SCRIPT,
              restartPolicy: 'OnFailure',
              resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '100m', memory: '128Mi' } },
            }),
          },
        },
      },
    });
  }
}
