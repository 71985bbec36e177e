import { StackJson, labConfig, synthLab } from '../support/fixtures';
import { configuredConnections, connect, parseServiceAddress } from '../support/network-reachability';
import { K8sObject, RenderedObject, renderKubernetesObjects } from '../support/render-k8s';
import { DATA_STORE_UID_ANNOTATION, JVM_REPORTED_START_SECONDS, WORKSHOP_LIVENESS_DEADLINE_SECONDS } from '../../lib/workloads/retail-store';

/* eslint-disable @typescript-eslint/no-explicit-any -- rendered API objects are untyped JSON */

const stack: StackJson = synthLab(labConfig())['eks-workshop-workloads'];
const rendered = renderKubernetesObjects(stack);
const objectNamed = (kind: string, name: string, objects: readonly RenderedObject[] = rendered): K8sObject => {
  const found = objects.find((r) => r.object.kind === kind && r.object.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found.object;
};
const configOf = (name: string) => objectNamed('ConfigMap', name).data as Record<string, string>;
const containerOf = (name: string) => (objectNamed('Deployment', name).spec as any).template.spec.containers[0];
const storeDeployments = rendered.filter((r) => r.object.kind === 'Deployment').map((r) => r.object);

describe('RetailStore in the lab', () => {
  test('every service reads its settings from the data stores: endpoints, database names, the Secrets the databases use', () => {
    expect(configOf('catalog')).toEqual({
      RETAIL_CATALOG_PERSISTENCE_PROVIDER: 'mysql',
      // Replica 0 by its stable name: replicas a learner adds by scaling the StatefulSet are never reached.
      RETAIL_CATALOG_PERSISTENCE_ENDPOINT: 'catalog-mysql-0.catalog-mysql-headless.catalog.svc:3306',
      RETAIL_CATALOG_PERSISTENCE_DB_NAME: 'catalog',
    });
    expect(configOf('orders')).toEqual({
      RETAIL_ORDERS_PERSISTENCE_PROVIDER: 'postgres',
      RETAIL_ORDERS_PERSISTENCE_ENDPOINT: 'orders-postgresql:5432',
      RETAIL_ORDERS_PERSISTENCE_NAME: 'orders',
      RETAIL_ORDERS_MESSAGING_PROVIDER: 'in-memory',
    });
    expect(configOf('checkout')).toEqual({
      RETAIL_CHECKOUT_PERSISTENCE_PROVIDER: 'redis',
      RETAIL_CHECKOUT_PERSISTENCE_REDIS_URL: 'redis://checkout-redis:6379',
      RETAIL_CHECKOUT_ENDPOINTS_ORDERS: 'http://orders.orders.svc:80',
    });
    expect(configOf('carts')).toEqual({
      RETAIL_CART_PERSISTENCE_PROVIDER: 'dynamodb',
      RETAIL_CART_PERSISTENCE_DYNAMODB_TABLE_NAME: 'Items',
      RETAIL_CART_PERSISTENCE_DYNAMODB_CREATE_TABLE: 'true',
      RETAIL_CART_PERSISTENCE_DYNAMODB_ENDPOINT: 'http://carts-dynamodb:8000',
    });
    expect(configOf('ui')).toEqual({
      RETAIL_UI_ENDPOINTS_CATALOG: 'http://catalog.catalog.svc:80',
      RETAIL_UI_ENDPOINTS_CARTS: 'http://carts.carts.svc:80',
      RETAIL_UI_ENDPOINTS_ORDERS: 'http://orders.orders.svc:80',
      RETAIL_UI_ENDPOINTS_CHECKOUT: 'http://checkout.checkout.svc:80',
    });
    // The app reads the Secret its database was initialized from: one credential, never a literal.
    const secretsOf = (name: string) => containerOf(name).envFrom.filter((f: any) => f.secretRef).map((f: any) => f.secretRef.name);
    expect(secretsOf('catalog')).toEqual(['catalog-db']);
    expect(secretsOf('orders')).toEqual(['orders-db']);
    expect(secretsOf('carts')).toEqual(['carts-db']);
    expect(secretsOf('checkout')).toEqual([]);
    expect(secretsOf('ui')).toEqual([]);
    const mysqlEnv = (objectNamed('StatefulSet', 'catalog-mysql').spec as any).template.spec.containers[0].env;
    expect(mysqlEnv.filter((e: any) => e.valueFrom?.secretKeyRef?.name === 'catalog-db').map((e: any) => e.valueFrom.secretKeyRef.key).sort()).toEqual(
      Object.keys(objectNamed('Secret', 'catalog-db').stringData as object).sort(),
    );
  });

  test('images: the sample app release 1.6.2 from ECR Public, DynamoDB Local 1.25.1', () => {
    expect(Object.fromEntries(storeDeployments.map((d) => [d.metadata.name, (d.spec as any).template.spec.containers[0].image]))).toEqual({
      catalog: 'public.ecr.aws/aws-containers/retail-store-sample-catalog:1.6.2',
      carts: 'public.ecr.aws/aws-containers/retail-store-sample-cart:1.6.2',
      'carts-dynamodb': 'public.ecr.aws/aws-dynamodb-local/aws-dynamodb-local:1.25.1',
      orders: 'public.ecr.aws/aws-containers/retail-store-sample-orders:1.6.2',
      checkout: 'public.ecr.aws/aws-containers/retail-store-sample-checkout:1.6.2',
      ui: 'public.ecr.aws/aws-containers/retail-store-sample-ui:1.6.2',
    });
  });

  test('probes and resources as the workshop, plus readiness on ui and checkout', () => {
    const summary = (name: string) => {
      const c = containerOf(name);
      const probe = (p: any) => p && [p.httpGet.path, p.initialDelaySeconds ?? 0, p.periodSeconds ?? 10, p.successThreshold ?? 1].join(' ');
      return { liveness: probe(c.livenessProbe), readiness: probe(c.readinessProbe), requests: c.resources.requests, memoryLimit: c.resources.limits.memory };
    };
    expect(summary('ui')).toEqual({ liveness: '/actuator/health/liveness 45 20 1', readiness: '/actuator/health/readiness 10 10 1', requests: { cpu: '250m', memory: '1.5Gi' }, memoryLimit: '1.5Gi' });
    expect(summary('catalog')).toEqual({ liveness: '/health 30 3 1', readiness: '/health 0 5 3', requests: { cpu: '250m', memory: '512Mi' }, memoryLimit: '512Mi' });
    expect(summary('carts')).toEqual({ liveness: '/actuator/health/liveness 45 3 1', readiness: '/actuator/health/readiness 15 3 1', requests: { cpu: '250m', memory: '1Gi' }, memoryLimit: '1Gi' });
    expect(summary('checkout')).toEqual({ liveness: '/health 30 3 1', readiness: '/health 0 10 1', requests: { cpu: '250m', memory: '512Mi' }, memoryLimit: '512Mi' });
    expect(summary('orders')).toEqual({ liveness: '/actuator/health/liveness 45 3 1', readiness: '/actuator/health/liveness 0 5 3', requests: { cpu: '250m', memory: '1Gi' }, memoryLimit: '1Gi' });
    expect(containerOf('carts-dynamodb').readinessProbe).toEqual({ tcpSocket: { port: 'dynamodb' }, periodSeconds: 10, failureThreshold: 3 });
  });

  test('the JVM services get a startup probe: more than three times the start a workshop cluster reported, before liveness may restart them', () => {
    /** Seconds after start at which a probe's failures make the kubelet act: the first check, then failureThreshold checks. */
    const deadline = (p: any) => (p.initialDelaySeconds ?? 0) + (p.failureThreshold ?? 3) * (p.periodSeconds ?? 10);
    for (const name of ['ui', 'carts', 'orders']) {
      const c = containerOf(name);
      expect([name, c.startupProbe]).toEqual([name, { httpGet: { path: '/actuator/health/liveness', port: 8080 }, periodSeconds: 5, failureThreshold: 36 }]);
      expect(deadline(c.startupProbe)).toBeGreaterThanOrEqual(3 * JVM_REPORTED_START_SECONDS);
      expect(deadline(c.startupProbe)).toBeGreaterThan(3 * WORKSHOP_LIVENESS_DEADLINE_SECONDS);
      expect(c.resources.limits.cpu).toBe('1');
    }
    // Without it, the workshop's liveness probe of carts and orders would restart a JVM still starting after 54 s.
    expect(deadline(containerOf('carts').livenessProbe)).toBe(WORKSHOP_LIVENESS_DEADLINE_SECONDS);
    expect(deadline(containerOf('orders').livenessProbe)).toBe(WORKSHOP_LIVENESS_DEADLINE_SECONDS);
    expect(WORKSHOP_LIVENESS_DEADLINE_SECONDS).toBeLessThan(JVM_REPORTED_START_SECONDS + 10);
    // Go and Node.js start in seconds: catalog and checkout keep the workshop's probes only.
    expect(containerOf('catalog').startupProbe).toBeUndefined();
    expect(containerOf('checkout').startupProbe).toBeUndefined();
  });

  test('the five services and carts-dynamodb run restricted: non-root, no capabilities or escalation, seccomp, no API token', () => {
    for (const deployment of storeDeployments) {
      const pod = (deployment.spec as any).template.spec;
      expect([deployment.metadata.name, pod.automountServiceAccountToken, pod.securityContext.runAsNonRoot, pod.securityContext.seccompProfile]).toEqual([
        deployment.metadata.name,
        false,
        true,
        { type: 'RuntimeDefault' },
      ]);
      expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
      expect(pod.containers[0].securityContext).toMatchObject({ allowPrivilegeEscalation: false, privileged: false, capabilities: { drop: ['ALL'] } });
      expect(pod.containers[0].securityContext.capabilities.add).toBeUndefined();
    }
  });

  test('each service has its own ServiceAccount, which mounts no token', () => {
    for (const name of ['ui', 'catalog', 'carts', 'checkout', 'orders']) {
      expect((objectNamed('Deployment', name).spec as any).template.spec.serviceAccountName).toBe(name);
      expect(objectNamed('ServiceAccount', name)).toMatchObject({ metadata: { namespace: name === 'carts' ? 'carts' : name }, automountServiceAccountToken: false });
    }
  });

  test('ClusterIP Services on port 80 to the container port http (8080); carts-dynamodb 8000; the data stores on their engine port; no load balancer', () => {
    const services = rendered.filter((r) => r.object.kind === 'Service' && (r.object.spec as any).clusterIP !== 'None').map((r) => r.object);
    expect(services.map((s) => [s.metadata.namespace, s.metadata.name, (s.spec as any).type, (s.spec as any).ports.map((p: any) => `${p.port}->${p.targetPort}`)]).sort()).toEqual([
      ['carts', 'carts', 'ClusterIP', ['80->http']],
      ['carts', 'carts-dynamodb', 'ClusterIP', ['8000->dynamodb']],
      ['catalog', 'catalog', 'ClusterIP', ['80->http']],
      ['catalog', 'catalog-mysql', 'ClusterIP', ['3306->mysql']],
      ['checkout', 'checkout', 'ClusterIP', ['80->http']],
      ['checkout', 'checkout-redis', 'ClusterIP', ['6379->redis']],
      ['orders', 'orders', 'ClusterIP', ['80->http']],
      ['orders', 'orders-postgresql', 'ClusterIP', ['5432->postgresql']],
      ['ui', 'ui', 'ClusterIP', ['80->http']],
    ]);
    // The workshop's names stay the clients' addresses; each StatefulSet is governed by a headless <name>-headless.
    const headless = rendered.filter((r) => r.object.kind === 'Service' && (r.object.spec as any).clusterIP === 'None').map((r) => `${r.object.metadata.namespace}/${r.object.metadata.name}`);
    expect(headless.sort()).toEqual(['catalog/catalog-mysql-headless', 'checkout/checkout-redis-headless', 'orders/orders-postgresql-headless']);
    for (const name of ['catalog-mysql', 'checkout-redis', 'orders-postgresql']) expect((objectNamed('StatefulSet', name).spec as any).serviceName).toBe(`${name}-headless`);
  });

  test('a service restarts once its database StatefulSet is re-created: its pods carry the StatefulSet UID', () => {
    const annotation = (name: string) => (Object.values(stack.resource.kubernetes_deployment_v1).find((d) => (d.metadata as any).name === name)!.spec as any).template.metadata.annotations[DATA_STORE_UID_ANNOTATION];
    const addressOf = (name: string) => `kubernetes_stateful_set_v1.${Object.entries(stack.resource.kubernetes_stateful_set_v1).find(([, b]) => (b.metadata as any).name === name)![0]}`;
    expect(annotation('catalog')).toBe(`\${${addressOf('catalog-mysql')}.metadata[0].uid}`);
    expect(annotation('orders')).toBe(`\${${addressOf('orders-postgresql')}.metadata[0].uid}`);
    expect(annotation('checkout')).toBe(`\${${addressOf('checkout-redis')}.metadata[0].uid}`);
    expect(annotation('ui')).toBeUndefined();
  });

  test('the services wait for their database: each Deployment depends on the StatefulSet (or DynamoDB Local) it uses', () => {
    const dependsOn = (name: string) => Object.values(stack.resource.kubernetes_deployment_v1).find((d) => (d.metadata as any).name === name)!.depends_on ?? [];
    const addressOf = (type: string, name: string) => `${type}.${Object.entries(stack.resource[type]).find(([, b]) => (b.metadata as any).name === name)![0]}`;
    expect(dependsOn('catalog')).toContain(addressOf('kubernetes_stateful_set_v1', 'catalog-mysql'));
    expect(dependsOn('orders')).toContain(addressOf('kubernetes_stateful_set_v1', 'orders-postgresql'));
    expect(dependsOn('checkout')).toContain(addressOf('kubernetes_stateful_set_v1', 'checkout-redis'));
    expect(dependsOn('carts')).toContain(addressOf('kubernetes_deployment_v1', 'carts-dynamodb'));
  });
});

describe('network paths of the store', () => {
  test('every address a service reads from its ConfigMap reaches the pods behind it, past every NetworkPolicy', () => {
    const connections = storeDeployments.flatMap((d) => configuredConnections(rendered, d));
    expect(connections.map((c) => `${c.from} -> ${c.to} ${c.allowed ? 'allowed' : `BLOCKED: ${c.reason}`}`).sort()).toEqual([
      'Deployment carts/carts -> carts-dynamodb.carts:8000 allowed',
      'Deployment catalog/catalog -> catalog-mysql-0.catalog-mysql-headless.catalog:3306 allowed',
      'Deployment checkout/checkout -> checkout-redis.checkout:6379 allowed',
      'Deployment checkout/checkout -> orders.orders:80 allowed',
      'Deployment orders/orders -> orders-postgresql.orders:5432 allowed',
      'Deployment ui/ui -> carts.carts:80 allowed',
      'Deployment ui/ui -> catalog.catalog:80 allowed',
      'Deployment ui/ui -> checkout.checkout:80 allowed',
      'Deployment ui/ui -> orders.orders:80 allowed',
    ]);
  });

  test('each database admits only its own namespace: the UI, another service or the log collector cannot reach it', () => {
    const ui = objectNamed('Deployment', 'ui');
    const catalog = objectNamed('Deployment', 'catalog');
    const logCollector = objectNamed('DaemonSet', 'log-collector');
    for (const [client, address] of [
      [ui, { service: 'catalog-mysql', namespace: 'catalog', port: 3306 }],
      [ui, { service: 'carts-dynamodb', namespace: 'carts', port: 8000 }],
      [catalog, { service: 'orders-postgresql', namespace: 'orders', port: 5432 }],
      [logCollector, { service: 'checkout-redis', namespace: 'checkout', port: 6379 }],
    ] as const) {
      expect(connect(rendered, client, address)).toMatchObject({ allowed: false, reason: expect.stringMatching(/^NetworkPolicy \S+ admits no traffic from namespace /) });
    }
  });

  test('the check is real: a deny-all policy in catalog blocks the UI, and a wrong port or Service is reported', () => {
    const withDenyAll: RenderedObject[] = [
      ...rendered,
      {
        address: 'kubernetes_network_policy_v1.deny',
        dependencies: [],
        object: { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny-all', namespace: 'catalog' }, spec: { podSelector: {}, policyTypes: ['Ingress'] } },
      },
    ];
    const ui = objectNamed('Deployment', 'ui', withDenyAll);
    expect(configuredConnections(withDenyAll, ui).find((c) => c.to === 'catalog.catalog:80')).toMatchObject({
      allowed: false,
      reason: 'NetworkPolicy catalog/deny-all admits no traffic from namespace ui',
    });
    expect(connect(rendered, ui, { service: 'catalog', namespace: 'catalog', port: 8080 })).toMatchObject({ allowed: false, reason: 'Service catalog/catalog has no port 8080' });
    expect(connect(rendered, ui, { service: 'catalogue', namespace: 'catalog', port: 80 })).toMatchObject({ allowed: false, reason: 'no Service catalogue in namespace catalog' });
  });

  test('a pod address resolves only for a replica of a StatefulSet its headless Service governs', () => {
    const catalog = objectNamed('Deployment', 'catalog');
    const pod = (pod: string, service = 'catalog-mysql-headless', port = 3306) => connect(rendered, catalog, { pod, service, namespace: 'catalog', port });
    expect(pod('catalog-mysql-0')).toMatchObject({ allowed: true, reason: 'pod catalog-mysql-0 of StatefulSet catalog/catalog-mysql -> container port 3306' });
    expect(pod('catalog-mysql-1')).toMatchObject({ allowed: false, reason: 'no pod catalog-mysql-1 of a StatefulSet governed by Service catalog/catalog-mysql-headless' });
    expect(pod('catalog-mysql-0', 'catalog-mysql')).toMatchObject({ allowed: false, reason: 'Service catalog/catalog-mysql is not headless: pods get no DNS names of their own under it' });
    expect(pod('catalog-mysql-0', 'catalog-mysql-headless', 33060)).toMatchObject({ allowed: false, reason: 'pod catalog-mysql-0 declares no container port 33060' });
    const ui = objectNamed('Deployment', 'ui');
    expect(connect(rendered, ui, { pod: 'catalog-mysql-0', service: 'catalog-mysql-headless', namespace: 'catalog', port: 3306 })).toMatchObject({
      allowed: false,
      reason: expect.stringMatching(/^NetworkPolicy catalog\/catalog-mysql admits no traffic from namespace ui/),
    });
  });

  test.each<[string, string, ReturnType<typeof parseServiceAddress>]>([
    ['http://catalog.catalog.svc:80', 'ui', { service: 'catalog', namespace: 'catalog', port: 80 }],
    ['redis://checkout-redis:6379', 'checkout', { service: 'checkout-redis', namespace: 'checkout', port: 6379 }],
    ['orders-postgresql:5432', 'orders', { service: 'orders-postgresql', namespace: 'orders', port: 5432 }],
    ['http://orders.orders.svc.cluster.local', 'ui', { service: 'orders', namespace: 'orders', port: 80 }],
    ['catalog-mysql-0.catalog-mysql-headless.catalog.svc:3306', 'catalog', { pod: 'catalog-mysql-0', service: 'catalog-mysql-headless', namespace: 'catalog', port: 3306 }],
    ['catalog-mysql-0.catalog-mysql-headless.catalog:3306', 'catalog', undefined],
    ['in-memory', 'orders', undefined],
    ['Items', 'carts', undefined],
  ])('parseServiceAddress(%p)', (text, namespace, expected) => {
    expect(parseServiceAddress(text, namespace)).toEqual(expected);
  });
});
