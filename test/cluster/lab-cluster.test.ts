import { labConfig, oneResource, dependsOn, resourcesOf, synthClusterStack } from '../support/fixtures';

describe('LabCluster', () => {
  test('defaults: API auth, both endpoints, all logs into our log group, STANDARD upgrades', () => {
    const stack = synthClusterStack();
    const [, cluster] = oneResource(stack, 'aws_eks_cluster');
    expect(cluster).toMatchObject({
      name: 'eks-workshop',
      version: '1.35',
      access_config: { authentication_mode: 'API', bootstrap_cluster_creator_admin_permissions: true },
      bootstrap_self_managed_addons: false,
      enabled_cluster_log_types: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'],
      upgrade_policy: { support_type: 'STANDARD' },
      vpc_config: { endpoint_private_access: true, endpoint_public_access: true, public_access_cidrs: ['0.0.0.0/0'] },
    });
    // Adding admins later flips the bootstrap flag; that must not replace the cluster.
    expect(cluster.lifecycle).toEqual({ ignore_changes: ['access_config[0].bootstrap_cluster_creator_admin_permissions'] });
    // EKS's default envelope encryption: no key of ours.
    expect(cluster.encryption_config).toBeUndefined();
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
    });
    expect(oneResource(stack, 'aws_cloudwatch_log_group')[1]).toMatchObject({ name: '/aws/eks/lab2/cluster', retention_in_days: 1 });
  });
});
