import { classConfig, INSTRUCTOR_ARN, participantId, resourcesOf, stackDependencies, synthLab, uniqueNames } from '../support/fixtures';

describe.each([1, 10, 30])('a class of %i participant(s)', (size) => {
  const config = classConfig(size);
  const stacks = synthLab(config);
  const ids = Array.from({ length: size }, (_, i) => participantId(i));

  test('one shared network stack and a cluster and a workloads stack per participant', () => {
    expect(Object.keys(stacks)).toEqual([
      'eks-workshop-network',
      ...ids.flatMap((id) => [`eks-workshop-${id}-cluster`, `eks-workshop-${id}-workloads`]),
    ]);
    // One VPC and one NAT gateway for the whole class; none in the participants' stacks.
    expect(Object.keys(resourcesOf(stacks['eks-workshop-network'], 'aws_vpc'))).toHaveLength(1);
    expect(Object.keys(resourcesOf(stacks['eks-workshop-network'], 'aws_nat_gateway'))).toHaveLength(1);
    for (const id of ids) {
      expect(resourcesOf(stacks[`eks-workshop-${id}-cluster`], 'aws_vpc')).toEqual({});
      expect(resourcesOf(stacks[`eks-workshop-${id}-cluster`], 'aws_eip')).toEqual({});
    }
  });

  test('dependencies: network <- each cluster <- its own workloads, nothing across participants', () => {
    const dependencies = stackDependencies(config);
    expect(Object.keys(dependencies)).toHaveLength(1 + 2 * size);
    expect(dependencies['eks-workshop-network']).toEqual([]);
    for (const id of ids) {
      expect(dependencies[`eks-workshop-${id}-cluster`]).toEqual(['eks-workshop-network']);
      expect(dependencies[`eks-workshop-${id}-workloads`]).toEqual([`eks-workshop-${id}-cluster`]);
    }
    // The state each stack reads: the cluster reads the network's, the workloads their own cluster's.
    for (const id of ids) {
      expect(Object.keys(stacks[`eks-workshop-${id}-cluster`].data?.terraform_remote_state ?? {})).toEqual([
        'cross-stack-reference-input-eks-workshop-network',
      ]);
      expect(Object.keys(stacks[`eks-workshop-${id}-workloads`].data?.terraform_remote_state ?? {})).toEqual([
        `cross-stack-reference-input-eks-workshop-${id}-cluster`,
      ]);
    }
  });

  test('no account- or region-unique name collides across participants, and each carries its participant', () => {
    const all: string[] = [];
    for (const id of ids) {
      const names = uniqueNames(stacks[`eks-workshop-${id}-cluster`]).map((n) => `${n.type}=${n.name}`);
      expect(names.length).toBeGreaterThanOrEqual(5);
      for (const name of names) expect(name).toContain(`eks-workshop-${id}`);
      all.push(...names);
    }
    expect(new Set(all).size).toBe(all.length);
  });

  test('access: the participant and the instructor are cluster admins of the participant cluster, nobody else', () => {
    for (const id of ids) {
      const stack = stacks[`eks-workshop-${id}-cluster`];
      const [clusterId] = Object.keys(resourcesOf(stack, 'aws_eks_cluster'));
      const entryIds = Object.keys(resourcesOf(stack, 'aws_eks_access_entry'));
      const entries = Object.values(resourcesOf(stack, 'aws_eks_access_entry'));
      expect(entries.map((e) => e.principal_arn).sort()).toEqual(
        [INSTRUCTOR_ARN, `arn:aws:iam::123456789012:role/participant-${id}`].sort(),
      );
      for (const entry of entries) expect(entry.cluster_name).toBe(`\${aws_eks_cluster.${clusterId}.name}`);
      const policies = Object.values(resourcesOf(stack, 'aws_eks_access_policy_association'));
      expect(policies.map((p) => p.principal_arn).sort()).toEqual(
        entryIds.map((entryId) => `\${aws_eks_access_entry.${entryId}.principal_arn}`).sort(),
      );
      for (const policy of policies) {
        expect(policy.policy_arn).toBe('arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy');
        expect(policy.access_scope).toEqual({ type: 'cluster' });
      }
      // No other participant's principal appears anywhere in this participant's stacks.
      const text = JSON.stringify(stack) + JSON.stringify(stacks[`eks-workshop-${id}-workloads`]);
      const others = ids.filter((other) => other !== id).map((other) => `role/participant-${other}"`);
      for (const other of others) expect(text).not.toContain(other);
    }
  });

  test('tags: lab, participant, created-by and the configured expiry on every participant resource', () => {
    for (const id of ids) {
      const [provider] = stacks[`eks-workshop-${id}-cluster`].provider?.aws ?? [];
      expect(provider.default_tags).toEqual([
        {
          tags: {
            lab: 'eks-workshop',
            participant: id,
            env: `eks-workshop-${id}`,
            'created-by': 'eks-workshop-lab',
            'expires-on': '2026-12-31',
          },
        },
      ]);
    }
    const [networkProvider] = stacks['eks-workshop-network'].provider?.aws ?? [];
    expect(networkProvider.default_tags).toEqual([
      { tags: { lab: 'eks-workshop', env: 'eks-workshop', 'created-by': 'eks-workshop-lab', 'expires-on': '2026-12-31' } },
    ]);
  });
});

describe('the shared network', () => {
  test('private subnets are the /18s sized for the class, public subnets small /22s for the NAT gateway', () => {
    const network = synthLab(classConfig(2))['eks-workshop-network'];
    const cidrs = (tag: string) =>
      Object.values(resourcesOf(network, 'aws_subnet'))
        .filter((s) => (s.tags as Record<string, string>).Name.includes(tag))
        .map((s) => s.cidr_block);
    expect(cidrs('Private')).toEqual(['10.42.0.0/18', '10.42.64.0/18', '10.42.128.0/18']);
    expect(cidrs('Public')).toEqual(['10.42.192.0/22', '10.42.196.0/22', '10.42.200.0/22']);
  });

  test('participant clusters run in the shared private subnets (by cross-stack reference)', () => {
    const stacks = synthLab(classConfig(2));
    const [cluster] = Object.values(resourcesOf(stacks['eks-workshop-p01-cluster'], 'aws_eks_cluster'));
    const subnetIds = (cluster.vpc_config as { subnet_ids: string[] }).subnet_ids;
    expect(subnetIds).toHaveLength(3);
    for (const id of subnetIds) {
      expect(id).toMatch(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-eks-workshop-network\.outputs\.cross-stack-output-aws_subnetNetwork_PrivateSubnet\d_\w+id\}$/);
    }
  });

  test('per-AZ NAT: three gateways for the class, not three per participant', () => {
    const stacks = synthLab(classConfig(3, { natGateways: 'per-az' }));
    expect(Object.keys(resourcesOf(stacks['eks-workshop-network'], 'aws_nat_gateway'))).toHaveLength(3);
    expect(Object.keys(resourcesOf(stacks['eks-workshop-network'], 'aws_eip'))).toHaveLength(3);
  });
});
