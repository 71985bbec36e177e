import { Testing } from 'cdktf';
import { RetailService, RetailServiceProps } from '../../lib/workloads/retail-service';
import { StackJson, oneResource } from '../support/fixtures';

type Spec = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const BASE: RetailServiceProps = {
  name: 'catalog',
  namespace: 'catalog',
  image: 'public.ecr.aws/aws-containers/retail-store-sample-catalog:1.6.2',
  settings: { RETAIL_CATALOG_PERSISTENCE_PROVIDER: 'mysql' },
  readinessProbe: { path: '/health' },
  resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '512Mi' } },
  metricsPath: '/metrics',
};

function synthService(props: Partial<RetailServiceProps> = {}): { service: RetailService; json: StackJson } {
  let service: RetailService | undefined;
  const json = JSON.parse(
    Testing.synthScope((scope) => {
      service = new RetailService(scope, 'Service', { ...BASE, ...props });
    }),
  ) as StackJson;
  return { service: service!, json };
}

describe('RetailService', () => {
  test('defaults: one replica awaited, ClusterIP :80 -> http, settings as envFrom, own ServiceAccount without token, restricted pod', () => {
    const { service, json } = synthService();
    expect(service.url).toBe('http://catalog.catalog.svc:80');
    expect(service.selector).toEqual({ 'app.kubernetes.io/name': 'catalog', 'app.kubernetes.io/instance': 'catalog', 'app.kubernetes.io/component': 'service' });
    const [configId, config] = oneResource(json, 'kubernetes_config_map_v1');
    expect(config.data).toEqual({ RETAIL_CATALOG_PERSISTENCE_PROVIDER: 'mysql' });
    const [accountId, account] = oneResource(json, 'kubernetes_service_account_v1');
    expect(account.automount_service_account_token).toBe(false);
    const [, deployment] = oneResource(json, 'kubernetes_deployment_v1');
    expect(deployment.wait_for_rollout).toBe(true);
    expect(deployment.metadata).toEqual({ name: 'catalog', namespace: 'catalog', labels: { 'app.kubernetes.io/created-by': 'eks-workshop', 'app.kubernetes.io/type': 'app' } });
    const spec = deployment.spec as Spec;
    expect(spec.replicas).toBe('1');
    expect(spec.template.metadata.labels).toEqual({ ...service.selector, 'app.kubernetes.io/created-by': 'eks-workshop' });
    expect(spec.template.metadata.annotations).toEqual({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': '8080', 'prometheus.io/path': '/metrics' });
    const pod = spec.template.spec;
    expect(pod.service_account_name).toBe(`\${kubernetes_service_account_v1.${accountId}.metadata[0].name}`);
    expect(pod.automount_service_account_token).toBe(false);
    expect(pod.security_context).toEqual({ run_as_non_root: true, run_as_user: '1000', run_as_group: '1000', fs_group: '1000', seccomp_profile: { type: 'RuntimeDefault' } });
    const [container] = pod.container;
    expect(container).toMatchObject({
      port: [{ name: 'http', container_port: 8080, protocol: 'TCP' }],
      env_from: [{ config_map_ref: { name: `\${kubernetes_config_map_v1.${configId}.metadata[0].name}` } }],
      readiness_probe: { http_get: { path: '/health', port: '8080' } },
      security_context: { allow_privilege_escalation: false, privileged: false, read_only_root_filesystem: true, capabilities: { drop: ['ALL'] } },
      volume_mount: [{ name: 'tmp', mount_path: '/tmp' }],
    });
    expect(container.liveness_probe).toBeUndefined();
    expect(container.startup_probe).toBeUndefined();
    expect(container.env).toBeUndefined();
    expect(pod.volume).toEqual([{ name: 'tmp', empty_dir: { medium: 'Memory' } }]);
    const [, svc] = oneResource(json, 'kubernetes_service_v1');
    expect(svc.spec).toEqual({ type: 'ClusterIP', selector: service.selector, port: [{ name: 'http', port: 80, target_port: 'http', protocol: 'TCP' }] });
  });

  test('overrides: Secret, literal env, pod metadata env, liveness, startup probe, pod annotations, user', () => {
    const { json } = synthService({
      secretName: 'catalog-db',
      env: { JAVA_OPTS: '-Xmx1g' },
      podMetadataEnv: true,
      livenessProbe: { path: '/health', initialDelaySeconds: 30, periodSeconds: 3 },
      startupProbe: { path: '/health', periodSeconds: 5, failureThreshold: 36 },
      podAnnotations: { 'eks-workshop-lab/data-store-uid': 'uid-1' },
      runAsUser: 2000,
    });
    const pod = (oneResource(json, 'kubernetes_deployment_v1')[1].spec as Spec).template.spec;
    const [container] = pod.container;
    expect(container.env_from[1]).toEqual({ secret_ref: { name: 'catalog-db' } });
    expect(container.env).toEqual([
      { name: 'JAVA_OPTS', value: '-Xmx1g' },
      { name: 'METADATA_KUBERNETES_POD_NAME', value_from: { field_ref: { field_path: 'metadata.name' } } },
      { name: 'METADATA_KUBERNETES_NAMESPACE', value_from: { field_ref: { field_path: 'metadata.namespace' } } },
      { name: 'METADATA_KUBERNETES_NODE_NAME', value_from: { field_ref: { field_path: 'spec.nodeName' } } },
    ]);
    expect(container.liveness_probe).toEqual({ http_get: { path: '/health', port: '8080' }, initial_delay_seconds: 30, period_seconds: 3 });
    expect(container.startup_probe).toEqual({ http_get: { path: '/health', port: '8080' }, period_seconds: 5, failure_threshold: 36 });
    expect(pod.security_context).toMatchObject({ run_as_user: '2000', fs_group: '2000' });
    expect((oneResource(json, 'kubernetes_deployment_v1')[1].spec as Spec).template.metadata.annotations).toMatchObject({ 'prometheus.io/scrape': 'true', 'eks-workshop-lab/data-store-uid': 'uid-1' });
  });

  test.each<[string, Partial<RetailServiceProps>, RegExp]>([
    ['a name that is not a DNS label', { name: 'Catalog' }, /RetailService Catalog: name \("Catalog"\) must be an RFC 1123 label/],
    ['an unpinned image', { image: 'public.ecr.aws/aws-containers/retail-store-sample-catalog' }, /image \(".*catalog"\) must be pinned to a tag or digest/],
    ['the latest tag', { image: 'retail-store-sample-catalog:latest' }, /image \("retail-store-sample-catalog:latest"\) must not use the floating tag latest/],
    ['root', { runAsUser: 0 }, /runAsUser \(0\) must be a whole number >= 1 \(a non-root user\)/],
    ['a relative probe path', { readinessProbe: { path: 'health' } }, /readinessProbe.path \("health"\) must be an absolute path starting with \//],
    ['a relative startup probe path', { startupProbe: { path: 'actuator/health' } }, /startupProbe.path \("actuator\/health"\) must be an absolute path starting with \//],
  ])('rejects %s', (_name, props, message) => {
    expect(() => synthService(props)).toThrow(message);
  });
});
