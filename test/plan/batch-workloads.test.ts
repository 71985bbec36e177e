import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CronExpressionParser } from 'cron-parser';
import { CATALOG_CLEANUP, DATA_PROCESSOR, ScriptStep, scriptOutput, scriptSeconds, shellScript, TIME_PLACEHOLDER } from '../../lib/plan/batch-workloads';
import { synthLab } from '../support/fixtures';
import { K8sObject, renderKubernetesObjects } from '../support/render-k8s';

/* eslint-disable @typescript-eslint/no-explicit-any -- rendered API objects are untyped JSON */

const rendered = renderKubernetesObjects(synthLab()['eks-workshop-workloads']);
const find = (kind: string, name: string): K8sObject => rendered.find((r) => r.object.kind === kind && r.object.metadata.name === name)!.object;
const cronJob = find('CronJob', CATALOG_CLEANUP.name);
const job = find('Job', DATA_PROCESSOR.name);
const cronPod = (cronJob.spec as any).jobTemplate.spec.template.spec;
const jobPod = (job.spec as any).template.spec;

/** Seconds a pod of the lab's BusyBox needs from job creation to running its script (image on the node). */
const POD_START_SECONDS = 5;
/** Seconds a learner needs, at least, between `kubectl create job` and `kubectl wait`, with one `kubectl get jobs` between. */
const LEARNER_SECONDS = 30;

/**
 * Runs `script` with the system's /bin/sh, with `sleep` and `date` replaced by stand-ins that record
 * the waits and print a fixed time, and returns what it printed and how long it would have waited.
 */
function runScript(script: string): { output: string[]; waits: number[] } {
  const dir = mkdtempSync(path.join(tmpdir(), 'lab-script-'));
  const waits = path.join(dir, 'waits');
  writeFileSync(waits, '');
  const stub = (name: string, body: string) => {
    writeFileSync(path.join(dir, name), `#!/bin/sh\n${body}\n`);
    chmodSync(path.join(dir, name), 0o755);
  };
  stub('sleep', `echo "$1" >> '${waits}'`);
  stub('date', 'echo 12:34:56');
  const output = execFileSync('/bin/sh', ['-c', script], { env: { PATH: `${dir}:/usr/bin:/bin` }, encoding: 'utf8' });
  return { output: output.trimEnd().split('\n'), waits: readFileSync(waits, 'utf8').split('\n').filter(Boolean).map(Number) };
}

const expectedOutput = (steps: readonly ScriptStep[]) => scriptOutput(steps).map((line) => line.replace(TIME_PLACEHOLDER, '12:34:56'));

describe('the Job and CronJob render their plan', () => {
  test('CronJob catalog-cleanup: schedule, time zone, Forbid, 60 s starting deadline, history, restart policy, the script', () => {
    expect(cronJob.metadata.namespace).toBe(CATALOG_CLEANUP.namespace);
    expect(cronJob.spec).toMatchObject({
      schedule: CATALOG_CLEANUP.schedule,
      timeZone: CATALOG_CLEANUP.timeZone,
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: 60,
      successfulJobsHistoryLimit: CATALOG_CLEANUP.successfulJobsHistoryLimit,
      failedJobsHistoryLimit: CATALOG_CLEANUP.failedJobsHistoryLimit,
    });
    expect((cronJob.spec as any).jobTemplate.spec.backoffLimit).toBe(CATALOG_CLEANUP.backoffLimit);
    expect(cronPod.restartPolicy).toBe(CATALOG_CLEANUP.restartPolicy);
    expect(cronPod.containers[0].command).toEqual(['/bin/sh', '-c', shellScript(CATALOG_CLEANUP.script)]);
  });

  test('Job data-processor: completions, backoff, restart policy, the script', () => {
    expect(job.metadata.namespace).toBe(DATA_PROCESSOR.namespace);
    expect(job.spec).toMatchObject({ completions: 1, parallelism: 1, backoffLimit: DATA_PROCESSOR.backoffLimit });
    expect(jobPod.restartPolicy).toBe('Never');
    expect(jobPod.containers[0].command).toEqual(['/bin/sh', '-c', shellScript(DATA_PROCESSOR.script)]);
    expect(jobPod.containers[0].volumeMounts).toEqual([{ name: 'scratch', mountPath: DATA_PROCESSOR.scratchPath }]);
  });
});

describe('the scripts, run by /bin/sh', () => {
  test('catalog-cleanup prints what the learner path says and waits what scriptSeconds says', () => {
    const { output, waits } = runScript(cronPod.containers[0].command[2]);
    expect(output).toEqual(expectedOutput(CATALOG_CLEANUP.script));
    expect(waits.reduce((a, b) => a + b, 0)).toBe(scriptSeconds(CATALOG_CLEANUP.script));
  });

  test('data-processor prints what the learner path says (its report written to the scratch folder)', () => {
    const scratch = mkdtempSync(path.join(tmpdir(), 'lab-scratch-'));
    const script = jobPod.containers[0].command[2].split(`${DATA_PROCESSOR.scratchPath}/`).join(`${scratch}/`);
    const { output, waits } = runScript(script);
    expect(output).toEqual(expectedOutput(DATA_PROCESSOR.script));
    expect(waits.reduce((a, b) => a + b, 0)).toBe(scriptSeconds(DATA_PROCESSOR.script));
    expect(scriptSeconds(DATA_PROCESSOR.script)).toBe(10);
  });

  test('shellScript quotes what sh would expand', () => {
    const { output } = runScript(shellScript([{ say: 'costs $5 `now` "quoted" \\ back' }]));
    expect(output).toEqual(['costs $5 `now` "quoted" \\ back']);
  });
});

describe("catalog-cleanup's run time (the Jobs page's kubectl wait for a Running pod)", () => {
  const seconds = scriptSeconds(CATALOG_CLEANUP.script);
  const runs = CronExpressionParser.parse(CATALOG_CLEANUP.schedule, { tz: CATALOG_CLEANUP.timeZone, currentDate: new Date('2026-12-07T10:00:30Z') });
  const interval = (runs.next().getTime() - runs.prev().getTime()) / 1000;

  test('a manual job is still Running when the learner reaches kubectl wait', () => {
    expect(seconds).toBeGreaterThanOrEqual(LEARNER_SECONDS);
  });

  test('a run ends before the next one is due, so Forbid never skips a scheduled run', () => {
    expect(interval).toBe(60);
    expect(POD_START_SECONDS + seconds).toBeLessThanOrEqual(interval - 10);
  });
});
