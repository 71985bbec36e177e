import { statefulSetCheck } from '../../../lib/operations/verify/stateful-set-check';
import { Remedy } from '../../../lib/operations/verify/verify-report';
import { edit } from './lab-fixtures';
import { healthy, resultOf, resultsOf, without } from './check-fixtures';

const MYSQL = 'StatefulSet catalog/catalog-mysql';

describe('StatefulSet check: every replica ready and every claim Bound, each condition alone', () => {
  test('the healthy lab: the three data stores pass, 1/1 with their claim Bound', async () => {
    expect((await resultsOf(statefulSetCheck, healthy())).map((r) => [r.check, r.ok, r.detail])).toEqual([
      [MYSQL, true, '1/1 ready, claim data-catalog-mysql-0 Bound'],
      ['StatefulSet checkout/checkout-redis', true, '1/1 ready, claim data-checkout-redis-0 Bound'],
      ['StatefulSet orders/orders-postgresql', true, '1/1 ready, claim data-orders-postgresql-0 Bound'],
    ]);
  });

  test('0/1 ready with its claim Bound fails', async () => {
    const objects = edit(healthy(), 'StatefulSet', 'catalog-mysql', (o) => ({ ...o, status: { ...o.status, readyReplicas: undefined } }));
    expect(await resultOf(statefulSetCheck, objects, MYSQL)).toEqual({ check: MYSQL, ok: false, detail: '0/1 ready', remedy: Remedy.RESET_WORKLOADS });
  });

  test('1/1 ready but its claim Pending (unbound) fails, naming the claim', async () => {
    const objects = edit(healthy(), 'PersistentVolumeClaim', 'data-catalog-mysql-0', (c) => ({ ...c, status: { phase: 'Pending' } }));
    expect(await resultOf(statefulSetCheck, objects, MYSQL)).toEqual({
      check: MYSQL,
      ok: false,
      detail: '1/1 ready, claim data-catalog-mysql-0 Pending',
      remedy: Remedy.RESET_WORKLOADS,
    });
  });

  test('1/1 ready but its claim Lost fails', async () => {
    const objects = edit(healthy(), 'PersistentVolumeClaim', 'data-catalog-mysql-0', (c) => ({ ...c, status: { phase: 'Lost' } }));
    expect(await resultOf(statefulSetCheck, objects, MYSQL)).toMatchObject({ ok: false, detail: '1/1 ready, claim data-catalog-mysql-0 Lost' });
  });

  test('1/1 ready but no claim of the template in its namespace fails, the claim missing', async () => {
    const objects = without(healthy(), 'PersistentVolumeClaim', 'data-catalog-mysql-0');
    expect(await resultOf(statefulSetCheck, objects, MYSQL)).toMatchObject({ ok: false, detail: '1/1 ready, claim data-catalog-mysql-0 missing' });
  });

  test('a claim of the same name in another namespace does not count', async () => {
    const objects = edit(healthy(), 'PersistentVolumeClaim', 'data-catalog-mysql-0', (c) => ({ ...c, metadata: { ...c.metadata, namespace: 'orders' } }));
    expect(await resultOf(statefulSetCheck, objects, MYSQL)).toMatchObject({ ok: false, detail: '1/1 ready, claim data-catalog-mysql-0 missing' });
  });

  test('two replicas wanted, one ready: fails, and the second replica\'s claim is expected too', async () => {
    const objects = edit(healthy(), 'StatefulSet', 'catalog-mysql', (o) => ({ ...o, spec: { ...o.spec, replicas: 2 } }));
    expect(await resultOf(statefulSetCheck, objects, MYSQL)).toMatchObject({ ok: false, detail: '1/2 ready, claim data-catalog-mysql-1 missing' });
  });

  test('a missing StatefulSet fails and asks for a reset', async () => {
    expect(await resultOf(statefulSetCheck, without(healthy(), 'StatefulSet', 'catalog-mysql'), MYSQL)).toEqual({
      check: MYSQL,
      ok: false,
      detail: 'missing: the API has no such StatefulSet',
      remedy: Remedy.RESET_WORKLOADS,
    });
  });
});
