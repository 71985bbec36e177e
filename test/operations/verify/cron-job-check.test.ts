import { cronJobCheck } from '../../../lib/operations/verify/cron-job-check';
import { Remedy } from '../../../lib/operations/verify/verify-report';
import { edit, failedJob, LabObjects } from './lab-fixtures';
import { healthy, NOW, resultOf, without } from './check-fixtures';

/* eslint-disable @typescript-eslint/no-explicit-any -- fixtures edit API objects freely */

const CLEANUP = 'CronJob catalog/catalog-cleanup';
const SCHEDULE = 'schedule */1 * * * * UTC';

/** The healthy lab (runs at 09:58, 09:59 and 10:00, all complete; last success 10:00:08) with the CronJob changed by `change`. */
const cronJobWith = (change: (cronJob: any) => any, objects: LabObjects = healthy()) => edit(objects, 'CronJob', 'catalog-cleanup', change);

/** The name of the CronJob's run scheduled `minutesAgo` minutes before 10:00. */
const runName = (minutesAgo: number) => `catalog-cleanup-${Math.floor(NOW.getTime() / 60_000) - minutesAgo}`;

/** `objects` with the run `minutesAgo` failed instead of complete. */
const runFailed = (objects: LabObjects, minutesAgo: number) =>
  edit(objects, 'Job', runName(minutesAgo), (j) => ({
    ...j,
    status: { ...j.status, succeeded: undefined, failed: 1, conditions: j.status.conditions.map((c: any) => (c.type === 'Complete' ? { ...c, type: 'Failed', reason: 'BackoffLimitExceeded' } : c)) },
  }));

describe('CronJob check: suspended, or the newest run not failed and a recent success, each condition alone', () => {
  test('the healthy lab passes: the last success 22 s ago', async () => {
    expect(await resultOf(cronJobCheck, healthy(), CLEANUP)).toEqual({ check: CLEANUP, ok: true, detail: `last successful run 22s ago (${SCHEDULE})` });
  });

  test('suspended (nothing else changed) passes as suspended, with the note', async () => {
    const result = await resultOf(cronJobCheck, cronJobWith((c) => ({ ...c, spec: { ...c.spec, suspend: true } })), CLEANUP);
    expect(result).toMatchObject({ ok: true, detail: `suspended (${SCHEDULE})`, note: expect.stringMatching(/^suspended, as the lab page has learners do/) });
  });

  test('the newest finished run failed (the last success still recent) fails, naming the run', async () => {
    expect(await resultOf(cronJobCheck, runFailed(healthy(), 0), CLEANUP)).toEqual({
      check: CLEANUP,
      ok: false,
      detail: `last run ${runName(0)} failed (BackoffLimitExceeded; ${SCHEDULE})`,
      remedy: Remedy.RESET_WORKLOADS,
    });
  });

  test('an older run failed, the newest complete: passes (only the newest finished run counts)', async () => {
    expect(await resultOf(cronJobCheck, runFailed(healthy(), 2), CLEANUP)).toMatchObject({ ok: true });
  });

  test('a Job of its namespace that the CronJob does not own failed after its last run: does not count', async () => {
    const failedLater = (owner: any[] | undefined) =>
      edit(failedJob(healthy(), 'data-processor', NOW), 'Job', 'data-processor', (j) => ({
        ...j,
        metadata: { ...j.metadata, creationTimestamp: '2026-12-01T10:00:20Z', ...(owner === undefined ? {} : { ownerReferences: owner }) },
      }));
    expect(await resultOf(cronJobCheck, failedLater(undefined), CLEANUP)).toMatchObject({ ok: true });
    // Nor one of another CronJob (a learner's own).
    const otherCronJob = [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'my-cleanup', uid: '9a1b', controller: true }];
    expect(await resultOf(cronJobCheck, failedLater(otherCronJob), CLEANUP)).toMatchObject({ ok: true });
  });

  test('a run still in flight is not a finished run: the newest finished one counts', async () => {
    const inFlight = (objects: LabObjects) => edit(objects, 'Job', runName(0), (j) => ({ ...j, status: { startTime: j.status.startTime, active: 1 } }));
    // The newest run in flight, the ones before it complete: passes.
    expect(await resultOf(cronJobCheck, inFlight(healthy()), CLEANUP)).toMatchObject({ ok: true });
    // The newest run in flight and the one before it failed (the only case where skipping it matters): fails, naming that run.
    expect(await resultOf(cronJobCheck, inFlight(runFailed(healthy(), 1)), CLEANUP)).toMatchObject({
      ok: false,
      detail: `last run ${runName(1)} failed (BackoffLimitExceeded; ${SCHEDULE})`,
    });
  });

  test('the last success before the third-latest scheduled time fails, saying when', async () => {
    const objects = cronJobWith((c) => ({ ...c, status: { ...c.status, lastSuccessfulTime: '2026-12-01T09:57:50Z' } }));
    expect(await resultOf(cronJobCheck, objects, CLEANUP)).toEqual({
      check: CLEANUP,
      ok: false,
      detail: `no successful run within its last 3 scheduled times (${SCHEDULE}): last success 2m40s ago, last scheduled 30s ago`,
      remedy: Remedy.RESET_WORKLOADS,
    });
  });

  test('the last success at the third-latest scheduled time passes (the window includes it)', async () => {
    const objects = cronJobWith((c) => ({ ...c, status: { ...c.status, lastSuccessfulTime: '2026-12-01T09:58:00Z' } }));
    expect(await resultOf(cronJobCheck, objects, CLEANUP)).toMatchObject({ ok: true, detail: `last successful run 2m30s ago (${SCHEDULE})` });
  });

  test('no success ever, created half an hour ago: fails', async () => {
    const objects = cronJobWith((c) => ({ ...c, status: { lastScheduleTime: c.status.lastScheduleTime } }));
    expect(await resultOf(cronJobCheck, objects, CLEANUP)).toMatchObject({
      ok: false,
      detail: `no successful run within its last 3 scheduled times (${SCHEDULE}): last success never, last scheduled 30s ago`,
    });
  });

  test('no success ever, but created within the window (the case above, younger): passes with a note', async () => {
    const objects = cronJobWith((c) => ({ ...c, metadata: { ...c.metadata, creationTimestamp: '2026-12-01T09:59:50Z' }, status: { lastScheduleTime: c.status.lastScheduleTime } }));
    expect(await resultOf(cronJobCheck, objects, CLEANUP)).toMatchObject({
      ok: true,
      detail: `no run yet (created 40s ago; ${SCHEDULE})`,
      note: 'created moments ago: its first run is due',
    });
  });

  test('a schedule that cannot be read fails', async () => {
    const objects = cronJobWith((c) => ({ ...c, spec: { ...c.spec, schedule: 'every minute' } }));
    expect(await resultOf(cronJobCheck, objects, CLEANUP)).toMatchObject({ ok: false, detail: expect.stringMatching(/^schedule "every minute" cannot be read: /), remedy: Remedy.RESET_WORKLOADS });
  });

  test('a missing CronJob fails and asks for a reset', async () => {
    expect(await resultOf(cronJobCheck, without(healthy(), 'CronJob', 'catalog-cleanup'), CLEANUP)).toMatchObject({
      ok: false,
      detail: 'missing: the API has no such CronJob',
      remedy: Remedy.RESET_WORKLOADS,
    });
  });
});
