import { resourcesOf, StackJson, synthLab, TfBlock } from '../support/fixtures';

/* eslint-disable @typescript-eslint/no-explicit-any -- synthesized Terraform JSON is untyped */

/**
 * What a lab deployed before issue 22 has in its Terraform state for each data store: one headless
 * Service named like the StatefulSet, at these addresses (synthesized at commit 60f6dc0), which the
 * StatefulSet named as its serviceName.
 */
const DEPLOYED_BEFORE = [
  { name: 'catalog-mysql', service: 'kubernetes_service_v1.DataStores_CatalogMysql_Service_E98AC8CC' },
  { name: 'checkout-redis', service: 'kubernetes_service_v1.DataStores_CheckoutRedis_Service_36C3C981' },
  { name: 'orders-postgresql', service: 'kubernetes_service_v1.DataStores_OrdersPostgresql_Service_3E66B6C2' },
];

const stack: StackJson = synthLab()['eks-workshop-workloads'];
const byName = (type: string, name: string): [string, TfBlock] => {
  const [id, block] = Object.entries(resourcesOf(stack, type)).find(([, b]) => (b.metadata as any).name === name)!;
  return [`${type}.${id}`, block];
};

/**
 * What `cdktf deploy` does to such a lab, read from the kubernetes provider 2.38's schema
 * (hashicorp/terraform-provider-kubernetes v2.38.0, kubernetes/): `metadata.name` is ForceNew
 * (schema_metadata.go), so the old address is replaced: the old headless Service is deleted, then
 * `<name>-headless` created; a StatefulSet's `service_name` is ForceNew (schema_stateful_set_spec.go),
 * so the StatefulSet is replaced too (deleted with its volume claims, retention policy Delete).
 * `cluster_ip` is Optional, Computed and ForceNew (resource_kubernetes_service_v1.go): a Service kept
 * at the old address with `cluster_ip` merely left out would keep `None` from the state and stay
 * headless, which is why the client Service is a new address rather than the old one changed.
 */
describe('deploying this version over a lab deployed before issue 22', () => {
  test.each(DEPLOYED_BEFORE)('$name: the old address becomes the headless Service, replaced because its name changes', ({ name, service }) => {
    const [type, id] = service.split('.');
    const block = stack.resource[type][id];
    expect(block).toBeDefined();
    expect((block.metadata as any).name).toBe(`${name}-headless`);
    expect((block.spec as any).cluster_ip).toBe('None');
  });

  test.each(DEPLOYED_BEFORE)('$name: the ClusterIP Service under the old name is a new address, created after the old Service is gone', ({ name, service }) => {
    const [address, block] = byName('kubernetes_service_v1', name);
    expect(address).not.toBe(service);
    expect((block.spec as any).type).toBe('ClusterIP');
    expect((block.spec as any).cluster_ip).toBeUndefined();
    expect(block.depends_on).toEqual([service]);
  });

  test.each(DEPLOYED_BEFORE)('$name: the StatefulSet names the renamed Service (replaced), and its client restarts after it', ({ name, service }) => {
    const [setAddress, set] = byName('kubernetes_stateful_set_v1', name);
    expect((set.spec as any).service_name).toBe(`\${${service}.metadata[0].name}`);
    const client = { 'catalog-mysql': 'catalog', 'checkout-redis': 'checkout', 'orders-postgresql': 'orders' }[name]!;
    const [, deployment] = byName('kubernetes_deployment_v1', client);
    expect(Object.values((deployment.spec as any).template.metadata.annotations)).toContain(`\${${setAddress}.metadata[0].uid}`);
  });
});
