import { ebsCsiDriverPolicy } from '../../lib/plan/add-ons/ebs-csi-driver-policy';
import { discoverOfflineTerraform, PlanJson, planOffline } from '../support/offline-terraform';
import { classConfig, labConfig, StackJson, synthLab } from '../support/fixtures';
import { knownGap, requireTool } from '../support/required-tool';

// terraform and the AWS provider mirror: under CI their absence fails this file; elsewhere it is skipped, loudly.
const tools = requireTool('offline terraform validate/plan checks', discoverOfflineTerraform());
const describeOffline = tools ? describe : describe.skip;

/**
 * Synthesizes the stacks of a lab that use only the AWS provider, as Terraform JSON text; says
 * loudly which stacks it leaves out (no other provider is in the mirror).
 */
function awsOnlyStacks(config = labConfig()): Record<string, string> {
  const stacks = Object.entries(synthLab(config)).map(([id, json]) => [id, JSON.stringify(json)] as const);
  const awsOnly = stacks.filter(([, json]) => Object.keys((JSON.parse(json) as { provider?: object }).provider ?? {}).every((p) => p === 'aws'));
  // One line per set of providers, not per stack: a class of 200 leaves out 200 workloads stacks.
  const leftOut = new Map<string, string[]>();
  for (const [id, json] of stacks) {
    if (awsOnly.some(([kept]) => kept === id)) continue;
    const providers = Object.keys((JSON.parse(json) as { provider?: object }).provider ?? {}).join(', ');
    leftOut.set(providers, [...(leftOut.get(providers) ?? []), id]);
  }
  for (const [providers, ids] of leftOut) {
    const which = ids.length === 1 ? `stack ${ids[0]}` : `${ids.length} stacks (${ids.length > 2 ? `${ids[0]} ... ${ids[ids.length - 1]}` : ids.join(', ')})`;
    // No kubernetes or random provider binary exists on this machine kind: no setup makes this plan possible.
    knownGap(`offline terraform plan of ${which}`, `${ids.length === 1 ? 'it uses' : 'they use'} providers (${providers}) the mirror does not hold`);
  }
  return Object.fromEntries(awsOnly);
}

function countByType(plan: PlanJson): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const change of plan.resource_changes) counts[change.type] = (counts[change.type] ?? 0) + 1;
  return counts;
}

function afterOf(plan: PlanJson, type: string): Array<Record<string, unknown>> {
  return plan.resource_changes.filter((c) => c.type === type).map((c) => c.change.after);
}

/**
 * A stand-in state file of `producer` holding the cross-stack outputs a consumer reads, with made-up
 * IDs (`${aws_subnet.X.id}` becomes `subnet-...`): lets a stack that reads another stack's state
 * plan offline.
 */
function standInState(producer: StackJson): string {
  const outputs = Object.fromEntries(
    Object.entries(producer.output)
      .filter(([name]) => name.startsWith('cross-stack-output-'))
      .map(([name, { value }], i) => {
        const type = /^\$\{aws_([a-z]+)/.exec(String(value))?.[1] ?? 'res';
        return [name, { value: `${type}-0offline${String(i).padStart(8, '0')}`, type: 'string', sensitive: true }];
      }),
  );
  return JSON.stringify({ version: 4, terraform_version: '1.11.4', serial: 1, lineage: 'offline-stand-in', outputs, resources: [] });
}

// With the budget guard, which lands in the network stack.
const CLASS = classConfig(2, { labName: 'class', budget: { alertEmails: ['instructor@example.com'] } });

/** 200 participants in one account: two networks (128 fit one /16 at maxSize 6). */
const CLASS_OF_200 = classConfig(200, { labName: 'big', roster: { eksClusterQuota: 200 } });

/** 200 participants, each in an account of their own. */
const ACCOUNTS_OF_200 = labConfig({
  labName: 'acct',
  expiresOn: '2030-12-31',
  roster: {
    participants: Array.from({ length: 200 }, (_, i) => {
      const accountId = String(200000000001 + i);
      return { id: `p${String(i + 1).padStart(3, '0')}`, accountId, principalArn: `arn:aws:iam::${accountId}:role/Learner` };
    }),
  },
});

const MAXIMAL = labConfig({
  labName: 'maximal',
  natGateways: 'per-az',
  secretsEncryption: 'customer-managed',
  adminPrincipalArns: ['arn:aws:iam::123456789012:role/Instructor'],
});

describeOffline('offline terraform init/validate/plan against the mirrored AWS provider', () => {
  let defaultStacks: Record<string, string>;
  let maximalStacks: Record<string, string>;
  let defaultPlan: PlanJson;
  let classStacks: Record<string, string>;
  let networkPlan: PlanJson;
  let participantPlan: PlanJson;
  let bigStacks: Record<string, string>;
  let secondNetworkPlan: PlanJson;
  let secondNetworkParticipantPlan: PlanJson;
  let accountStacks: Record<string, string>;

  // Both labs are planned at once: each terraform command spends seconds loading the provider.
  beforeAll(async () => {
    defaultStacks = awsOnlyStacks();
    maximalStacks = awsOnlyStacks(MAXIMAL);
    classStacks = awsOnlyStacks(CLASS);
    bigStacks = awsOnlyStacks(CLASS_OF_200);
    accountStacks = awsOnlyStacks(ACCOUNTS_OF_200);
    const network = JSON.parse(classStacks['class-network']) as StackJson;
    const secondNetwork = JSON.parse(bigStacks['big-network-2']) as StackJson;
    // The maximal variant is validated (every optional resource against the real provider schema);
    // planning it too would load the 700 MB provider twice more for what the unit tests already count.
    // A participant's cluster stack plans against a stand-in of the shared network's state.
    [defaultPlan, , networkPlan, participantPlan, secondNetworkPlan, secondNetworkParticipantPlan] = (await planOffline(tools as NonNullable<typeof tools>, [
      { json: defaultStacks['eks-workshop-cluster'] },
      { json: maximalStacks['maximal-cluster'], plan: false },
      { json: classStacks['class-network'] },
      {
        json: classStacks['class-p01-cluster'],
        files: { 'network.tfstate': standInState(network) },
        override: {
          data: { terraform_remote_state: { 'cross-stack-reference-input-class-network': { config: { path: 'network.tfstate' } } } },
        },
      },
      // The class of 200: its second network, and a participant on it against a stand-in of its state.
      { json: bigStacks['big-network-2'] },
      {
        json: bigStacks['big-p200-cluster'],
        files: { 'network.tfstate': standInState(secondNetwork) },
        override: {
          data: { terraform_remote_state: { 'cross-stack-reference-input-big-network-2': { config: { path: 'network.tfstate' } } } },
        },
      },
      // A participant in their own account: validated only (a plan would assume the account role, which needs AWS).
      { json: accountStacks['acct-p200-cluster'], plan: false },
    ])) as [PlanJson, undefined, PlanJson, PlanJson, PlanJson, PlanJson, undefined];
  }, 300_000);

  test('default lab: the cluster stack plans, with the expected resources, add-ons, IMDSv2 and encryption', () => {
    expect(Object.keys(defaultStacks)).toEqual(['eks-workshop-cluster']);
    const plan = defaultPlan;
    expect(plan.resource_changes.every((c) => c.change.actions.join() === 'create')).toBe(true);
    expect(countByType(plan)).toEqual({
      aws_vpc: 1,
      terraform_data: 3, // the destroy-time wait for the EBS CSI driver's volumes, the log group's leftover guard and destroy-time cleanup
      aws_internet_gateway: 1,
      aws_subnet: 6,
      aws_route_table: 4,
      aws_route_table_association: 6,
      aws_eip: 1,
      aws_nat_gateway: 1,
      aws_iam_role: 4, // the control plane's, the nodes', the EBS CSI driver's and aws-node's
      aws_iam_role_policy_attachment: 4,
      aws_iam_role_policy: 1, // the EBS CSI driver's cluster-scoped policy
      aws_cloudwatch_log_group: 1,
      aws_eks_cluster: 1,
      aws_launch_template: 1,
      aws_eks_node_group: 1,
      aws_eks_addon: 6,
    });
    expect(afterOf(plan, 'aws_eks_addon').map((a) => a.addon_name).sort()).toEqual(
      ['aws-ebs-csi-driver', 'coredns', 'eks-pod-identity-agent', 'kube-proxy', 'metrics-server', 'vpc-cni'],
    );
    const [template] = afterOf(plan, 'aws_launch_template');
    expect(template.metadata_options).toEqual([
      expect.objectContaining({ http_tokens: 'required', http_put_response_hop_limit: 1 }),
    ]);
    expect(template.block_device_mappings).toEqual([
      expect.objectContaining({ ebs: [expect.objectContaining({ encrypted: 'true', volume_type: 'gp3' })] }),
    ]);
    // Terraform read $${aws:PrincipalTag/...} as the literal ${aws:PrincipalTag/...}, as IAM expects it.
    const [driverPolicy] = afterOf(plan, 'aws_iam_role_policy');
    expect(JSON.parse(String(driverPolicy.policy))).toEqual(ebsCsiDriverPolicy('aws'));
    const [cluster] = afterOf(plan, 'aws_eks_cluster');
    expect(cluster.upgrade_policy).toEqual([{ support_type: 'STANDARD' }]);
    expect(cluster.access_config).toEqual([expect.objectContaining({ authentication_mode: 'API' })]);
  });

  test('class: the shared network stack plans one VPC, NAT gateway and the /18 private subnets', () => {
    expect(Object.keys(classStacks)).toEqual(['class-network', 'class-p01-cluster', 'class-p02-cluster']);
    expect(countByType(networkPlan)).toEqual({
      aws_vpc: 1,
      aws_ec2_subnet_cidr_reservation: 9, // 7/8 of each private subnet kept for pod prefixes
      aws_internet_gateway: 1,
      aws_subnet: 6,
      aws_route_table: 4,
      aws_route_table_association: 6,
      aws_eip: 1,
      aws_nat_gateway: 1,
      aws_budgets_budget: 1,
    });
    expect(afterOf(networkPlan, 'aws_budgets_budget')).toEqual([
      expect.objectContaining({
        name: 'class-us-west-2-after-expiry',
        budget_type: 'COST',
        time_unit: 'DAILY',
        limit_unit: 'USD',
        time_period_start: '2027-01-01_00:00',
        notification: expect.arrayContaining([expect.objectContaining({ threshold: 10, notification_type: 'ACTUAL', subscriber_email_addresses: ['instructor@example.com'] })]),
      }),
    ]);
    expect(afterOf(networkPlan, 'aws_subnet').map((s) => s.cidr_block).sort()).toEqual([
      '10.42.0.0/18',
      '10.42.128.0/18',
      '10.42.192.0/22',
      '10.42.196.0/22',
      '10.42.200.0/22',
      '10.42.64.0/18',
    ]);
    const reservations = afterOf(networkPlan, 'aws_ec2_subnet_cidr_reservation');
    expect(new Set(reservations.map((r) => r.reservation_type))).toEqual(new Set(['prefix']));
    expect(reservations.map((r) => r.cidr_block)).toEqual(expect.arrayContaining(['10.42.32.0/19', '10.42.16.0/20', '10.42.8.0/21']));
  });

  test("class: a participant's cluster stack plans in the shared subnets, with its own names and access entries", () => {
    const counts = countByType(participantPlan);
    expect(counts.aws_vpc).toBeUndefined();
    expect(counts.aws_nat_gateway).toBeUndefined();
    expect(counts).toMatchObject({ aws_eks_cluster: 1, aws_eks_node_group: 1, aws_eks_addon: 6, aws_eks_access_entry: 2, terraform_data: 3 });
    const [cluster] = afterOf(participantPlan, 'aws_eks_cluster');
    expect(cluster.name).toBe('class-p01');
    expect((cluster.vpc_config as Array<{ subnet_ids: string[] }>)[0].subnet_ids).toEqual(
      expect.arrayContaining([expect.stringMatching(/^subnet-0offline/)]),
    );
    expect(afterOf(participantPlan, 'aws_eks_access_entry').map((e) => e.principal_arn).sort()).toEqual([
      'arn:aws:iam::123456789012:role/Instructor',
      'arn:aws:iam::123456789012:role/participant-p01',
    ]);
    expect(afterOf(participantPlan, 'aws_iam_role').map((r) => r.name).sort()).toEqual([
      'class-p01-cluster',
      'class-p01-ebs-csi-driver',
      'class-p01-node',
      'class-p01-vpc-cni',
    ]);
  });

  test('a class of 200 in one account: two networks within the quotas they state, the 200th participant planned on the second', () => {
    expect(Object.keys(bigStacks).filter((s) => s.includes('network'))).toEqual(['big-network', 'big-network-2']);
    expect(Object.keys(bigStacks).filter((s) => s.endsWith('-cluster'))).toHaveLength(200);
    // Each network: one VPC, one NAT gateway and its Elastic IP (the default quotas allow 5 a region).
    expect(countByType(secondNetworkPlan)).toMatchObject({ aws_vpc: 1, aws_nat_gateway: 1, aws_eip: 1 });
    expect(countByType(secondNetworkPlan).aws_budgets_budget).toBeUndefined(); // the class's one budget is in the first network
    const [cluster] = afterOf(secondNetworkParticipantPlan, 'aws_eks_cluster');
    expect(cluster.name).toBe('big-p200');
    expect((cluster.vpc_config as Array<{ subnet_ids: string[] }>)[0].subnet_ids).toEqual(expect.arrayContaining([expect.stringMatching(/^subnet-0offline/)]));
  });

  test('a class of 200 in 200 accounts: no shared network, and each participant with a provider role of their own account', () => {
    expect(Object.keys(accountStacks).some((s) => s.includes('network'))).toBe(false);
    const roles = Object.entries(accountStacks).map(([, json]) => (JSON.parse(json) as StackJson).provider?.aws[0].assume_role as Array<{ role_arn: string }>);
    expect(roles).toHaveLength(200);
    expect(new Set(roles.map((r) => r[0].role_arn)).size).toBe(200);
    expect(roles[199][0].role_arn).toBe('arn:aws:iam::200000000200:role/OrganizationAccountAccessRole');
  });

  test('maximal lab (per-AZ NAT, customer-managed key, admin entries) passes terraform validate', () => {
    // beforeAll would have thrown with terraform's message had validate failed; this names the case.
    expect(Object.keys(maximalStacks)).toEqual(['maximal-cluster']);
  });

});
