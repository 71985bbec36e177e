/**
 * The module's Job `data-processor` and CronJob `catalog-cleanup` as plain data: their settings and
 * their scripts as steps, from which the constructs render the shell script and the learner path
 * renders what `kubectl logs` prints and how long a run takes. Neither can drift from the other:
 * `test/plan/batch-workloads.test.ts` checks the synthesized objects against this data.
 */

/** One step of a batch script. */
export type ScriptStep =
  /** Print a line; with `utcTime`, the time of day (UTC) is appended after a space. */
  | { readonly say: string; readonly utcTime?: boolean }
  /** Wait this many whole seconds. */
  | { readonly waitSeconds: number }
  /** Write `text` to `file` (which must be on a writable volume), then print it. */
  | { readonly report: string; readonly file: string };

/** Requests and limits of a batch pod, as Kubernetes quantities. */
export interface BatchResources {
  /** Requested CPU and memory. */
  readonly requests: { readonly cpu: string; readonly memory: string };
  /** CPU and memory limits. */
  readonly limits: { readonly cpu: string; readonly memory: string };
}

/** What a Job and a CronJob's jobs have in common. */
export interface BatchWorkloadPlan {
  /** Name of the Job or CronJob, its container, and the pods' `app` label. */
  readonly name: string;
  /** Namespace. */
  readonly namespace: string;
  /** The script the container runs with `/bin/sh -c`. */
  readonly script: readonly ScriptStep[];
  /** Pod restart policy. */
  readonly restartPolicy: 'Never' | 'OnFailure';
  /** Retries before the Job fails. */
  readonly backoffLimit: number;
  /** Requests and limits. */
  readonly resources: BatchResources;
}

/** The Job `data-processor`. */
export interface JobPlan extends BatchWorkloadPlan {
  /** Successful pods needed. */
  readonly completions: number;
  /** Pods at once. */
  readonly parallelism: number;
  /** Writable scratch folder (an emptyDir) for the report. */
  readonly scratchPath: string;
}

/** The CronJob `catalog-cleanup`. */
export interface CronJobPlan extends BatchWorkloadPlan {
  /** Five-field cron schedule. */
  readonly schedule: string;
  /** IANA time zone of the schedule. */
  readonly timeZone: string;
  /** Whether a run may start while the previous one still runs (`Forbid`: it is skipped). */
  readonly concurrencyPolicy: 'Allow' | 'Forbid' | 'Replace';
  /** A run that cannot start within this many seconds of its time is skipped, not started late. */
  readonly startingDeadlineSeconds: number;
  /** Finished jobs kept: successful. */
  readonly successfulJobsHistoryLimit: number;
  /** Finished jobs kept: failed. */
  readonly failedJobsHistoryLimit: number;
}

/** The shell command that prints the UTC time of day. */
const UTC_TIME = '$(date -u +%H:%M:%S)';

/** Placeholder for the time of day in {@link scriptOutput}. */
export const TIME_PLACEHOLDER = 'HH:MM:SS';

/** Double-quoted for /bin/sh: the characters sh expands inside double quotes are escaped. */
function quoted(text: string): string {
  return `"${text.replace(/[\\"$`]/g, (c) => `\\${c}`)}"`;
}

/** The steps as a /bin/sh script, one command per line. */
export function shellScript(steps: readonly ScriptStep[]): string {
  return steps
    .map((step) => {
      if ('waitSeconds' in step) return `sleep ${step.waitSeconds}`;
      if ('report' in step) return `echo ${quoted(step.report)} > ${step.file}\ncat ${step.file}`;
      return step.utcTime ? `echo ${quoted(step.say).slice(0, -1)} ${UTC_TIME}"` : `echo ${quoted(step.say)}`;
    })
    .join('\n');
}

/** What the script prints, line by line, with the time of day as {@link TIME_PLACEHOLDER}. */
export function scriptOutput(steps: readonly ScriptStep[]): string[] {
  return steps.flatMap((step) => {
    if ('waitSeconds' in step) return [];
    if ('report' in step) return [step.report];
    return [step.utcTime ? `${step.say} ${TIME_PLACEHOLDER}` : step.say];
  });
}

/** Seconds the script waits in all (its run time, less the few milliseconds the prints take). */
export function scriptSeconds(steps: readonly ScriptStep[]): number {
  return steps.reduce((total, step) => total + ('waitSeconds' in step ? step.waitSeconds : 0), 0);
}

/** The Job: a short script that "processes" five batches and writes a report (about 10 seconds). */
export const DATA_PROCESSOR: JobPlan = {
  name: 'data-processor',
  namespace: 'catalog',
  script: [
    { say: 'Starting data processing job...' },
    ...[1, 2, 3, 4, 5].flatMap((batch) => [{ say: `Processing batch ${batch} of 5...` }, { waitSeconds: 2 }]),
    { report: 'Report: 5 batches processed', file: '/work/report.txt' },
    { say: 'Data processing job completed successfully!' },
  ],
  restartPolicy: 'Never',
  backoffLimit: 3,
  completions: 1,
  parallelism: 1,
  scratchPath: '/work',
  resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '200m', memory: '256Mi' } },
};

/**
 * The CronJob: every minute a pod pretends to remove three temporary files. Each run takes about 40
 * seconds, so that the Jobs page's `kubectl wait --for=jsonpath='{.status.phase}'=Running pod -l
 * job-name=manual-cleanup` finds the pod of a job the learner just created still running (BusyBox
 * is already on every node, so the pod starts in a second or two), and so that a run still ends well
 * before the next minute (`Forbid` never has to skip one).
 */
export const CATALOG_CLEANUP: CronJobPlan = {
  name: 'catalog-cleanup',
  namespace: 'catalog',
  script: [
    { say: 'Starting catalog cleanup at', utcTime: true },
    { say: 'Looking for temporary catalog files older than 1 hour...' },
    { waitSeconds: 5 },
    { say: 'Found 3 temporary files.' },
    ...[1, 2, 3].flatMap((file) => [{ say: `Removing temporary file ${file} of 3...` }, { waitSeconds: 12 }]),
    { say: 'Catalog cleanup completed at', utcTime: true },
  ],
  schedule: '*/1 * * * *',
  timeZone: 'UTC',
  concurrencyPolicy: 'Forbid',
  startingDeadlineSeconds: 60,
  successfulJobsHistoryLimit: 3,
  failedJobsHistoryLimit: 1,
  restartPolicy: 'OnFailure',
  backoffLimit: 2,
  resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '100m', memory: '128Mi' } },
};
