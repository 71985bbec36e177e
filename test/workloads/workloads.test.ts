import { Testing } from 'cdktf';
import { CatalogCleanupCronJob } from '../../lib/workloads/catalog-cleanup-cron-job';
import { StackJson, TfBlock, oneResource, resourcesOf, synthLab } from '../support/fixtures';

type Spec = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const stack: StackJson = synthLab()['eks-workshop-workloads'];
const named = (name: string) => (block: TfBlock) => (block.metadata as { name?: string } | undefined)?.name === name;

describe('workloads', () => {
  test('namespaces of the data stores and of the store carry the workshop label', () => {
    const namespaces = Object.values(stack.resource.kubernetes_namespace_v1)
      .map((n) => n.metadata as { name: string })
      .sort((a, b) => a.name.localeCompare(b.name));
    expect(namespaces).toEqual(
      ['carts', 'catalog', 'checkout', 'orders', 'ui'].map((name) => ({ name, labels: { 'app.kubernetes.io/created-by': 'eks-workshop' } })),
    );
  });

  test('exactly one default StorageClass: encrypted gp3 from the EBS CSI driver, WaitForFirstConsumer, expandable, Delete', () => {
    const [, storageClass] = oneResource(stack, 'kubernetes_storage_class_v1');
    expect(storageClass).toEqual(
      expect.objectContaining({
        metadata: { name: 'gp3', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
        storage_provisioner: 'ebs.csi.aws.com',
        parameters: { type: 'gp3', encrypted: 'true', 'csi.storage.k8s.io/fstype': 'ext4' },
        reclaim_policy: 'Delete',
        volume_binding_mode: 'WaitForFirstConsumer',
        allow_volume_expansion: true,
      }),
    );
  });

  test('the three data stores with the workshop names, images, ports and secrets', () => {
    const sets = Object.values(stack.resource.kubernetes_stateful_set_v1).map((s) => {
      const spec = s.spec as Spec;
      const container = spec.template.spec.container[0];
      return [(s.metadata as Spec).name, container.image, container.port[0].name, container.port[0].container_port, spec.volume_claim_template[0].spec.storage_class_name];
    });
    expect(sets).toEqual([
      ['catalog-mysql', 'public.ecr.aws/docker/library/mysql:8.4.11', 'mysql', 3306, 'gp3'],
      ['checkout-redis', 'public.ecr.aws/docker/library/redis:8.10.1-alpine', 'redis', 6379, 'gp3'],
      ['orders-postgresql', 'public.ecr.aws/docker/library/postgres:16.15', 'postgresql', 5432, 'gp3'],
    ]);
    const secrets = Object.values(stack.resource.kubernetes_secret_v1).map((s) => [(s.metadata as Spec).name, Object.keys(s.data as object).sort()]);
    expect(secrets).toEqual([
      ['catalog-db', ['RETAIL_CATALOG_PERSISTENCE_PASSWORD', 'RETAIL_CATALOG_PERSISTENCE_USER']],
      ['catalog-mysql-root', ['password']],
      ['orders-db', ['RETAIL_ORDERS_PERSISTENCE_PASSWORD', 'RETAIL_ORDERS_PERSISTENCE_USERNAME']],
      ['carts-db', ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']],
    ]);
  });

  test('DaemonSet log-collector: labels on the controller, app label on pods, /var/log read-only, pinned image', () => {
    const [, daemonSet] = oneResource(stack, 'kubernetes_daemon_set_v1');
    const spec = daemonSet.spec as Spec;
    expect(daemonSet.metadata).toEqual({
      name: 'log-collector',
      namespace: 'kube-system',
      labels: { 'app.kubernetes.io/name': 'log-collector', 'app.kubernetes.io/created-by': 'eks-workshop' },
    });
    expect(spec.selector.match_labels).toEqual({ app: 'log-collector' });
    expect(spec.template.metadata.labels).toEqual({ app: 'log-collector' });
    const [container] = spec.template.spec.container;
    expect(container.image).toBe('public.ecr.aws/aws-observability/aws-for-fluent-bit:3.5.10');
    expect(container.resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '200m', memory: '256Mi' } });
    expect(container.volume_mount).toContainEqual({ name: 'varlog', mount_path: '/var/log', read_only: true });
    expect(spec.template.spec.volume).toContainEqual({ name: 'varlog', host_path: { path: '/var/log', type: 'Directory' } });
    // Docker's log folder does not exist on AL2023/containerd nodes.
    expect(JSON.stringify(spec)).not.toContain('/var/lib/docker');
    expect(spec.template.spec.host_network).toBeUndefined();
  });

  test('Job data-processor: 1 completion, backoff 3, restart Never, waits for completion', () => {
    const [, job] = oneResource(stack, 'kubernetes_job_v1', named('data-processor'));
    const spec = job.spec as Spec;
    expect(job.metadata).toMatchObject({ name: 'data-processor', labels: { 'app.kubernetes.io/name': 'data-processor', 'app.kubernetes.io/created-by': 'eks-workshop' } });
    expect(job.wait_for_completion).toBe(true);
    expect(spec).toMatchObject({ completions: 1, parallelism: 1, backoff_limit: 3 });
    expect(spec.template.metadata.labels).toEqual({ app: 'data-processor' });
    expect(spec.template.spec.restart_policy).toBe('Never');
    const [container] = spec.template.spec.container;
    expect(container.image).toBe('public.ecr.aws/docker/library/busybox:1.37.0');
    expect(container.command[2]).toMatch(/^echo "Starting data processing job\.\.\."[\s\S]*echo "Data processing job completed successfully!"$/);
    expect(container.resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '200m', memory: '256Mi' } });
  });

  test('CronJob catalog-cleanup: every minute in UTC, history 3/1, restart OnFailure', () => {
    const [, cronJob] = oneResource(stack, 'kubernetes_cron_job_v1');
    const spec = cronJob.spec as Spec;
    expect(cronJob.metadata).toMatchObject({ name: 'catalog-cleanup', labels: { 'app.kubernetes.io/name': 'catalog-cleanup', 'app.kubernetes.io/created-by': 'eks-workshop' } });
    expect(spec).toMatchObject({ schedule: '*/1 * * * *', timezone: 'UTC', successful_jobs_history_limit: 3, failed_jobs_history_limit: 1 });
    const pod = spec.job_template.spec.template;
    expect(pod.metadata.labels).toEqual({ app: 'catalog-cleanup' });
    expect(pod.spec.restart_policy).toBe('OnFailure');
    expect(pod.spec.container[0].resources).toEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '100m', memory: '128Mi' } });
  });

  test('no pod template of the DaemonSet, Job or CronJob carries the created-by label', () => {
    for (const type of ['kubernetes_daemon_set_v1', 'kubernetes_job_v1', 'kubernetes_cron_job_v1']) {
      for (const block of Object.values(resourcesOf(stack, type))) expect(JSON.stringify(block.spec)).not.toContain('app.kubernetes.io/created-by');
    }
    expect(Object.keys(resourcesOf(stack, 'kubernetes_job_v1'))).toHaveLength(2);
  });
});

describe('CatalogCleanupCronJob', () => {
  test('rejects a schedule without five fields', () => {
    expect(() =>
      Testing.synthScope((scope) => {
        new CatalogCleanupCronJob(scope, 'Cron', { namespace: 'catalog', schedule: '* * * * * *' });
      }),
    ).toThrow(/schedule \("\* \* \* \* \* \*"\) must have five fields/);
  });
});
