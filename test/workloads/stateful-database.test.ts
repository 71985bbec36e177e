import { Testing } from 'cdktf';
import { DatabaseEngine } from '../../lib/workloads/database-engine';
import { GeneratedPassword, StatefulDatabase, StatefulDatabaseProps } from '../../lib/workloads/stateful-database';
import { StackJson, TfBlock, oneResource, resourcesOf } from '../support/fixtures';

function synthDatabase(props: Partial<StatefulDatabaseProps> = {}): { db: StatefulDatabase; json: StackJson } {
  let db: StatefulDatabase | undefined;
  const json = JSON.parse(
    Testing.synthScope((scope) => {
      db = new StatefulDatabase(scope, 'Db', { name: 'orders-postgresql', namespace: 'orders', component: 'orders', engine: DatabaseEngine.postgresql(), ...props });
    }),
  ) as StackJson;
  return { db: db!, json };
}

type Spec = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const named = (name: string) => (block: TfBlock) => (block.metadata as { name?: string }).name === name;

describe('StatefulDatabase', () => {
  test('defaults: a ClusterIP Service for clients, a headless one governing the set, one replica, a 10 GiB data claim deleted with the set, engine probes, non-root', () => {
    const { db, json } = synthDatabase();
    expect(db.storageGiB).toBe(10);
    expect(db.replicas).toBe(1);
    expect(db.endpoint).toBe('orders-postgresql:5432');
    const selector = { 'app.kubernetes.io/name': 'orders', 'app.kubernetes.io/instance': 'orders', 'app.kubernetes.io/component': 'postgresql' };
    const port = [{ name: 'postgresql', port: 5432, target_port: 'postgresql', protocol: 'TCP' }];
    const [clientId, client] = oneResource(json, 'kubernetes_service_v1', named('orders-postgresql'));
    expect(client.metadata).toMatchObject({ name: 'orders-postgresql', namespace: 'orders' });
    // A virtual IP: the address clients cache stays valid when the pod is re-created with a new one.
    expect(client.spec).toEqual({ type: 'ClusterIP', selector, port });
    const [headlessId, headless] = oneResource(json, 'kubernetes_service_v1', named('orders-postgresql-headless'));
    expect(headless.metadata).toMatchObject({ name: 'orders-postgresql-headless', namespace: 'orders' });
    expect(headless.spec).toEqual({ cluster_ip: 'None', selector, port });
    // The headless Service keeps the address a lab deployed before had (construct id 'Service'),
    // and the client Service is created after it (on such a lab, after the old Service is deleted).
    expect(headlessId).toMatch(/_Service_[0-9A-F]+$/);
    expect(client.depends_on).toEqual([`kubernetes_service_v1.${headlessId}`]);
    expect(clientId).not.toBe(headlessId);
    // The headless Service's name, as a reference (resolved in the lab: test/workloads/retail-store.test.ts).
    expect(db.podEndpoint(0)).toMatch(/^orders-postgresql-0\.\$\{TfToken\[TOKEN\.\d+\]\}\.orders\.svc:5432$/);
    const [, set] = oneResource(json, 'kubernetes_stateful_set_v1');
    const spec = set.spec as Spec;
    expect(set.wait_for_rollout).toBe(true);
    expect(set.metadata).toMatchObject({ labels: { 'app.kubernetes.io/created-by': 'eks-workshop', 'app.kubernetes.io/team': 'database' } });
    expect(spec.service_name).toBe(`\${kubernetes_service_v1.${headlessId}.metadata[0].name}`);
    expect(spec.replicas).toBe('1');
    expect(spec.persistent_volume_claim_retention_policy).toEqual([{ when_deleted: 'Delete', when_scaled: 'Retain' }]);
    expect(spec.template.metadata.labels).toEqual({
      'app.kubernetes.io/name': 'orders',
      'app.kubernetes.io/instance': 'orders',
      'app.kubernetes.io/component': 'postgresql',
      'app.kubernetes.io/created-by': 'eks-workshop',
      'app.kubernetes.io/team': 'database',
    });
    expect(spec.volume_claim_template).toEqual([
      {
        metadata: { name: 'data', labels: spec.selector.match_labels },
        spec: { access_modes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } },
      },
    ]);
    expect(spec.template.spec.security_context).toMatchObject({ run_as_non_root: true, run_as_user: '999', fs_group: '999' });
    const [container] = spec.template.spec.container;
    expect(container).toMatchObject({
      image: 'public.ecr.aws/docker/library/postgres:16.15',
      image_pull_policy: 'IfNotPresent',
      env: [{ name: 'PGDATA', value: '/data/pgdata' }],
      volume_mount: [{ name: 'data', mount_path: '/data' }],
      startup_probe: { exec: { command: ['pg_isready', '-h', '127.0.0.1', '-p', '5432'] }, period_seconds: 10, failure_threshold: 18 },
      readiness_probe: { exec: { command: ['pg_isready', '-h', '127.0.0.1', '-p', '5432'] }, period_seconds: 10, failure_threshold: 3 },
      liveness_probe: { exec: { command: ['pg_isready', '-h', '127.0.0.1', '-p', '5432'] }, period_seconds: 10, failure_threshold: 3 },
      resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
      security_context: { allow_privilege_escalation: false, privileged: false, capabilities: { drop: ['ALL'] } },
    });
    expect(resourcesOf(json, 'kubernetes_secret_v1')).toEqual({});
  });

  test('overrides: generated credentials in a Secret, env from it, size, class, replicas', () => {
    const { json } = synthDatabase({
      secrets: [{ name: 'orders-db', data: { USER: 'orders', PASSWORD: new GeneratedPassword(32) } }],
      env: [{ name: 'POSTGRES_PASSWORD', secretName: 'orders-db', secretKey: 'PASSWORD' }],
      storageGiB: 30,
      storageClassName: 'gp3',
      replicas: 2,
    });
    const [passwordId, password] = oneResource(json, 'random_password');
    expect(password).toMatchObject({ length: 32, special: false });
    const [secretId, secret] = oneResource(json, 'kubernetes_secret_v1');
    expect(secret.data).toEqual({ USER: 'orders', PASSWORD: `\${random_password.${passwordId}.result}` });
    const spec = oneResource(json, 'kubernetes_stateful_set_v1')[1].spec as Spec;
    expect(spec.replicas).toBe('2');
    expect(spec.volume_claim_template[0].spec).toMatchObject({ storage_class_name: 'gp3', resources: { requests: { storage: '30Gi' } } });
    expect(spec.template.spec.container[0].env).toContainEqual({
      name: 'POSTGRES_PASSWORD',
      value_from: { secret_key_ref: { name: `\${kubernetes_secret_v1.${secretId}.metadata[0].name}`, key: 'PASSWORD' } },
    });
  });

  test('redis persists with the append-only file', () => {
    const { json } = synthDatabase({ name: 'checkout-redis', component: 'checkout', engine: DatabaseEngine.redis() });
    const [container] = (oneResource(json, 'kubernetes_stateful_set_v1')[1].spec as Spec).template.spec.container;
    expect(container.args).toEqual(['redis-server', '--appendonly', 'yes', '--dir', '/data']);
    expect(container.volume_mount).toEqual([{ name: 'data', mount_path: '/data' }]);
  });

  test.each<[string, DatabaseEngine, number]>([
    ['catalog-mysql', DatabaseEngine.mysql(), 30],
    ['orders-postgresql', DatabaseEngine.postgresql(), 18],
    ['checkout-redis', DatabaseEngine.redis(), 6],
  ])('%s: a startup probe gives the first start its time; liveness runs only after it passed', (name, engine, startupChecks) => {
    const { db, json } = synthDatabase({ name, engine });
    expect(db.startupFailureThreshold).toBe(startupChecks);
    const [container] = (oneResource(json, 'kubernetes_stateful_set_v1')[1].spec as Spec).template.spec.container;
    const probe = { exec: { command: [...engine.props.probeCommand] }, period_seconds: 10, timeout_seconds: 5 };
    expect(container.startup_probe).toEqual({ ...probe, failure_threshold: startupChecks });
    // No initial delay needed: the kubelet starts liveness and readiness checks once the startup probe succeeds.
    expect(container.liveness_probe).toEqual({ ...probe, failure_threshold: 3 });
    expect(container.readiness_probe).toEqual({ ...probe, failure_threshold: 3 });
  });

  test('the engines are supported releases the sample app works with', () => {
    expect([DatabaseEngine.mysql(), DatabaseEngine.redis(), DatabaseEngine.postgresql()].map((e) => e.props.image)).toEqual([
      'public.ecr.aws/docker/library/mysql:8.4.11',
      'public.ecr.aws/docker/library/redis:8.10.1-alpine',
      'public.ecr.aws/docker/library/postgres:16.15',
    ]);
  });

  const custom = (overrides: Record<string, unknown>) =>
    DatabaseEngine.custom({ ...DatabaseEngine.postgresql().props, ...overrides });

  test.each<[string, Partial<StatefulDatabaseProps>, RegExp]>([
    ['invalid name', { name: 'Orders_DB' }, /StatefulDatabase Orders_DB: name \("Orders_DB"\) must be an RFC 1123 label/],
    ['name too long for pod names', { name: 'a'.repeat(53) }, /name \("a{53}"\) must be 1 to 52 characters/],
    ['port name over 15 characters', { engine: custom({ portName: 'postgresql-primary' }) }, /engine.portName \("postgresql-primary"\) must be 1 to 15 characters/],
    ['port out of range', { engine: custom({ port: 70000 }) }, /engine.port \(70000\) must be a whole number from 1 to 65535/],
    ['unpinned image', { engine: custom({ image: 'postgres' }) }, /engine.image \("postgres"\) must be pinned to a tag or digest/],
    ['latest image', { engine: custom({ image: 'postgres:latest' }) }, /engine.image \("postgres:latest"\) must not use the floating tag latest/],
    ['size of 0', { storageGiB: 0 }, /storageGiB \(0\) must be a whole number of GiB >= 1/],
    ['no replicas', { replicas: 0 }, /replicas \(0\) must be a whole number >= 1/],
    ['a start-up time under one probe period', { engine: custom({ initializationSeconds: 5 }) }, /engine.initializationSeconds \(5\) must be a whole number of seconds >= 10 \(one probe period\)/],
    ['env from a missing secret key', { env: [{ name: 'X', secretName: 'orders-db', secretKey: 'NOPE' }] }, /env X \("orders-db\/NOPE"\) must name a key of a secret in secrets/],
  ])('rejects %s', (_rule, props, message) => {
    expect(() => synthDatabase(props)).toThrow(message);
  });

  test('podEndpoint names only replicas that exist', () => {
    const { db } = synthDatabase({ replicas: 2 });
    expect(db.podEndpoint(1)).toMatch(/^orders-postgresql-1\.\$\{TfToken\[TOKEN\.\d+\]\}\.orders\.svc:5432$/);
    expect(() => db.podEndpoint(2)).toThrow(/StatefulDatabase orders-postgresql: podEndpoint ordinal \(2\) must be a replica: a whole number from 0 to 1/);
  });
});
