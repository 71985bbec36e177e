import { RetailApplication } from '../../lib/config/lab-config';
import { StackJson, labConfig, synthLab } from '../support/fixtures';
import { awaitedAddresses, deployWaits } from '../support/deploy-waits';
import { KubectlView } from '../support/kubectl';
import { renderKubernetesObjects } from '../support/render-k8s';

/* eslint-disable @typescript-eslint/no-explicit-any -- fixtures edit synthesized JSON freely */

/** What the learner is told to expect, with AGE (and DURATION) shown as `...`. */
const EXPECTED_STATEFULSETS = `
NAMESPACE   NAME                READY   AGE
catalog     catalog-mysql       1/1     ...
checkout    checkout-redis      1/1     ...
orders      orders-postgresql   1/1     ...`.trim();

/**
 * The getting-started page's `kubectl get deployment -l app.kubernetes.io/created-by=eks-workshop -A`,
 * without `checkout-redis` (a StatefulSet here, as the StatefulSets page says).
 */
const EXPECTED_DEPLOYMENTS = `
NAMESPACE   NAME             READY   UP-TO-DATE   AVAILABLE   AGE
carts       carts            1/1     1            1           ...
carts       carts-dynamodb   1/1     1            1           ...
catalog     catalog          1/1     1            1           ...
checkout    checkout         1/1     1            1           ...
orders      orders           1/1     1            1           ...
ui          ui               1/1     1            1           ...`.trim();

const CREATED_BY = 'app.kubernetes.io/created-by=eks-workshop';

function workloadsOf(config = labConfig()): StackJson {
  return synthLab(config)[`${config.labName}-workloads`];
}

function viewOf(stack: StackJson, config = labConfig()): KubectlView {
  return new KubectlView(renderKubernetesObjects(stack), awaitedAddresses(stack), config);
}

/** A deep copy of the default workloads stack after `change`. */
function changed(change: (stack: any) => void): StackJson {
  const copy = JSON.parse(JSON.stringify(workloadsOf()));
  change(copy);
  return copy;
}

const byName = (stack: any, type: string, name: string) => Object.values(stack.resource[type] as Record<string, any>).find((b) => b.metadata.name === name);
const daemonSetWait = (stack: StackJson) => deployWaits(stack).find((w) => w.workload === 'DaemonSet kube-system/log-collector')!;

// These tests check the project's own models, not a cluster: test/support/kubectl.ts prints the tables
// from the synthesized objects and counts READY only for what test/support/deploy-waits.ts (a reading of
// the kubernetes provider 2.38's waits) says `cdktf deploy` waits for. Nothing here observes kubectl.
describe('the modelled kubectl tables after deploy (rendered from synth, READY from the modelled waits)', () => {
  const view = viewOf(workloadsOf());

  test('modelled kubectl get statefulsets -l app.kubernetes.io/created-by=eks-workshop -A: exactly the three data stores, 1/1 as each is awaited in the model', () => {
    expect(view.statefulSets({ selector: CREATED_BY })).toBe(EXPECTED_STATEFULSETS);
  });

  test('modelled kubectl get deployments -l app.kubernetes.io/created-by=eks-workshop -A: the store, every Deployment 1/1 as each is awaited in the model', () => {
    expect(view.deployments({ selector: CREATED_BY })).toBe(EXPECTED_DEPLOYMENTS);
  });

  test('modelled kubectl get daemonset -n kube-system: log-collector with DESIRED = nodes, READY = DESIRED as its rollout Job awaits it in the model', () => {
    expect(view.daemonSets('kube-system')).toBe(
      [
        'NAME            DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR   AGE',
        'log-collector   3         3         3       3            3           <none>          ...',
      ].join('\n'),
    );
  });

  test("the modelled DaemonSet row follows the configuration's node count", () => {
    const config = labConfig({ labName: 'four', nodeGroup: { minSize: 4, desiredSize: 4 } });
    expect(viewOf(workloadsOf(config), config).daemonSets('kube-system')).toMatch(/^log-collector\s+4\s+4\s+4\s+4\s+4\s+<none>/m);
  });

  test('modelled kubectl get jobs,cronjobs -n catalog: the Job Complete as awaited in the model, the CronJob every minute in UTC, not suspended', () => {
    expect(view.jobsAndCronJobs('catalog')).toBe(
      [
        'NAME                       STATUS     COMPLETIONS   DURATION   AGE',
        'job.batch/data-processor   Complete   1/1           ...        ...',
        '',
        'NAME                            SCHEDULE      TIMEZONE   SUSPEND   ACTIVE   LAST SCHEDULE   AGE',
        'cronjob.batch/catalog-cleanup   */1 * * * *   UTC        False     0        <none>          ...',
      ].join('\n'),
    );
  });

  test('modelled tables with application data-stores-only: the same StatefulSets, no Deployment', () => {
    const config = labConfig({ labName: 'small', application: RetailApplication.DATA_STORES });
    const small = viewOf(workloadsOf(config), config);
    expect(small.statefulSets({ selector: CREATED_BY })).toBe(EXPECTED_STATEFULSETS);
    expect(small.deployments({ selector: CREATED_BY })).toBe('No resources found.');
    expect(small.daemonSets('kube-system')).toMatch(/^log-collector\s+3\s+3\s+3\s/m);
  });
});

describe("the deploy-waits model (the provider's waits read from synth): every controller counted as awaited", () => {
  test('the model counts every StatefulSet, Deployment, DaemonSet and Job of the lab as awaited', () => {
    for (const application of Object.values(RetailApplication)) {
      const waits = deployWaits(workloadsOf(labConfig({ application })));
      expect(waits.filter((w) => !w.awaited)).toEqual([]);
      expect(waits.map((w) => w.workload)).toContain('DaemonSet kube-system/log-collector');
    }
  });

  test("the DaemonSet's own wait_for_rollout does not count in the model: without the rollout Job it is not awaited and the modelled table shows 0 ready", () => {
    const stack = changed((s) => {
      const [id] = Object.entries(s.resource.kubernetes_job_v1 as Record<string, any>).find(([, b]) => b.metadata.name === 'log-collector-rollout')!;
      delete s.resource.kubernetes_job_v1[id];
      Object.values(s.resource.kubernetes_daemon_set_v1 as Record<string, any>)[0].wait_for_rollout = true;
    });
    expect(daemonSetWait(stack)).toMatchObject({ awaited: false, reason: expect.stringMatching(/wait_for_rollout does not wait for DaemonSet pods, and no Job runs kubectl rollout status on it/) });
    expect(viewOf(stack).daemonSets('kube-system')).toMatch(/^log-collector\s+3\s+3\s+0\s+3\s+0\s/m);
  });

  test.each<[string, (s: any) => void, RegExp]>([
    ['the Job does not depend on the DaemonSet', (s) => (byName(s, 'kubernetes_job_v1', 'log-collector-rollout').depends_on = []), /does not depend on kubernetes_daemon_set_v1\./],
    ['the Job is not replaced when the DaemonSet changes', (s) => delete byName(s, 'kubernetes_job_v1', 'log-collector-rollout').lifecycle, /is not replaced when kubernetes_daemon_set_v1\.\S+ changes/],
    [
      'the trigger is written as an interpolation',
      (s) => {
        const job = byName(s, 'kubernetes_job_v1', 'log-collector-rollout');
        job.lifecycle.replace_triggered_by = job.lifecycle.replace_triggered_by.map((t: string) => `\${${t}}`);
      },
      /replace_triggered_by \["\$\{kubernetes_daemon_set_v1\.\S+\}"\], which Terraform rejects/,
    ],
    ['deploy does not wait for the Job', (s) => (byName(s, 'kubernetes_job_v1', 'log-collector-rollout').wait_for_completion = false), /wait_for_completion is false/],
    ['the Role may not watch', (s) => (byName(s, 'kubernetes_role_v1', 'log-collector-rollout').rule[0].verbs = ['get', 'list']), /may not watch daemonset kube-system\/log-collector/],
    ['the Role names another DaemonSet', (s) => (byName(s, 'kubernetes_role_v1', 'log-collector-rollout').rule[0].resource_names = ['other']), /may not get, list, watch daemonset/],
    ['no token is mounted', (s) => (byName(s, 'kubernetes_job_v1', 'log-collector-rollout').spec.template.spec.automount_service_account_token = false), /mounts no service account token/],
    ['kubectl has no timeout', (s) => byName(s, 'kubernetes_job_v1', 'log-collector-rollout').spec.template.spec.container[0].command.pop(), /has no --timeout/],
    ['the DaemonSet updates OnDelete (kubectl rollout status refuses it)', (s) => (Object.values(s.resource.kubernetes_daemon_set_v1 as Record<string, any>)[0].spec.strategy = { type: 'OnDelete' }), /fails on a DaemonSet with updateStrategy OnDelete/],
    ['kubectl looks in another namespace', (s) => (byName(s, 'kubernetes_job_v1', 'log-collector-rollout').spec.template.spec.container[0].command[4] = '--namespace=default'), /looks in another namespace/],
  ])('the model does not count the DaemonSet as awaited when %s', (_name, change, reason) => {
    expect(daemonSetWait(changed(change))).toMatchObject({ awaited: false, reason: expect.stringMatching(reason) });
  });

  test('a Deployment with wait_for_rollout false is not awaited in the model, and the modelled table shows it 0/1', () => {
    const stack = changed((s) => (byName(s, 'kubernetes_deployment_v1', 'ui').wait_for_rollout = false));
    expect(deployWaits(stack).filter((w) => !w.awaited)).toEqual([expect.objectContaining({ workload: 'Deployment ui/ui', reason: 'wait_for_rollout is false' })]);
    expect(viewOf(stack).deployments({ selector: CREATED_BY })).toMatch(/^ui\s+ui\s+0\/1\s+0\s+0\s/m);
  });
});
