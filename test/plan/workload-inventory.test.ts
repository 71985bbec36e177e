import { RetailApplication } from '../../lib/config/lab-config';
import { labWorkloads, WorkloadKind } from '../../lib/plan/workload-inventory';
import { labConfig, synthLab } from '../support/fixtures';
import { renderKubernetesObjects } from '../support/render-k8s';

const CONTROLLER_KINDS = new Set<string>(Object.values(WorkloadKind));

describe('labWorkloads', () => {
  test.each(Object.values(RetailApplication))('application %s: lists exactly the controllers the synthesized workloads stack deploys', (application) => {
    const config = labConfig({ application });
    const workloads = synthLab(config)[`${config.labName}-workloads`];
    const synthesized = renderKubernetesObjects(workloads)
      .map((r) => r.object)
      .filter((o) => CONTROLLER_KINDS.has(o.kind))
      .map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`);
    const listed = labWorkloads(config).map((w) => `${w.kind} ${w.namespace}/${w.name}`);
    expect(synthesized.length).toBeGreaterThan(0);
    expect([...listed].sort()).toEqual([...synthesized].sort());
    expect(new Set(listed).size).toBe(listed.length);
  });

  test('the store adds its six Deployments; the smaller lab has none', () => {
    const deployments = (application: RetailApplication) =>
      labWorkloads(labConfig({ application })).filter((w) => w.kind === WorkloadKind.DEPLOYMENT).map((w) => `${w.namespace}/${w.name}`);
    expect(deployments(RetailApplication.STORE)).toEqual(['carts/carts', 'carts/carts-dynamodb', 'catalog/catalog', 'checkout/checkout', 'orders/orders', 'ui/ui']);
    expect(deployments(RetailApplication.DATA_STORES)).toEqual([]);
  });
});
