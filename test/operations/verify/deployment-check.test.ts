import { deploymentCheck } from '../../../lib/operations/verify/deployment-check';
import { Remedy } from '../../../lib/operations/verify/verify-report';
import { WorkloadKind } from '../../../lib/plan/workload-inventory';
import { edit } from './lab-fixtures';
import { healthy, resultOf, resultsOf, withCondition, without, withoutCondition } from './check-fixtures';

/* eslint-disable @typescript-eslint/no-explicit-any -- fixtures edit API objects freely */

const UI = 'Deployment ui/ui';

/** The healthy lab with the Deployment ui changed by `change` (its status, a deep copy). */
const uiWith = (change: (deployment: any) => void) =>
  edit(healthy(), 'Deployment', 'ui', (d) => {
    change(d);
    return d;
  });

describe('Deployment check: Available and every replica ready, each condition alone', () => {
  test('the healthy lab: every Deployment of the store passes', async () => {
    const results = await resultsOf(deploymentCheck, healthy());
    expect(results.map((r) => [r.check, r.ok, r.detail])).toEqual(
      ['carts/carts', 'carts/carts-dynamodb', 'catalog/catalog', 'checkout/checkout', 'orders/orders', 'ui/ui'].map((w) => [`Deployment ${w}`, true, '1/1 ready, Available']),
    );
  });

  test('Available=False with every replica ready fails, naming the condition', async () => {
    const objects = uiWith((d) => (d.status.conditions = withCondition(d.status.conditions, 'Available', 'False', 'MinimumReplicasUnavailable')));
    expect(await resultOf(deploymentCheck, objects, UI)).toEqual({
      check: UI,
      ok: false,
      detail: '1/1 ready, Available=False (MinimumReplicasUnavailable)',
      remedy: Remedy.RESET_WORKLOADS,
    });
  });

  test('no Available condition yet, with every replica ready, fails', async () => {
    const objects = uiWith((d) => (d.status.conditions = withoutCondition(d.status.conditions, 'Available')));
    expect(await resultOf(deploymentCheck, objects, UI)).toMatchObject({ ok: false, detail: '1/1 ready, no Available condition yet' });
  });

  test('Available=True with fewer ready replicas than wanted fails (readyReplicas absent: 0)', async () => {
    const objects = uiWith((d) => delete d.status.readyReplicas);
    expect(await resultOf(deploymentCheck, objects, UI)).toMatchObject({ ok: false, detail: '0/1 ready, Available=True (MinimumReplicasAvailable)' });
  });

  test('Available=True and 1 ready of 2 wanted fails: desired comes from spec.replicas', async () => {
    const objects = uiWith((d) => (d.spec.replicas = 2));
    expect(await resultOf(deploymentCheck, objects, UI)).toMatchObject({ ok: false, detail: '1/2 ready, Available=True (MinimumReplicasAvailable)' });
  });

  test('a missing Deployment fails and asks for a reset', async () => {
    expect(await resultOf(deploymentCheck, without(healthy(), 'Deployment', 'ui'), UI)).toEqual({
      check: UI,
      ok: false,
      detail: 'missing: the API has no such Deployment',
      remedy: Remedy.RESET_WORKLOADS,
    });
  });

  test('only the inventory is checked: a Deployment the lab does not deploy is not reported', async () => {
    const workloads = [{ kind: WorkloadKind.DEPLOYMENT, namespace: 'ui', name: 'ui' }];
    expect((await resultsOf(deploymentCheck, healthy(), { workloads })).map((r) => r.check)).toEqual([UI]);
  });
});
