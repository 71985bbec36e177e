import { TerraformStack, Testing } from 'cdktf';
import { LabCluster } from '../../lib/cluster/lab-cluster';
import { SecretsEncryption } from '../../lib/config/lab-config';
import { labResourceNames } from '../../lib/plan/lab-names';
import { classConfig, labConfig, oneResource, dependsOn, resourcesOf, StackJson, synthClusterStack, synthLab } from '../support/fixtures';

describe('LabCluster', () => {
  test('defaults: API auth, both endpoints, the api, audit and authenticator logs into our log group, STANDARD upgrades', () => {
    const stack = synthClusterStack();
    const [, cluster] = oneResource(stack, 'aws_eks_cluster');
    expect(cluster).toMatchObject({
      name: 'eks-workshop',
      version: '1.35',
      access_config: { authentication_mode: 'API', bootstrap_cluster_creator_admin_permissions: true },
      bootstrap_self_managed_addons: false,
      enabled_cluster_log_types: ['api', 'audit', 'authenticator'],
      upgrade_policy: { support_type: 'STANDARD' },
      vpc_config: { endpoint_private_access: true, endpoint_public_access: true, public_access_cidrs: ['0.0.0.0/0'] },
    });
    // Adding admins later flips the bootstrap flag; that must not replace the cluster.
    expect(cluster.lifecycle).toEqual({ ignore_changes: ['access_config[0].bootstrap_cluster_creator_admin_permissions'] });
    // EKS's default envelope encryption: no key of ours.
    expect(cluster.encryption_config).toBeUndefined();
    // EKS picks the service range (10.100.0.0/16 or 172.20.0.0/16): no attribute, so no forced replacement.
    expect(cluster.kubernetes_network_config).toBeUndefined();
    expect(resourcesOf(stack, 'aws_kms_key')).toEqual({});
    // Control-plane ENIs in the three private subnets.
    expect((cluster.vpc_config as { subnet_ids: string[] }).subnet_ids).toHaveLength(3);
    expect((cluster.vpc_config as { subnet_ids: string[] }).subnet_ids.every((id) => id.includes('PrivateSubnet'))).toBe(true);

    const [logGroupId, logGroup] = oneResource(stack, 'aws_cloudwatch_log_group');
    expect(logGroup).toMatchObject({ name: '/aws/eks/eks-workshop/cluster', retention_in_days: 7 });
    const [attachmentId] = oneResource(stack, 'aws_iam_role_policy_attachment', (r) =>
      String(r.policy_arn).endsWith('/AmazonEKSClusterPolicy'),
    );
    expect(dependsOn(cluster)).toEqual(
      expect.arrayContaining([`aws_cloudwatch_log_group.${logGroupId}`, `aws_iam_role_policy_attachment.${attachmentId}`]),
    );
    const [, role] = oneResource(stack, 'aws_iam_role', (r) => r.name === 'eks-workshop-cluster');
    expect(JSON.parse(String(role.assume_role_policy)).Statement[0].Principal).toEqual({ Service: 'eks.amazonaws.com' });
  });

  test('overrides: customer-managed secrets key, narrowed endpoint, no creator bootstrap, fewer logs', () => {
    const stack = synthClusterStack(
      labConfig({
        labName: 'lab2',
        kubernetesVersion: '1.36',
        secretsEncryption: 'customer-managed',
        publicAccessCidrs: ['203.0.113.0/24'],
        adminPrincipalArns: ['arn:aws:iam::123456789012:role/Instructor'],
        controlPlaneLogTypes: ['api', 'audit'],
        logRetentionDays: 1,
        serviceCidr: '172.20.0.0/16',
      }),
    );
    const [, cluster] = oneResource(stack, 'aws_eks_cluster');
    const [keyId, key] = oneResource(stack, 'aws_kms_key');
    expect(key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 7 });
    expect(oneResource(stack, 'aws_kms_alias')[1]).toMatchObject({
      name: 'alias/lab2-eks-secrets',
      target_key_id: `\${aws_kms_key.${keyId}.key_id}`,
    });
    expect(cluster).toMatchObject({
      version: '1.36',
      encryption_config: { resources: ['secrets'], provider: { key_arn: `\${aws_kms_key.${keyId}.arn}` } },
      access_config: { bootstrap_cluster_creator_admin_permissions: false },
      enabled_cluster_log_types: ['api', 'audit'],
      vpc_config: { public_access_cidrs: ['203.0.113.0/24'] },
      kubernetes_network_config: { service_ipv4_cidr: '172.20.0.0/16' },
    });
    expect(oneResource(stack, 'aws_cloudwatch_log_group')[1]).toMatchObject({ name: '/aws/eks/lab2/cluster', retention_in_days: 1 });
  });

  test('a class: the cluster of every participant gets the configured service range', () => {
    const stacks = synthLab(classConfig(2, { serviceCidr: '192.168.0.0/20' }));
    const clusters = ['eks-workshop-p01-cluster', 'eks-workshop-p02-cluster'].map((name) => oneResource(stacks[name], 'aws_eks_cluster')[1]);
    expect(clusters.map((c) => c.kubernetes_network_config)).toEqual([
      { service_ipv4_cidr: '192.168.0.0/20' },
      { service_ipv4_cidr: '192.168.0.0/20' },
    ]);
  });

  test('renders the names and settings it is given, nothing of its own (the plan resolved them)', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    new LabCluster(stack, 'Cluster', {
      names: labResourceNames('other-name'),
      kubernetesVersion: '1.34',
      region: 'eu-west-1',
      subnetIds: ['subnet-a', 'subnet-b'],
      publicAccessCidrs: ['198.51.100.0/24'],
      controlPlaneLogTypes: ['audit'],
      logRetentionDays: 3,
      secretsEncryption: SecretsEncryption.AWS_MANAGED,
      bootstrapCreatorAdmin: false,
    });
    const json = JSON.parse(Testing.synth(stack)) as StackJson;
    expect(oneResource(json, 'aws_eks_cluster')[1]).toMatchObject({
      name: 'other-name',
      version: '1.34',
      enabled_cluster_log_types: ['audit'],
      access_config: { bootstrap_cluster_creator_admin_permissions: false },
      vpc_config: { public_access_cidrs: ['198.51.100.0/24'], subnet_ids: ['subnet-a', 'subnet-b'] },
    });
    expect(oneResource(json, 'aws_iam_role')[1]).toMatchObject({ name: 'other-name-cluster' });
    expect(oneResource(json, 'aws_cloudwatch_log_group')[1]).toMatchObject({ name: '/aws/eks/other-name/cluster', retention_in_days: 3 });
    expect(JSON.stringify(json)).toContain('arn:aws:iam::aws:policy/AmazonEKSClusterPolicy');
  });
});
