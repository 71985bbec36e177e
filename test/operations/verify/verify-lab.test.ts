import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { LABS_IN_FLIGHT, verifyLabs } from '../../../lib/operations/verify/verify-labs';
import { labWorkloads, WorkloadKind } from '../../../lib/plan/workload-inventory';
import { Remedy } from '../../../lib/operations/verify/verify-report';
import { ApiObject, ClusterConcurrency, FakeCluster, startFakeCluster } from '../../support/fake-kubernetes-api';
import { classConfig, labConfig, planOf } from '../../support/fixtures';
import { requireTool } from '../../support/required-tool';
import { discoverOpenssl, testCertificates, TestCertificates } from '../../support/test-certificates';
import { CREDENTIALS, fakeVerifyClients, FakeEksCluster, serveEks } from './fake-verify-aws';
import { crashLooping, daemonSetShort, edit, failedJob, nodeName, pendingClaim, readyLab } from './lab-fixtures';

const NOW = new Date('2026-12-01T10:00:30Z');
const LAB = labConfig();
const RESET = 'npx cdktf destroy eks-workshop-workloads --auto-approve, then npx cdktf deploy eks-workshop-workloads --ignore-missing-stack-dependencies --auto-approve';

// openssl makes each run's CA and server certificate: under CI its absence fails this file; elsewhere
// these tests are skipped, loudly.
const describeTls = requireTool('verify against local HTTPS API servers', discoverOpenssl()) ? describe : describe.skip;

describeTls('verify one lab against a local HTTPS API server answering as the cluster does', () => {
  jest.setTimeout(30_000);
  let certs: TestCertificates;
  const running: FakeCluster[] = [];

  beforeAll(() => {
    certs = testCertificates();
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((c) => c.close()));
  });

  /** Verifies the single lab whose cluster holds `objects` (EKS answers as `eks` says). */
  async function verifyWith(objects: ApiObject[], eks: Partial<FakeEksCluster> = {}, options: { credentials?: typeof CREDENTIALS; forbidden?: boolean } = {}) {
    const cluster = await startFakeCluster({ clusterName: 'eks-workshop', objects, credentials: CREDENTIALS, certificates: certs, now: NOW, forbidden: options.forbidden ?? false });
    running.push(cluster);
    serveEks({ 'eks-workshop': { endpoint: cluster.endpoint, caPem: certs.caPem, ...eks } });
    const report = await verifyLabs(planOf(LAB), fakeVerifyClients(options.credentials), { now: NOW });
    return { report, lab: report.labs[0], cluster };
  }

  test('a working lab is ready: every check passes and the lab page view is what kubectl prints', async () => {
    const { report, lab, cluster } = await verifyWith(readyLab(LAB, NOW));
    expect(lab.checks.filter((c) => !c.ok)).toEqual([]);
    expect(lab.ready).toBe(true);
    expect(report.readyCount).toBe(1);
    // One check per workload of the inventory, grouped as the report lists them (nodes, then by kind).
    const kindOrder = [WorkloadKind.STATEFUL_SET, WorkloadKind.DEPLOYMENT, WorkloadKind.DAEMON_SET, WorkloadKind.JOB, WorkloadKind.CRON_JOB];
    const inventory = kindOrder.flatMap((kind) => labWorkloads(LAB).filter((w) => w.kind === kind)).map((w) => `${w.kind} ${w.namespace}/${w.name}`);
    expect(lab.checks.map((c) => c.check)).toEqual(['cluster', 'node group default', 'nodes', ...inventory]);
    expect(inventory).toEqual(
      expect.arrayContaining([
        'StatefulSet catalog/catalog-mysql',
        'StatefulSet checkout/checkout-redis',
        'StatefulSet orders/orders-postgresql',
        'DaemonSet kube-system/log-collector',
        'Job catalog/data-processor',
        'CronJob catalog/catalog-cleanup',
      ]),
    );
    expect(lab.checks.find((c) => c.check === 'nodes')?.detail).toBe('3/3 Ready (node group default)');
    expect(lab.checks.find((c) => c.check === 'StatefulSet catalog/catalog-mysql')?.detail).toBe('1/1 ready, claim data-catalog-mysql-0 Bound');
    expect(lab.checks.find((c) => c.check === 'CronJob catalog/catalog-cleanup')?.detail).toBe('last successful run 22s ago (schedule */1 * * * * UTC)');
    expect(lab.statefulSets).toEqual([
      { namespace: 'catalog', name: 'catalog-mysql', ready: '1/1', age: '30m' },
      { namespace: 'checkout', name: 'checkout-redis', ready: '1/1', age: '30m' },
      { namespace: 'orders', name: 'orders-postgresql', ready: '1/1', age: '30m' },
    ]);
    // One round of lists, whatever the inventory; each with a token the authenticator accepts (else 401).
    const lists: Record<string, string> = {
      [WorkloadKind.STATEFUL_SET]: '/apis/apps/v1/statefulsets',
      [WorkloadKind.DEPLOYMENT]: '/apis/apps/v1/deployments',
      [WorkloadKind.DAEMON_SET]: '/apis/apps/v1/daemonsets',
      [WorkloadKind.JOB]: '/apis/batch/v1/jobs',
      [WorkloadKind.CRON_JOB]: '/apis/batch/v1/cronjobs',
    };
    expect([...cluster.requests].sort()).toEqual(
      ['/api/v1/nodes', '/api/v1/persistentvolumeclaims', '/api/v1/pods', ...new Set(labWorkloads(LAB).map((w) => lists[w.kind]))].sort(),
    );
  });

  test('a crash-looping pod: its StatefulSet is 0/1, the pod and its restarts are named, the fix resets the workloads', async () => {
    const { lab } = await verifyWith(crashLooping(readyLab(LAB, NOW), 'catalog-mysql'));
    expect(lab.ready).toBe(false);
    expect(lab.checks.filter((c) => !c.ok)).toEqual([
      {
        check: 'StatefulSet catalog/catalog-mysql',
        ok: false,
        detail: '0/1 ready: pod catalog-mysql-0: container mysql CrashLoopBackOff (7 restarts), last exit 1 Error',
        remedy: Remedy.RESET_WORKLOADS,
      },
    ]);
    expect(lab.fix).toBe(`reset the lab's workloads: ${RESET}`);
    expect(lab.statefulSets?.[0]).toEqual({ namespace: 'catalog', name: 'catalog-mysql', ready: '0/1', age: '30m' });
  });

  test('a Pending claim: the claim and the unscheduled pod are named', async () => {
    const { lab } = await verifyWith(pendingClaim(readyLab(LAB, NOW), 'orders-postgresql'));
    const [failure] = lab.checks.filter((c) => !c.ok);
    expect(failure.check).toBe('StatefulSet orders/orders-postgresql');
    expect(failure.detail).toBe(
      '0/1 ready, claim data-orders-postgresql-0 Pending: pod orders-postgresql-0: Pending, not scheduled (Unschedulable: 0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.)',
    );
    expect(lab.remedy).toBe(Remedy.RESET_WORKLOADS);
  });

  test('a DaemonSet short of a node: the node without a Ready pod is named, with why', async () => {
    const { lab } = await verifyWith(daemonSetShort(readyLab(LAB, NOW), 'log-collector', 3));
    const failure = lab.checks.find((c) => c.check === 'DaemonSet kube-system/log-collector');
    expect(failure).toMatchObject({ ok: false, remedy: Remedy.RESET_WORKLOADS });
    expect(failure?.detail).toBe(`2/3 ready, no Ready pod on 1 node of 3: ${nodeName(2)}: pod log-collector-cx2z: container log-collector ImagePullBackOff`);
  });

  test('a failed Job: its reason and failed pods, and the reset', async () => {
    const { lab } = await verifyWith(failedJob(readyLab(LAB, NOW), 'data-processor', NOW));
    const failure = lab.checks.find((c) => c.check === 'Job catalog/data-processor');
    expect(failure).toEqual({
      check: 'Job catalog/data-processor',
      ok: false,
      detail: 'Failed (BackoffLimitExceeded: Job has reached the specified backoff limit) after 4 failed pods',
      remedy: Remedy.RESET_WORKLOADS,
    });
    expect(lab.fix).toBe(`reset the lab's workloads: ${RESET}`);
  });

  test('a workload that is gone is reported missing, not an error of the command', async () => {
    const { lab } = await verifyWith(readyLab(LAB, NOW).filter((o) => !(o.kind === 'StatefulSet' && o.metadata.name === 'checkout-redis')));
    expect(lab.checks.find((c) => c.check === 'StatefulSet checkout/checkout-redis')).toMatchObject({ ok: false, detail: 'missing: the API has no such StatefulSet' });
    expect(lab.statefulSets?.map((r) => r.name)).toEqual(['catalog-mysql', 'orders-postgresql']);
  });

  test('fewer Ready nodes than the node group wants: the node is named and the fix redeploys', async () => {
    const objects = edit(readyLab(LAB, NOW), 'Node', nodeName(1), (n) => ({
      ...n,
      status: { conditions: n.status.conditions.map((c: { type: string }) => (c.type === 'Ready' ? { ...c, status: 'Unknown', reason: 'NodeStatusUnknown' } : c)) },
    }));
    const { lab } = await verifyWith(objects);
    expect(lab.checks.find((c) => c.check === 'nodes')).toEqual({
      check: 'nodes',
      ok: false,
      detail: `2/3 Ready (node group default): ${nodeName(1)} Ready=Unknown (NodeStatusUnknown)`,
      remedy: Remedy.REDEPLOY,
    });
    expect(lab.fix).toBe('redeploy the lab: npx cdktf deploy eks-workshop-cluster eks-workshop-workloads --auto-approve');
  });

  test('a wrong token (signed with other credentials): 401, not ready, with what to check', async () => {
    const { lab, cluster } = await verifyWith(readyLab(LAB, NOW), {}, { credentials: { ...CREDENTIALS, secretAccessKey: 'not-the-key' } });
    expect(cluster.requests.length).toBeGreaterThan(0);
    const failure = lab.checks.find((c) => c.check === 'Kubernetes API');
    expect(failure?.detail).toMatch(/^rejected the token: GET \/\S+: HTTP 401: Unauthorized$/);
    expect(lab.remedy).toBe(Remedy.CHECK_ACCESS);
    expect(lab.fix).toMatch(/^the cluster rejected the token: refresh the AWS credentials/);
    expect(lab.statefulSets).toBeUndefined();
  });

  test('a caller without an access entry: 403, with the instructor fix', async () => {
    const { lab } = await verifyWith(readyLab(LAB, NOW), {}, { forbidden: true });
    expect(lab.checks.find((c) => c.check === 'Kubernetes API')?.detail).toMatch(/^refused the caller: GET \S+: HTTP 403: .* is forbidden/);
    expect(lab.fix).toMatch(/^the caller has no Kubernetes access on this cluster: run verify as an instructor .* redeploy the lab: npx cdktf deploy/);
  });

  test('an unreachable API (connection refused): not ready, naming publicAccessCidrs', async () => {
    const port = await closedPort();
    const { lab } = await verifyWith(readyLab(LAB, NOW), { endpoint: `https://127.0.0.1:${port}` });
    expect(lab.checks.find((c) => c.check === 'Kubernetes API')?.detail).toMatch(/^unreachable: GET \S+: ECONNREFUSED/);
    expect(lab.remedy).toBe(Remedy.CHECK_NETWORK);
    expect(lab.fix).toMatch(/^the API endpoint did not answer: check that this machine's public address is in publicAccessCidrs \(0\.0\.0\.0\/0\)/);
  });

  test('a server whose certificate another CA signed is refused (only the cluster CA is trusted)', async () => {
    const other = testCertificates('impostor');
    const { lab } = await verifyWith(readyLab(LAB, NOW), { caPem: other.caPem });
    expect(lab.checks.find((c) => c.check === 'Kubernetes API')?.detail).toMatch(/certificate that is not the cluster's: .*the server's certificate is not the cluster's \((UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN)/);
  });

  test('no cluster of that name: the lab is not deployed, the fix deploys it; the API is not asked', async () => {
    serveEks({});
    const report = await verifyLabs(planOf(LAB), fakeVerifyClients(), { now: NOW });
    expect(report.labs[0]).toMatchObject({
      ready: false,
      remedy: Remedy.DEPLOY,
      fix: 'deploy the lab: npx cdktf deploy eks-workshop-cluster eks-workshop-workloads --auto-approve',
      checks: [{ check: 'cluster', ok: false, detail: 'EKS has no cluster eks-workshop in this region: the lab is not deployed', remedy: Remedy.DEPLOY }],
    });
  });

  test('a cluster still CREATING: wait, and the API is not asked', async () => {
    const { lab, cluster } = await verifyWith(readyLab(LAB, NOW), { cluster: { status: 'CREATING' }, nodegroup: null });
    expect(cluster.requests).toEqual([]);
    expect(lab.checks.map((c) => [c.check, c.detail])).toEqual([
      ['cluster', 'CREATING (in progress)'],
      ['node group default', 'missing'],
    ]);
  });

  test('a black-holed endpoint is cut off at the per-cluster timeout, its requests cancelled', async () => {
    const cluster = await startFakeCluster({ clusterName: 'eks-workshop', objects: [], credentials: CREDENTIALS, certificates: certs, hang: true });
    running.push(cluster);
    serveEks({ 'eks-workshop': { endpoint: cluster.endpoint, caPem: certs.caPem } });
    const started = Date.now();
    const report = await verifyLabs(planOf(LAB), fakeVerifyClients(), { now: NOW, clusterTimeoutMs: 700 });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(report.labs[0].checks).toEqual([{ check: 'Kubernetes API', ok: false, detail: 'unreachable: Kubernetes API cluster eks-workshop did not answer within 1 s', remedy: Remedy.CHECK_NETWORK }]);
  });
});

describeTls('verify a class in parallel', () => {
  jest.setTimeout(60_000);
  let certs: TestCertificates;
  beforeAll(() => {
    certs = testCertificates();
  });

  /** Starts one fake cluster per participant of `config`; `hang(i)` black-holes the i-th. */
  async function classClusters(config: ReturnType<typeof classConfig>, latencyMs: number, tracker: ClusterConcurrency, hang: (i: number) => boolean = () => false) {
    const clusters = await Promise.all(
      config.roster!.participants.map((p, i) =>
        startFakeCluster({ clusterName: `eks-workshop-${p.id}`, objects: readyLab(config, NOW), credentials: CREDENTIALS, certificates: certs, now: NOW, latencyMs, hang: hang(i), tracker }),
      ),
    );
    serveEks(Object.fromEntries(config.roster!.participants.map((p, i) => [`eks-workshop-${p.id}`, { endpoint: clusters[i].endpoint, caPem: certs.caPem }])));
    return clusters;
  }

  // Each answer takes 1 s, so the bound (30 x 1 s) stays meaningful on a loaded machine: in parallel it
  // is about 3 rounds of 1 s plus the CPU time, one after another it could not be under 30 s.
  test('30 clusters that each answer after 1 s: all ready, well under 30 x 1 s, at most 10 clusters at once', async () => {
    const config = classConfig(30);
    const latencyMs = 1000;
    const tracker = new ClusterConcurrency();
    const clusters = await classClusters(config, latencyMs, tracker);
    try {
      const started = Date.now();
      const report = await verifyLabs(planOf(config), fakeVerifyClients(), { now: NOW });
      const elapsed = Date.now() - started;
      expect(report.labs.filter((l) => !l.ready)).toEqual([]);
      expect(report.readyCount).toBe(30);
      // One after another, 30 clusters would take at least 30 x 1 s: each needs a round of answers.
      expect(elapsed).toBeLessThan(30 * latencyMs);
      console.log(`verify: 30 clusters answering after ${latencyMs} ms each, verified in ${elapsed} ms`);
      expect(tracker.max).toBeGreaterThan(1);
      expect(tracker.max).toBeLessThanOrEqual(LABS_IN_FLIGHT);
    } finally {
      await Promise.all(clusters.map((c) => c.close()));
    }
  });

  test('one black-holed cluster among five does not hang the report: it is cut off at its timeout, the others are ready', async () => {
    const config = classConfig(5);
    const clusters = await classClusters(config, 0, new ClusterConcurrency(), (i) => i === 2);
    try {
      const started = Date.now();
      const report = await verifyLabs(planOf(config), fakeVerifyClients(), { now: NOW, clusterTimeoutMs: 3000 });
      expect(Date.now() - started).toBeLessThan(3000 + 5000);
      expect(report.labs.map((l) => [l.participantId, l.ready, l.remedy ?? null])).toEqual([
        ['p01', true, null],
        ['p02', true, null],
        ['p03', false, Remedy.CHECK_NETWORK],
        ['p04', true, null],
        ['p05', true, null],
      ]);
      expect(report.labs[2].checks).toEqual([
        { check: 'Kubernetes API', ok: false, detail: 'unreachable: Kubernetes API cluster eks-workshop-p03 did not answer within 3 s', remedy: Remedy.CHECK_NETWORK },
      ]);
    } finally {
      await Promise.all(clusters.map((c) => c.close()));
    }
  });
});

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
