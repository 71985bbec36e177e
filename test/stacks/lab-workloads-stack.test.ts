import { Testing } from 'cdktf';
import { RetailApplication } from '../../lib/config/lab-config';
import { defineLab } from '../../lib/lab-app';
import { labConfig, synthLab, planOf } from '../support/fixtures';

const stacks = synthLab(labConfig({ databaseVolumeGiB: 20 }));
const workloads = stacks['eks-workshop-workloads'];
const cluster = stacks['eks-workshop-cluster'];

describe('LabWorkloadsStack', () => {
  test('kubernetes provider: exec auth with aws eks get-token, endpoint and CA from the cluster stack, no token', () => {
    const [provider] = workloads.provider?.kubernetes ?? [];
    expect(provider.exec).toEqual([
      {
        api_version: 'client.authentication.k8s.io/v1beta1',
        command: 'aws',
        args: ['eks', 'get-token', '--cluster-name', 'eks-workshop', '--region', 'us-west-2', '--output', 'json'],
      },
    ]);
    expect(provider.token).toBeUndefined();
    expect(provider.host).toMatch(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-eks-workshop-cluster\.outputs\.\S+endpoint\}$/);
    expect(provider.cluster_ca_certificate).toMatch(/^\$\{base64decode\(data\.terraform_remote_state\.cross-stack-reference-input-eks-workshop-cluster\.outputs\.\S+\)\}$/);
    // No aws_eks_cluster_auth (a 15-minute token stored in state) and no other AWS data source.
    expect(Object.keys(workloads.data ?? {})).toEqual(['terraform_remote_state']);
    // The cluster stack exports what the workloads stack reads.
    expect(Object.keys(cluster.output).filter((o) => o.startsWith('cross-stack-output-'))).toHaveLength(2);
  });

  test('is deployed after, and destroyed before, the cluster stack', () => {
    const app = Testing.app();
    const [lab] = defineLab(app, planOf(labConfig())).labs;
    expect(lab.workloads.dependencies).toContain(lab.cluster);
  });

  test('no literal password anywhere: every secret value is a username or a generated password', () => {
    const json = JSON.stringify(workloads);
    expect(json).not.toMatch(/password"\s*:\s*"(?!\$\{random_password)/i);
    for (const secret of Object.values(workloads.resource.kubernetes_secret_v1)) {
      for (const [key, value] of Object.entries(secret.data as Record<string, string>)) {
        // DynamoDB Local accepts any key, so the carts credentials are generated too.
        if (/PASSWORD|AWS_/i.test(key)) expect(value).toMatch(/^\$\{random_password\.\S+\.result\}$/);
        else expect(['catalog', 'orders']).toContain(value);
      }
    }
    expect(Object.values(workloads.resource.random_password).every((p) => p.special === false && Number(p.length) >= 24)).toBe(true);
  });

  test('database volume size comes from the configuration', () => {
    const sizes = Object.values(workloads.resource.kubernetes_stateful_set_v1).map(
      (s) => (s.spec as { volume_claim_template: Array<{ spec: { resources: { requests: { storage: string } } } }> }).volume_claim_template[0].spec.resources.requests.storage,
    );
    expect(sizes).toEqual(['20Gi', '20Gi', '20Gi']);
  });

  test('outputs the settings the retail app and the learner need', () => {
    const values = Object.fromEntries(Object.entries(workloads.output).map(([k, v]) => [k, v.value]));
    expect(values).toEqual({
      // Replica 0 by its stable name, under the headless Service, in namespace catalog.
      catalog_db_endpoint: expect.stringMatching(/^catalog-mysql-0\.\$\{kubernetes_service_v1\.\S+\.metadata\[0\]\.name\}\.\$\{kubernetes_namespace_v1\.\S+\.metadata\[0\]\.name\}\.svc:3306$/),
      catalog_db_name: 'catalog',
      checkout_redis_url: 'redis://checkout-redis:6379',
      orders_db_endpoint: 'orders-postgresql:5432',
      orders_db_name: 'orders',
      credentials_secrets: 'catalog/catalog-db, orders/orders-db',
      store_port_forward_command: 'kubectl port-forward -n ui svc/ui 8080:80',
    });
  });

  test('application data-stores-only: the data stores and the module workloads, nothing of the store', () => {
    const small = synthLab(labConfig({ application: RetailApplication.DATA_STORES }))['eks-workshop-workloads'];
    expect(small.resource.kubernetes_deployment_v1).toBeUndefined();
    expect(small.resource.kubernetes_config_map_v1 && Object.values(small.resource.kubernetes_config_map_v1).map((c) => (c.metadata as { name: string }).name)).toEqual(['log-collector-config']);
    expect(Object.values(small.resource.kubernetes_namespace_v1).map((n) => (n.metadata as { name: string }).name)).toEqual(['catalog', 'checkout', 'orders']);
    expect(Object.keys(small.resource.kubernetes_stateful_set_v1)).toHaveLength(3);
    expect(small.output.store_port_forward_command).toBeUndefined();
    // The store is the default.
    expect(labConfig().application).toBe(RetailApplication.STORE);
    expect(Object.keys(workloads.resource.kubernetes_deployment_v1)).toHaveLength(6);
  });
});
