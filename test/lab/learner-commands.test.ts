import { labConfig, synthLab } from '../support/fixtures';
import { KubectlView } from '../support/kubectl';
import { renderKubernetesObjects } from '../support/render-k8s';

/** What the learner is told to expect, with AGE (and DURATION) shown as `...`. */
const EXPECTED_STATEFULSETS = `
NAMESPACE   NAME                READY   AGE
catalog     catalog-mysql       1/1     ...
checkout    checkout-redis      1/1     ...
orders      orders-postgresql   1/1     ...`.trim();

function viewOf(config = labConfig()): KubectlView {
  const stack = synthLab(config)[`${config.labName}-workloads`];
  // Resources whose creation `cdktf deploy` waits out: rolled-out controllers and completed Jobs.
  const waits = new Set(
    Object.entries(stack.resource).flatMap(([type, blocks]) =>
      Object.entries(blocks)
        .filter(([, block]) => block.wait_for_rollout === true || block.wait_for_completion === true)
        .map(([id]) => `${type}.${id}`),
    ),
  );
  return new KubectlView(renderKubernetesObjects(stack), waits, config);
}

describe('what the learner sees after cdktf deploy', () => {
  const view = viewOf();

  test('kubectl get statefulsets -l app.kubernetes.io/created-by=eks-workshop -A: exactly the three data stores, ready', () => {
    expect(view.statefulSets({ selector: 'app.kubernetes.io/created-by=eks-workshop' })).toBe(EXPECTED_STATEFULSETS);
  });

  test('kubectl get daemonset -n kube-system: log-collector on every node (DESIRED = READY = nodes)', () => {
    expect(view.daemonSets('kube-system')).toBe(
      [
        'NAME            DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR   AGE',
        'log-collector   3         3         3       3            3           <none>          ...',
      ].join('\n'),
    );
  });

  test('DaemonSet follows the node count of the configuration', () => {
    const fourNodes = viewOf(labConfig({ labName: 'four', nodeGroup: { minSize: 4, desiredSize: 4 } }));
    expect(fourNodes.daemonSets('kube-system')).toMatch(/^log-collector\s+4\s+4\s+4\s+4\s+4\s+<none>/m);
  });

  test('kubectl get jobs,cronjobs -n catalog: the Job completed, the CronJob every minute in UTC, not suspended', () => {
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
});
