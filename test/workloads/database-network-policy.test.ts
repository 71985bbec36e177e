import { Testing } from 'cdktf';
import { DatabaseEngine } from '../../lib/workloads/database-engine';
import { DatabaseNetworkPolicy, DatabaseNetworkPolicyProps, NetworkProtocol } from '../../lib/workloads/database-network-policy';
import { StatefulDatabase } from '../../lib/workloads/stateful-database';
import { StackJson, oneResource, synthLab } from '../support/fixtures';
import { renderKubernetesObjects } from '../support/render-k8s';

const SELECTOR = { 'app.kubernetes.io/name': 'orders', 'app.kubernetes.io/component': 'postgresql' };

function synthPolicy(props: Partial<DatabaseNetworkPolicyProps> = {}): { policy: DatabaseNetworkPolicy; json: StackJson } {
  let policy: DatabaseNetworkPolicy | undefined;
  const json = JSON.parse(
    Testing.synthScope((scope) => {
      policy = new DatabaseNetworkPolicy(scope, 'Policy', { name: 'orders-postgresql', namespace: 'orders', podSelector: SELECTOR, port: 5432, ...props });
    }),
  ) as StackJson;
  return { policy: policy!, json };
}

describe('DatabaseNetworkPolicy', () => {
  test('defaults: selects the database pods, Ingress only, from any pod of the namespace, on the TCP port', () => {
    const { policy, json } = synthPolicy();
    expect(policy.protocol).toBe(NetworkProtocol.TCP);
    expect(policy.port).toBe(5432);
    const [, resource] = oneResource(json, 'kubernetes_network_policy_v1');
    expect(resource.metadata).toEqual({ name: 'orders-postgresql', namespace: 'orders' });
    expect(resource.spec).toEqual({
      pod_selector: { match_labels: SELECTOR },
      policy_types: ['Ingress'],
      ingress: [{ from: [{ pod_selector: {} }], ports: [{ port: '5432', protocol: 'TCP' }] }],
    });
  });

  test('overrides: protocol and labels', () => {
    const { json } = synthPolicy({ protocol: NetworkProtocol.UDP, port: 53, labels: { team: 'database' } });
    const [, resource] = oneResource(json, 'kubernetes_network_policy_v1');
    expect(resource.metadata).toMatchObject({ labels: { team: 'database' } });
    expect((resource.spec as { ingress: unknown }).ingress).toEqual([{ from: [{ pod_selector: {} }], ports: [{ port: '53', protocol: 'UDP' }] }]);
  });

  test('renders to the API object the provider creates: empty podSelector peer, integer port', () => {
    const { json } = synthPolicy();
    const [rendered] = renderKubernetesObjects(json);
    expect(rendered.object).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'orders-postgresql', namespace: 'orders' },
      spec: {
        podSelector: { matchLabels: SELECTOR },
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ podSelector: {} }], ports: [{ port: 5432, protocol: 'TCP' }] }],
      },
    });
  });

  test('rejects an empty pod selector', () => {
    expect(() => synthPolicy({ podSelector: {} })).toThrow(/DatabaseNetworkPolicy orders-postgresql: podSelector \(\{\}\) must name at least one label/);
  });

  test.each([0, 65536, 54.5])('rejects port %p', (port) => {
    expect(() => synthPolicy({ port })).toThrow(new RegExp(`port \\(${port}\\) must be a whole number from 1 to 65535`));
  });

  test('rejects a name that is not an RFC 1123 subdomain', () => {
    expect(() => synthPolicy({ name: 'Orders_DB' })).toThrow(/DatabaseNetworkPolicy Orders_DB: name \("Orders_DB"\) must be an RFC 1123 subdomain/);
  });
});

describe('StatefulDatabase network policy', () => {
  test("selects exactly the StatefulSet's pods, on the engine port, in its namespace", () => {
    let db: StatefulDatabase | undefined;
    const json = JSON.parse(
      Testing.synthScope((scope) => {
        db = new StatefulDatabase(scope, 'Db', { name: 'catalog-mysql', namespace: 'catalog', component: 'catalog', engine: DatabaseEngine.mysql() });
      }),
    ) as StackJson;
    expect(db!.networkPolicy.podSelector).toEqual(db!.selector);
    const [, set] = oneResource(json, 'kubernetes_stateful_set_v1');
    const [, policy] = oneResource(json, 'kubernetes_network_policy_v1');
    const spec = policy.spec as { pod_selector: { match_labels: unknown }; ingress: Array<{ ports: Array<{ port: string }> }> };
    expect(spec.pod_selector.match_labels).toEqual((set.spec as { selector: { match_labels: unknown } }).selector.match_labels);
    expect(spec.ingress[0].ports).toEqual([{ port: '3306', protocol: 'TCP' }]);
    expect(policy.metadata).toMatchObject({ name: 'catalog-mysql', namespace: 'catalog' });
  });

  test('the lab has one policy per data store (the StatefulSets and carts-dynamodb), in its namespace', () => {
    const objects = renderKubernetesObjects(synthLab()['eks-workshop-workloads']).map((r) => r.object);
    const policies = objects.filter((o) => o.kind === 'NetworkPolicy').map((o) => `${o.metadata.namespace}/${o.metadata.name}`);
    const stores = objects
      .filter((o) => o.kind === 'StatefulSet' || (o.kind === 'Deployment' && o.metadata.labels?.['app.kubernetes.io/team'] === 'database'))
      .map((o) => `${o.metadata.namespace}/${o.metadata.name}`);
    expect(policies.sort()).toEqual(stores.sort());
    expect(policies.sort()).toEqual(['carts/carts-dynamodb', 'catalog/catalog-mysql', 'checkout/checkout-redis', 'orders/orders-postgresql']);
  });
});
