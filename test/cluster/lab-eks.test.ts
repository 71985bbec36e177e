import { ebsCsiDriverPolicy } from '../../lib/plan/add-ons/ebs-csi-driver-policy';
import { addonAddress, dependsOn, labConfig, oneResource, resourcesOf, synthClusterStack } from '../support/fixtures';

const BEFORE_NODES = ['vpc-cni', 'eks-pod-identity-agent', 'kube-proxy'];
const AFTER_NODES = ['coredns', 'metrics-server', 'aws-ebs-csi-driver'];

describe('LabEks', () => {
  test('installs exactly the six add-ons, at EKS default versions, owning their fields', () => {
    const stack = synthClusterStack();
    const addons = Object.values(resourcesOf(stack, 'aws_eks_addon'));
    expect(addons.map((a) => a.addon_name).sort()).toEqual([...BEFORE_NODES, ...AFTER_NODES].sort());
    for (const addon of addons) {
      expect(addon).toMatchObject({ resolve_conflicts_on_create: 'OVERWRITE', resolve_conflicts_on_update: 'OVERWRITE' });
      expect(addon.addon_version).toBeUndefined();
    }
  });

  test('orders add-ons around the node group: CNI, Pod Identity and kube-proxy before, the rest after', () => {
    const stack = synthClusterStack();
    const [groupId] = oneResource(stack, 'aws_eks_node_group');
    const nodeGroup = `aws_eks_node_group.${groupId}`;
    for (const name of BEFORE_NODES) {
      const [, addon] = oneResource(stack, 'aws_eks_addon', (a) => a.addon_name === name);
      expect(dependsOn(addon)).not.toContain(nodeGroup);
    }
    for (const name of AFTER_NODES) {
      const [, addon] = oneResource(stack, 'aws_eks_addon', (a) => a.addon_name === name);
      expect(dependsOn(addon)).toContain(nodeGroup);
    }
    const [, group] = oneResource(stack, 'aws_eks_node_group');
    expect(dependsOn(group)).toEqual(expect.arrayContaining(BEFORE_NODES.map((n) => addonAddress(stack, n))));
  });

  test('vpc-cni enables prefix delegation and network policy', () => {
    const stack = synthClusterStack();
    const [, cni] = oneResource(stack, 'aws_eks_addon', (a) => a.addon_name === 'vpc-cni');
    expect(JSON.parse(String(cni.configuration_values))).toEqual({
      enableNetworkPolicy: 'true',
      env: { ENABLE_PREFIX_DELEGATION: 'true', WARM_PREFIX_TARGET: '1' },
    });
  });

  test('EBS CSI driver: Pod Identity role, no second default StorageClass, lab tags on volumes', () => {
    const stack = synthClusterStack(labConfig({ tags: { course: 'k8s-101' } }));
    const [, driver] = oneResource(stack, 'aws_eks_addon', (a) => a.addon_name === 'aws-ebs-csi-driver');
    const [roleId, role] = oneResource(stack, 'aws_iam_role', (r) => r.name === 'eks-workshop-ebs-csi-driver');
    expect(driver.pod_identity_association).toEqual([
      { role_arn: `\${aws_iam_role.${roleId}.arn}`, service_account: 'ebs-csi-controller-sa' },
    ]);
    expect(driver.service_account_role_arn).toBeUndefined();
    expect(JSON.parse(String(role.assume_role_policy)).Statement).toEqual([
      { Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] },
    ]);
    // The driver's own cluster-scoped policy instead of AmazonEBSCSIDriverPolicy (test/plan/ebs-csi-driver-policy.test.ts).
    expect(Object.values(resourcesOf(stack, 'aws_iam_role_policy_attachment')).filter((a) => String(a.role).includes(roleId))).toEqual([]);
    const [policyId, policy] = oneResource(stack, 'aws_iam_role_policy', (r) => String(r.role).includes(roleId));
    expect(policy).toMatchObject({ name: 'ebs-csi-controller-sa', role: `\${aws_iam_role.${roleId}.name}` });
    expect(dependsOn(driver)).toContain(`aws_iam_role_policy.${policyId}`);
    expect(JSON.parse(String(driver.configuration_values))).toEqual({
      controller: { extraVolumeTags: { course: 'k8s-101', 'created-by': 'eks-workshop-lab', env: 'eks-workshop', lab: 'eks-workshop' } },
      defaultStorageClass: { enabled: false },
    });
    // No OIDC provider (and no TLS thumbprint lookup) anywhere.
    expect(resourcesOf(stack, 'aws_iam_openid_connect_provider')).toEqual({});
  });

  test("the driver's policy reaches AWS with its policy variables as written: Terraform's template escape, not an interpolation", () => {
    const stack = synthClusterStack();
    const [, policy] = oneResource(stack, 'aws_iam_role_policy', (r) => r.name === 'ebs-csi-controller-sa');
    const text = String(policy.policy);
    // Terraform turns $${ into ${ (and %%{ into %{); a bare ${aws:...} would be read as a reference and fail.
    expect(text).toContain('"$${aws:PrincipalTag/eks-cluster-name}"');
    expect(text.replace(/\$\$\{/g, '')).not.toContain('${');
    expect(JSON.parse(text.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{'))).toEqual(ebsCsiDriverPolicy('aws'));
    // The volume wait keeps it until the driver has deleted the volumes.
    const [, wait] = oneResource(stack, 'terraform_data', (r) => JSON.stringify(r.provisioner ?? '').includes('describe-volumes'));
    const [policyId] = oneResource(stack, 'aws_iam_role_policy', (r) => r.name === 'ebs-csi-controller-sa');
    expect(dependsOn(wait)).toContain(`aws_iam_role_policy.${policyId}`);
  });

  test("vpc-cni: aws-node gets AmazonEKS_CNI_Policy through its own Pod Identity role, not through the node role", () => {
    const stack = synthClusterStack();
    const [, cni] = oneResource(stack, 'aws_eks_addon', (a) => a.addon_name === 'vpc-cni');
    const [roleId, role] = oneResource(stack, 'aws_iam_role', (r) => r.name === 'eks-workshop-vpc-cni');
    expect(cni.pod_identity_association).toEqual([{ role_arn: `\${aws_iam_role.${roleId}.arn}`, service_account: 'aws-node' }]);
    expect(JSON.parse(String(role.assume_role_policy)).Statement).toEqual([
      { Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] },
    ]);
    const policies = Object.entries(resourcesOf(stack, 'aws_iam_role_policy_attachment')).filter(([, a]) => String(a.policy_arn).endsWith('/AmazonEKS_CNI_Policy'));
    expect(policies.map(([, a]) => [a.role, a.policy_arn])).toEqual([[`\${aws_iam_role.${roleId}.name}`, 'arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy']]);
    // Created after its policy and after the agent that hands the role out; the nodes join only after it.
    expect(dependsOn(cni)).toEqual(expect.arrayContaining([`aws_iam_role_policy_attachment.${policies[0][0]}`, addonAddress(stack, 'eks-pod-identity-agent')]));
    const [, group] = oneResource(stack, 'aws_eks_node_group');
    expect(dependsOn(group)).toContain(addonAddress(stack, 'vpc-cni'));
  });

  test('every add-on with a Pod Identity role comes after the agent; the agent itself and the others do not wait for it', () => {
    const stack = synthClusterStack();
    const agent = addonAddress(stack, 'eks-pod-identity-agent');
    for (const name of [...BEFORE_NODES, ...AFTER_NODES]) {
      const [, addon] = oneResource(stack, 'aws_eks_addon', (a) => a.addon_name === name);
      const hasRole = addon.pod_identity_association !== undefined;
      expect([name, dependsOn(addon).includes(agent)]).toEqual([name, hasRole]);
    }
  });

  test('no access entries by default: the creator is bootstrapped as admin', () => {
    const stack = synthClusterStack();
    expect(resourcesOf(stack, 'aws_eks_access_entry')).toEqual({});
    expect(oneResource(stack, 'aws_eks_cluster')[1]).toMatchObject({
      access_config: { bootstrap_cluster_creator_admin_permissions: true },
    });
  });

  test('one cluster-admin access entry per admin principal, and no creator bootstrap', () => {
    const arns = ['arn:aws:iam::123456789012:role/Instructor', 'arn:aws:iam::123456789012:user/assistant'];
    const stack = synthClusterStack(labConfig({ adminPrincipalArns: arns }));
    const entries = Object.entries(resourcesOf(stack, 'aws_eks_access_entry'));
    expect(entries.map(([, e]) => e.principal_arn).sort()).toEqual(arns);
    const associations = Object.values(resourcesOf(stack, 'aws_eks_access_policy_association'));
    expect(associations).toHaveLength(2);
    for (const [id] of entries) {
      expect(associations).toContainEqual(
        expect.objectContaining({
          principal_arn: `\${aws_eks_access_entry.${id}.principal_arn}`,
          policy_arn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
          access_scope: { type: 'cluster' },
        }),
      );
    }
    expect(oneResource(stack, 'aws_eks_cluster')[1]).toMatchObject({
      access_config: { bootstrap_cluster_creator_admin_permissions: false },
    });
  });
});

describe('LabEks admin access', () => {
  test('principals that differ only in punctuation get separate access entries', () => {
    const stack = synthClusterStack(
      labConfig({ adminPrincipalArns: ['arn:aws:iam::123456789012:role/a.b', 'arn:aws:iam::123456789012:role/a-b'] }),
    );
    const entries = Object.values(resourcesOf(stack, 'aws_eks_access_entry')).map((e) => e.principal_arn);
    expect(entries.sort()).toEqual(['arn:aws:iam::123456789012:role/a-b', 'arn:aws:iam::123456789012:role/a.b']);
  });
});
