import { ClusterSnapshot, workloadKey } from '../../../lib/operations/verify/cluster-snapshot';
import { cronJobCheck } from '../../../lib/operations/verify/cron-job-check';
import { deploymentCheck } from '../../../lib/operations/verify/deployment-check';
import { eksChecks } from '../../../lib/operations/verify/eks-cluster';
import { jobCheck } from '../../../lib/operations/verify/job-check';
import { humanDuration, kubectlTable } from '../../../lib/operations/verify/kubectl-view';
import { podProblem } from '../../../lib/operations/verify/pod-problems';
import { Remedy } from '../../../lib/operations/verify/verify-report';
import { LabWorkloadRef, WorkloadKind } from '../../../lib/plan/workload-inventory';

/* eslint-disable @typescript-eslint/no-explicit-any -- snapshots built from partial API objects */

const NOW = new Date('2026-12-01T10:00:30Z');
const CRON: LabWorkloadRef = { kind: WorkloadKind.CRON_JOB, namespace: 'catalog', name: 'catalog-cleanup' };
const STORE_UI: LabWorkloadRef = { kind: WorkloadKind.DEPLOYMENT, namespace: 'ui', name: 'ui' };

/** A snapshot holding only `objects` (by inventory ref), `pods` and `jobs`. */
function snapshot(objects: Array<[LabWorkloadRef, any]>, pods: any[] = [], jobs: any[] = []): ClusterSnapshot {
  const byNs = (items: any[]) => new Map([...new Set(items.map((i) => i.metadata.namespace))].map((ns) => [ns, items.filter((i) => i.metadata.namespace === ns)]));
  return {
    nodes: [],
    workloads: new Map(objects.map(([ref, o]) => [workloadKey(ref), o])),
    pods: byNs(pods),
    claims: new Map(),
    jobs: byNs(jobs),
    labPageStatefulSets: [],
  };
}
const context = (workloads: LabWorkloadRef[]) => ({ workloads, desiredNodes: 3, now: NOW });

const cronJob = (status: any, spec: any = {}, createdSecondsAgo = 3600) => ({
  metadata: { name: 'catalog-cleanup', namespace: 'catalog', creationTimestamp: new Date(NOW.getTime() - createdSecondsAgo * 1000).toISOString() },
  spec: { schedule: '*/1 * * * *', timeZone: 'UTC', ...spec },
  status,
});
const run = (name: string, createdAt: string, outcome: 'Complete' | 'Failed', reason?: string) => ({
  metadata: { name, namespace: 'catalog', creationTimestamp: createdAt, ownerReferences: [{ kind: 'CronJob', name: 'catalog-cleanup', controller: true }] },
  status: { conditions: [{ type: outcome, status: 'True', ...(reason ? { reason } : {}) }] },
});

describe('CronJob check: the last run successful within its schedule', () => {
  test('a success since the third-latest scheduled time passes', () => {
    // now 10:00:30; scheduled 10:00, 09:59, 09:58: a success at 09:58:10 is inside the window.
    const [result] = cronJobCheck.results(snapshot([[CRON, cronJob({ lastSuccessfulTime: '2026-12-01T09:58:10Z', lastScheduleTime: '2026-12-01T10:00:00Z' })]]), context([CRON]));
    expect(result).toEqual({ check: 'CronJob catalog/catalog-cleanup', ok: true, detail: 'last successful run 2m20s ago (schedule */1 * * * * UTC)' });
  });

  test('no success for longer than three runs fails, saying when it last succeeded and was scheduled', () => {
    const [result] = cronJobCheck.results(snapshot([[CRON, cronJob({ lastSuccessfulTime: '2026-12-01T09:57:50Z', lastScheduleTime: '2026-12-01T10:00:00Z' })]]), context([CRON]));
    expect(result).toEqual({
      check: 'CronJob catalog/catalog-cleanup',
      ok: false,
      detail: 'no successful run within its last 3 scheduled times (schedule */1 * * * * UTC): last success 2m40s ago, last scheduled 30s ago',
      remedy: Remedy.RESET_WORKLOADS,
    });
  });

  test('the newest finished run failed: fails naming it, even with an earlier success in the window', () => {
    const jobs = [run('catalog-cleanup-29411998', '2026-12-01T09:58:00Z', 'Complete'), run('catalog-cleanup-29411999', '2026-12-01T09:59:00Z', 'Failed', 'BackoffLimitExceeded')];
    const [result] = cronJobCheck.results(snapshot([[CRON, cronJob({ lastSuccessfulTime: '2026-12-01T09:58:09Z' })]], [], jobs), context([CRON]));
    expect(result).toMatchObject({ ok: false, detail: 'last run catalog-cleanup-29411999 failed (BackoffLimitExceeded; schedule */1 * * * * UTC)' });
  });

  test('a suspended CronJob (a lab step) passes, with a note saying how to resume it', () => {
    const [result] = cronJobCheck.results(snapshot([[CRON, cronJob({ lastSuccessfulTime: '2026-12-01T08:00:00Z' }, { suspend: true })]]), context([CRON]));
    expect(result).toEqual({
      check: 'CronJob catalog/catalog-cleanup',
      ok: true,
      detail: 'suspended (schedule */1 * * * * UTC)',
      note: `suspended, as the lab page has learners do; resume it with kubectl patch cronjob catalog-cleanup -n catalog -p '{"spec":{"suspend":false}}'`,
    });
  });

  test('a CronJob created moments ago that has not run yet passes, with a note', () => {
    const [result] = cronJobCheck.results(snapshot([[CRON, cronJob({}, {}, 40)]]), context([CRON]));
    expect(result).toMatchObject({ ok: true, detail: 'no run yet (created 40s ago; schedule */1 * * * * UTC)' });
  });

  test('the schedule is read in its time zone: an hourly run at minute 0 in Asia/Kolkata (UTC+5:30)', () => {
    // 10:00:30 UTC is 15:30:30 in Kolkata: the last three hourly runs were 15:00, 14:00, 13:00 local (07:30 UTC).
    const ok = cronJobCheck.results(snapshot([[CRON, cronJob({ lastSuccessfulTime: '2026-12-01T07:31:00Z' }, { schedule: '0 * * * *', timeZone: 'Asia/Kolkata' })]]), context([CRON]));
    const late = cronJobCheck.results(snapshot([[CRON, cronJob({ lastSuccessfulTime: '2026-12-01T07:29:00Z' }, { schedule: '0 * * * *', timeZone: 'Asia/Kolkata' })]]), context([CRON]));
    expect([ok[0].ok, late[0].ok]).toEqual([true, false]);
  });

  test('a missing CronJob fails', () => {
    expect(cronJobCheck.results(snapshot([]), context([CRON]))[0]).toMatchObject({ ok: false, detail: 'missing: the API has no such CronJob' });
  });
});

describe('Deployment check (the store, whatever the inventory lists)', () => {
  const deployment = (status: any) => ({
    metadata: { name: 'ui', namespace: 'ui' },
    spec: { replicas: 1, selector: { matchLabels: { 'app.kubernetes.io/name': 'ui' } } },
    status,
  });

  test('Available and 1/1 ready passes', () => {
    const [result] = deploymentCheck.results(
      snapshot([[STORE_UI, deployment({ readyReplicas: 1, conditions: [{ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' }] })]]),
      context([STORE_UI]),
    );
    expect(result).toEqual({ check: 'Deployment ui/ui', ok: true, detail: '1/1 ready, Available' });
  });

  test('not Available: the condition and the pod that is not Ready are named', () => {
    const pod = {
      metadata: { name: 'ui-7d4b9c-abcde', namespace: 'ui', labels: { 'app.kubernetes.io/name': 'ui' } },
      status: {
        phase: 'Pending',
        conditions: [{ type: 'Ready', status: 'False' }],
        containerStatuses: [{ name: 'ui', ready: false, restartCount: 0, state: { waiting: { reason: 'ErrImagePull' } } }],
      },
    };
    const [result] = deploymentCheck.results(
      snapshot([[STORE_UI, deployment({ conditions: [{ type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable' }] })]], [pod]),
      context([STORE_UI]),
    );
    expect(result).toEqual({
      check: 'Deployment ui/ui',
      ok: false,
      detail: '0/1 ready, Available=False (MinimumReplicasUnavailable): pod ui-7d4b9c-abcde: container ui ErrImagePull',
      remedy: Remedy.RESET_WORKLOADS,
    });
  });

  test('no Deployment in the inventory (the data-stores-only lab): nothing is checked', () => {
    expect(deploymentCheck.results(snapshot([]), context([CRON]))).toEqual([]);
  });
});

describe('Job check and pod problems', () => {
  const JOB: LabWorkloadRef = { kind: WorkloadKind.JOB, namespace: 'catalog', name: 'data-processor' };

  test('a Job still running waits; a crash-looping pod of it asks for a reset', () => {
    const job = { metadata: { name: 'data-processor', namespace: 'catalog' }, spec: { completions: 1, selector: { matchLabels: { 'job-name': 'data-processor' } } }, status: { active: 1 } };
    const starting = { metadata: { name: 'data-processor-x', namespace: 'catalog', labels: { 'job-name': 'data-processor' } }, status: { phase: 'Pending', containerStatuses: [{ name: 'p', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }] } };
    expect(jobCheck.results(snapshot([[JOB, job]], [starting]), context([JOB]))[0]).toMatchObject({
      ok: false,
      detail: 'not complete yet (0/1, 1 running): pod data-processor-x: container p ContainerCreating',
      remedy: Remedy.WAIT,
    });
  });

  test('a terminated container with a non-zero exit is named', () => {
    expect(podProblem({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, status: { phase: 'Failed', containerStatuses: [{ name: 'c', image: 'busybox', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode: 137, reason: 'OOMKilled' } } }] } })).toEqual({
      text: 'pod p: container c exited 137 (OOMKilled)',
      remedy: Remedy.RESET_WORKLOADS,
    });
  });
});

describe("kubectl's AGE column and table", () => {
  // k8s.io/apimachinery pkg/util/duration/duration_test.go, TestHumanDuration (durations in ms here).
  const S = 1000;
  const M = 60 * S;
  const H = 60 * M;
  const D = 24 * H;
  const cases: Array<[number, string]> = [
    [S, '1s'], [70 * S, '70s'], [190 * S, '3m10s'], [70 * M, '70m'], [47 * H, '47h'], [49 * H, '2d1h'], [8 * D + 2 * H, '8d'],
    [367 * D, '367d'], [365 * 2 * D + 25 * H, '2y1d'], [365 * 8 * D + 2 * H, '8y'], [-2 * S, '<invalid>'], [-2 * S + 0.001, '0s'],
    [0, '0s'], [S - 1, '0s'], [2 * M - 1, '119s'], [2 * M, '2m'], [2 * M + S, '2m1s'], [10 * M - 1, '9m59s'], [10 * M, '10m'],
    [10 * M + S, '10m'], [3 * H - 1, '179m'], [3 * H, '3h'], [3 * H + M, '3h1m'], [8 * H - 1, '7h59m'], [8 * H, '8h'],
    [8 * H + 59 * M, '8h'], [2 * D - 1, '47h'], [2 * D, '2d'], [2 * D + H, '2d1h'], [8 * D - 1, '7d23h'], [8 * D, '8d'],
    [8 * D + 23 * H, '8d'], [2 * 365 * D - 1, '729d'], [2 * 365 * D, '2y'], [2 * 365 * D + 23 * H, '2y'],
    [2 * 365 * D + 24 * H - 1, '2y'], [2 * 365 * D + 24 * H, '2y1d'], [3 * 365 * D, '3y'], [7 * 365 * D, '7y'],
    [8 * 365 * D - 1, '7y364d'], [8 * 365 * D, '8y'], [8 * 365 * D + 364 * D, '8y'], [9 * 365 * D, '9y'],
  ];
  test.each(cases)('%d ms is %s', (ms, want) => expect(humanDuration(ms)).toBe(want));

  test('the lab page table: columns padded to the widest cell plus three spaces, as kubectl prints it', () => {
    expect(
      kubectlTable([
        { namespace: 'catalog', name: 'catalog-mysql', ready: '1/1', age: '30m' },
        { namespace: 'checkout', name: 'checkout-redis', ready: '1/1', age: '30m' },
        { namespace: 'orders', name: 'orders-postgresql', ready: '1/1', age: '30m' },
      ]),
    ).toBe(
      // The lab page's own output (shared/reference/workshop-lab.md).
      ['NAMESPACE   NAME                READY   AGE', 'catalog     catalog-mysql       1/1     30m', 'checkout    checkout-redis      1/1     30m', 'orders      orders-postgresql   1/1     30m'].join('\n'),
    );
    expect(kubectlTable([])).toBe('No resources found');
  });
});

describe('EKS side', () => {
  test('a degraded node group names its health issues and asks for a redeploy; a cluster FAILED too', () => {
    const { results, canAskKubernetes } = eksChecks(
      {
        cluster: { name: 'c', status: 'FAILED' },
        nodegroup: { status: 'DEGRADED', scalingConfig: { desiredSize: 3 }, health: { issues: [{ code: 'AsgInstanceLaunchFailures', message: 'Could not launch On-Demand Instances' }] } },
      },
      'c',
    );
    expect(canAskKubernetes).toBe(false);
    expect(results).toEqual([
      { check: 'cluster', ok: false, detail: 'FAILED', remedy: Remedy.REDEPLOY },
      { check: 'node group default', ok: false, detail: 'DEGRADED, desired 3 nodes: AsgInstanceLaunchFailures: Could not launch On-Demand Instances', remedy: Remedy.REDEPLOY },
    ]);
  });
});
