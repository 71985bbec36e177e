import { Testing } from 'cdktf';
import { defineLab } from '../../lib/lab-app';
import { labConfig, synthLab } from '../support/fixtures';

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
    const [lab] = defineLab(app, labConfig()).labs;
    expect(lab.workloads.dependencies).toContain(lab.cluster);
  });

  test('no literal password anywhere: every secret value is a username or a generated password', () => {
    const json = JSON.stringify(workloads);
    expect(json).not.toMatch(/password"\s*:\s*"(?!\$\{random_password)/i);
    for (const secret of Object.values(workloads.resource.kubernetes_secret_v1)) {
      for (const [key, value] of Object.entries(secret.data as Record<string, string>)) {
        if (/PASSWORD/i.test(key)) expect(value).toMatch(/^\$\{random_password\.\S+\.result\}$/);
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
      catalog_db_endpoint: 'catalog-mysql:3306',
      catalog_db_name: 'catalog',
      checkout_redis_url: 'redis://checkout-redis:6379',
      orders_db_endpoint: 'orders-postgresql:5432',
      orders_db_name: 'orders',
      credentials_secrets: 'catalog/catalog-db, orders/orders-db',
    });
  });
});
