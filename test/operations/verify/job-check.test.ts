import { jobCheck } from '../../../lib/operations/verify/job-check';
import { Remedy } from '../../../lib/operations/verify/verify-report';
import { edit } from './lab-fixtures';
import { healthy, resultOf, resultsOf, withCondition, without, withoutCondition } from './check-fixtures';

/* eslint-disable @typescript-eslint/no-explicit-any -- fixtures edit API objects freely */

const DATA_PROCESSOR = 'Job catalog/data-processor';

/** The healthy lab with the Job data-processor's status changed by `change` (a deep copy). */
const dataProcessorWith = (change: (status: any) => any) => edit(healthy(), 'Job', 'data-processor', (j) => ({ ...j, status: change(j.status) }));

describe('Job check: the Complete condition True, each condition alone', () => {
  test('the healthy lab: both Jobs of the inventory pass, Complete', async () => {
    expect((await resultsOf(jobCheck, healthy())).map((r) => [r.check, r.ok, r.detail])).toEqual([
      ['Job kube-system/log-collector-rollout', true, 'Complete (1/1)'],
      [DATA_PROCESSOR, true, 'Complete (1/1)'],
    ]);
  });

  test('Complete=False (nothing else changed) fails: not complete yet', async () => {
    const objects = dataProcessorWith((s) => ({ ...s, conditions: withCondition(s.conditions, 'Complete', 'False') }));
    expect(await resultOf(jobCheck, objects, DATA_PROCESSOR)).toEqual({ check: DATA_PROCESSOR, ok: false, detail: 'not complete yet (1/1, 0 running)', remedy: Remedy.WAIT });
  });

  test('no Complete condition yet, still running, fails and says to wait', async () => {
    const objects = dataProcessorWith((s) => ({ ...s, conditions: withoutCondition(withoutCondition(s.conditions, 'Complete'), 'SuccessCriteriaMet'), succeeded: undefined, active: 1 }));
    expect(await resultOf(jobCheck, objects, DATA_PROCESSOR)).toMatchObject({ ok: false, detail: 'not complete yet (0/1, 1 running)', remedy: Remedy.WAIT });
  });

  test('Failed=True instead of Complete fails, with the reason, and asks for a reset', async () => {
    const objects = dataProcessorWith((s) => ({
      ...s,
      conditions: s.conditions.map((c: any) => (c.type === 'Complete' ? { ...c, type: 'Failed', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' } : c)),
      succeeded: undefined,
      failed: 4,
    }));
    expect(await resultOf(jobCheck, objects, DATA_PROCESSOR)).toEqual({
      check: DATA_PROCESSOR,
      ok: false,
      detail: 'Failed (BackoffLimitExceeded: Job has reached the specified backoff limit) after 4 failed pods',
      remedy: Remedy.RESET_WORKLOADS,
    });
  });

  test('a running Job with a Failed condition that is not True is still running, not failed', async () => {
    const running = (s: any) => ({ ...s, conditions: withoutCondition(withoutCondition(s.conditions, 'Complete'), 'SuccessCriteriaMet'), succeeded: undefined, active: 1 });
    const objects = dataProcessorWith((s) => ({ ...running(s), conditions: [...running(s).conditions, { type: 'Failed', status: 'False' }] }));
    expect(await resultOf(jobCheck, objects, DATA_PROCESSOR)).toMatchObject({ ok: false, detail: 'not complete yet (0/1, 1 running)', remedy: Remedy.WAIT });
  });

  test('a missing Job fails and asks for a reset', async () => {
    expect(await resultOf(jobCheck, without(healthy(), 'Job', 'data-processor'), DATA_PROCESSOR)).toEqual({
      check: DATA_PROCESSOR,
      ok: false,
      detail: 'missing: the API has no such Job',
      remedy: Remedy.RESET_WORKLOADS,
    });
  });
});
