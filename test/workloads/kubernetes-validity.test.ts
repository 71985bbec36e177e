import { API_SERVER_RULES, apiServerProblems } from '../support/api-server-rules';
import { RetailApplication } from '../../lib/config/lab-config';
import { labConfig, synthLab } from '../support/fixtures';
import { SCHEMA_KUBERNETES_VERSION, validateAgainstSchema } from '../support/kubernetes-schema';
import { K8sObject, RenderedObject, renderKubernetesObjects } from '../support/render-k8s';

const rendered = renderKubernetesObjects(synthLab()['eks-workshop-workloads']);

/** A deep copy of the rendered objects with one object changed. */
function withChange(kind: string, name: string, change: (o: any) => void): RenderedObject[] { // eslint-disable-line @typescript-eslint/no-explicit-any
  const copy = JSON.parse(JSON.stringify(rendered)) as RenderedObject[];
  const target = copy.find((r) => r.object.kind === kind && r.object.metadata.name === name);
  if (!target) throw new Error(`no ${kind} ${name}`);
  change(target.object);
  return copy;
}

const kinds = (objects: readonly RenderedObject[]) => objects.map((r) => `${r.object.kind}/${r.object.metadata.name}`).sort();

describe(`Kubernetes objects of the workloads stack, validated against the Kubernetes ${SCHEMA_KUBERNETES_VERSION} OpenAPI schema`, () => {
  test('the stack renders exactly the lab objects', () => {
    expect(kinds(rendered)).toEqual([
      'ConfigMap/carts',
      'ConfigMap/catalog',
      'ConfigMap/checkout',
      'ConfigMap/log-collector-config',
      'ConfigMap/orders',
      'ConfigMap/ui',
      'CronJob/catalog-cleanup',
      'DaemonSet/log-collector',
      'Deployment/carts',
      'Deployment/carts-dynamodb',
      'Deployment/catalog',
      'Deployment/checkout',
      'Deployment/orders',
      'Deployment/ui',
      'Job/data-processor',
      'Job/log-collector-rollout',
      'Namespace/carts',
      'Namespace/catalog',
      'Namespace/checkout',
      'Namespace/orders',
      'Namespace/ui',
      'NetworkPolicy/carts-dynamodb',
      'NetworkPolicy/catalog-mysql',
      'NetworkPolicy/checkout-redis',
      'NetworkPolicy/orders-postgresql',
      'Role/log-collector-rollout',
      'RoleBinding/log-collector-rollout',
      'Secret/carts-db',
      'Secret/catalog-db',
      'Secret/catalog-mysql-root',
      'Secret/orders-db',
      'Service/carts',
      'Service/carts-dynamodb',
      'Service/catalog',
      'Service/catalog-mysql',
      'Service/catalog-mysql-headless',
      'Service/checkout',
      'Service/checkout-redis',
      'Service/checkout-redis-headless',
      'Service/orders',
      'Service/orders-postgresql',
      'Service/orders-postgresql-headless',
      'Service/ui',
      'ServiceAccount/carts',
      'ServiceAccount/catalog',
      'ServiceAccount/checkout',
      'ServiceAccount/log-collector-rollout',
      'ServiceAccount/orders',
      'ServiceAccount/ui',
      'StatefulSet/catalog-mysql',
      'StatefulSet/checkout-redis',
      'StatefulSet/orders-postgresql',
      'StorageClass/gp3',
    ]);
  });

  test('the smaller lab (application data-stores-only) is valid too', () => {
    const small = renderKubernetesObjects(synthLab(labConfig({ application: RetailApplication.DATA_STORES }))['eks-workshop-workloads']);
    expect(small.filter((r) => ['Deployment', 'ServiceAccount'].includes(r.object.kind)).map((r) => r.object.metadata.name)).toEqual(['log-collector-rollout']);
    expect(validateAgainstSchema(small.map((r) => r.object)).filter((r) => r.errors.length > 0)).toEqual([]);
    expect(apiServerProblems(small)).toEqual([]);
  });

  test('every object is valid against the schema, and the check does catch an invalid one', () => {
    const objects: K8sObject[] = rendered.map((r) => r.object);
    const broken = withChange('StatefulSet', 'catalog-mysql', (o) => {
      o.spec.template.spec.containers[0].ports[0].containerPort = 'mysql';
      o.spec.replicas = 'one';
    });
    const results = validateAgainstSchema([...objects, broken.find((r) => r.object.kind === 'StatefulSet' && r.object.metadata.name === 'catalog-mysql')!.object]);
    expect(results.slice(0, objects.length).filter((r) => r.errors.length > 0)).toEqual([]);
    expect(results[objects.length].errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/containerPort must be integer/),
        expect.stringMatching(/replicas must be integer/),
      ]),
    );
  });

  test('no API-server rule finds a problem in the lab', () => {
    expect(apiServerProblems(rendered)).toEqual([]);
  });
});

describe('API-server rules each catch what they are for', () => {
  test.each<[string, RenderedObject[], RegExp]>([
    [
      'selectorMatchesTemplate',
      withChange('DaemonSet', 'log-collector', (o) => (o.spec.selector.matchLabels = { app: 'other' })),
      /DaemonSet kube-system\/log-collector: spec.selector.matchLabels \{"app":"other"\} must select the template labels/,
    ],
    [
      'serviceNameIsHeadlessService',
      withChange('StatefulSet', 'orders-postgresql', (o) => (o.spec.serviceName = 'orders-db')),
      /StatefulSet orders\/orders-postgresql: spec.serviceName "orders-db" must name a Service in namespace orders/,
    ],
    [
      'serviceNameIsHeadlessService',
      withChange('Service', 'checkout-redis-headless', (o) => (o.spec.clusterIP = '10.100.0.10')),
      /Service checkout-redis-headless must be headless/,
    ],
    [
      'referencesResolve',
      withChange('StatefulSet', 'catalog-mysql', (o) => (o.spec.template.spec.containers[0].env[2].valueFrom.secretKeyRef.key = 'USER')),
      /env MYSQL_USER refers to key USER, which Secret catalog-db does not have/,
    ],
    [
      'referencesResolve',
      withChange('DaemonSet', 'log-collector', (o) => (o.spec.template.spec.volumes[1].configMap.name = 'missing')),
      /volume config refers to ConfigMap missing, which does not exist in namespace kube-system/,
    ],
    [
      'namesAreValid',
      withChange('StatefulSet', 'orders-postgresql', (o) => (o.spec.template.spec.containers[0].ports[0].name = 'postgresql-primary')),
      /port name "postgresql-primary" must be 1 to 15 characters/,
    ],
    [
      'namesAreValid',
      withChange('Job', 'data-processor', (o) => (o.metadata.name = 'Data_Processor')),
      /metadata.name must be an RFC 1123 subdomain/,
    ],
    [
      'restartPoliciesFit',
      withChange('Job', 'data-processor', (o) => (o.spec.template.spec.restartPolicy = 'Always')),
      /Job catalog\/data-processor: restartPolicy "Always" must be Never or OnFailure/,
    ],
    [
      'cronSchedulesAreValid',
      withChange('CronJob', 'catalog-cleanup', (o) => (o.spec.schedule = '*/1 * * *')),
      /schedule "\*\/1 \* \* \*" must have five fields/,
    ],
    [
      'cronSchedulesAreValid',
      withChange('CronJob', 'catalog-cleanup', (o) => (o.spec.schedule = '61 * * * *')),
      /schedule "61 \* \* \* \*" is invalid/,
    ],
    [
      'networkPoliciesSelectPods',
      withChange('NetworkPolicy', 'checkout-redis', (o) => (o.spec.podSelector.matchLabels['app.kubernetes.io/component'] = 'valkey')),
      /NetworkPolicy checkout\/checkout-redis: spec.podSelector .* selects no pod in namespace checkout/,
    ],
    [
      'networkPoliciesSelectPods',
      withChange('NetworkPolicy', 'orders-postgresql', (o) => (o.spec.ingress[0].ports[0].port = 5433)),
      /NetworkPolicy orders\/orders-postgresql: ingress port 5433 is not a port of the selected pods/,
    ],
    [
      'selectorMatchesTemplate',
      withChange('Deployment', 'catalog', (o) => (o.spec.selector.matchLabels['app.kubernetes.io/component'] = 'api')),
      /Deployment catalog\/catalog: spec.selector.matchLabels .* must select the template labels/,
    ],
    [
      'referencesResolve',
      withChange('Deployment', 'orders', (o) => (o.spec.template.spec.containers[0].envFrom[1].secretRef.name = 'orders-credentials')),
      /Deployment orders\/orders: container orders envFrom refers to Secret orders-credentials, which does not exist in namespace orders/,
    ],
    [
      'serviceAccountsExist',
      withChange('Deployment', 'ui', (o) => (o.spec.template.spec.serviceAccountName = 'web')),
      /Deployment ui\/ui: spec.serviceAccountName "web" must name a ServiceAccount in namespace ui/,
    ],
    [
      'servicesSelectPods',
      withChange('Service', 'checkout', (o) => (o.spec.selector['app.kubernetes.io/name'] = 'check-out')),
      /Service checkout\/checkout: spec.selector .* selects no pod in namespace checkout/,
    ],
    [
      'servicesSelectPods',
      withChange('Service', 'carts-dynamodb', (o) => (o.spec.ports[0].targetPort = 'dynamo')),
      /Service carts\/carts-dynamodb: port "dynamodb" targets "dynamo", which is not a port of the selected pods/,
    ],
    [
      'roleBindingsResolve',
      withChange('RoleBinding', 'log-collector-rollout', (o) => (o.roleRef.name = 'log-reader')),
      /RoleBinding kube-system\/log-collector-rollout: roleRef names Role log-reader, which does not exist in namespace kube-system/,
    ],
    [
      'roleBindingsResolve',
      withChange('RoleBinding', 'log-collector-rollout', (o) => (o.subjects[0].namespace = 'default')),
      /subject ServiceAccount default\/log-collector-rollout does not exist/,
    ],
    [
      'rbacRulesAreValid',
      withChange('Role', 'log-collector-rollout', (o) => (o.rules[0].verbs = ['get', 'read'])),
      /Role kube-system\/log-collector-rollout: rules\[0\].verbs \["get","read"\] must be verbs of get, list, watch/,
    ],
    [
      'namespacedObjectsDependOnNamespace',
      (() => {
        const copy = JSON.parse(JSON.stringify(rendered)) as Array<{ address: string; object: K8sObject; dependencies: string[] }>;
        const job = copy.find((r) => r.object.kind === 'Job')!;
        job.dependencies = job.dependencies.filter((d) => !d.startsWith('kubernetes_namespace_v1.'));
        return copy as RenderedObject[];
      })(),
      /Job catalog\/data-processor: must depend on kubernetes_namespace_v1\./,
    ],
  ])('%s', (rule, objects, message) => {
    const problems = API_SERVER_RULES[rule](objects);
    expect(problems).toEqual([expect.stringMatching(message)]);
  });
});
