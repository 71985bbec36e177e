import { ClassMode } from '../../lib/plan/lab-plan';
import { StackKind } from '../../lib/plan/stack-plan';
import { configProblems, dependsOn, labPlan, oneResource, resourcesOf, synthLab, labConfig, TfBlock } from '../support/fixtures';

/** A roster of `n` participants, each in an account of their own (accounts 200000000001, 200000000002, ...). */
function accountsRoster(n: number, extra: Record<string, unknown> = {}) {
  return {
    expiresOn: '2030-12-31',
    roster: {
      instructorPrincipalArns: ['arn:aws:iam::111111111111:role/Instructor'],
      participants: Array.from({ length: n }, (_, i) => {
        const account = String(200000000001 + i);
        return { id: `p${i + 1}`, accountId: account, principalArn: `arn:aws:iam::${account}:role/Learner` };
      }),
      ...extra,
    },
  };
}

describe('a class of one AWS account per participant', () => {
  const plan = labPlan({ ...accountsRoster(2), budget: { alertEmails: ['i@example.com'] } });

  test('the plan: each lab in its account, through the account role, on a network of its own; no shared network', () => {
    expect(plan.mode).toBe(ClassMode.ACCOUNT_PER_PARTICIPANT);
    expect(plan.labs.map((lab) => lab.account)).toEqual([
      { accountId: '200000000001', roleName: 'OrganizationAccountAccessRole', roleArn: 'arn:aws:iam::200000000001:role/OrganizationAccountAccessRole' },
      { accountId: '200000000002', roleName: 'OrganizationAccountAccessRole', roleArn: 'arn:aws:iam::200000000002:role/OrganizationAccountAccessRole' },
    ]);
    expect(plan.stacks.filter((s) => s.kind === StackKind.NETWORK)).toEqual([]);
    expect(plan.labs.map((lab) => lab.networkStackName)).toEqual(['eks-workshop-p1-cluster', 'eks-workshop-p2-cluster']);
    expect(plan.networks.map((n) => n.stackName)).toEqual(['eks-workshop-p1-cluster', 'eks-workshop-p2-cluster']);
    // The account role first (the workloads stack deploys as it), then the instructor, then the participant.
    expect(plan.labs[0].adminPrincipalArns).toEqual([
      'arn:aws:iam::200000000001:role/OrganizationAccountAccessRole',
      'arn:aws:iam::111111111111:role/Instructor',
      'arn:aws:iam::200000000001:role/Learner',
    ]);
    expect(plan.labs.every((lab) => !lab.bootstrapCreatorAdmin)).toBe(true);
  });

  test('a configurable account role', () => {
    expect(labPlan(accountsRoster(1, { accountRoleName: 'LabDeployer' })).labs[0].account?.roleArn).toBe('arn:aws:iam::200000000001:role/LabDeployer');
  });

  const stacks = synthLab(labConfig({ ...accountsRoster(2), budget: { alertEmails: ['i@example.com'] } }));

  test("every AWS call of a participant's stacks acts in their account: the provider, the token, the CLI steps", () => {
    const cluster = stacks['eks-workshop-p1-cluster'];
    expect(cluster.provider?.aws[0]).toMatchObject({
      assume_role: [{ role_arn: 'arn:aws:iam::200000000001:role/OrganizationAccountAccessRole', session_name: 'eks-workshop-lab-deploy' }],
    });
    const exec = (stacks['eks-workshop-p1-workloads'].provider?.kubernetes[0].exec as Array<{ args: string[] }>)[0];
    expect(exec.args).toEqual(expect.arrayContaining(['--role-arn', 'arn:aws:iam::200000000001:role/OrganizationAccountAccessRole']));
    const scripts = Object.values(resourcesOf(cluster, 'terraform_data')).map(
      (r: TfBlock) => ((r.provisioner as Array<{ 'local-exec': { command: string } }>)[0]['local-exec'].command),
    );
    expect(scripts).toHaveLength(3); // the volume wait, the log group's guard and its destroy-time cleanup
    for (const script of scripts) {
      expect(script).toMatch(/aws sts assume-role --region 'us-west-2' --role-arn 'arn:aws:iam::200000000001:role\/OrganizationAccountAccessRole'/);
      expect(script).not.toContain('${');
    }
  });

  test('each lab has its own VPC and its access entries, and the account role is admin by entry, not by bootstrap', () => {
    const cluster = stacks['eks-workshop-p2-cluster'];
    expect(Object.keys(resourcesOf(cluster, 'aws_vpc'))).toHaveLength(1);
    expect(oneResource(cluster, 'aws_eks_cluster')[1]).toMatchObject({ access_config: { bootstrap_cluster_creator_admin_permissions: false } });
    expect(Object.values(resourcesOf(cluster, 'aws_eks_access_entry')).map((e) => e.principal_arn).sort()).toEqual([
      'arn:aws:iam::111111111111:role/Instructor',
      'arn:aws:iam::200000000002:role/Learner',
      'arn:aws:iam::200000000002:role/OrganizationAccountAccessRole',
    ]);
    expect(Object.keys(stacks).sort()).toEqual(['eks-workshop-p1-cluster', 'eks-workshop-p1-workloads', 'eks-workshop-p2-cluster', 'eks-workshop-p2-workloads']);
  });

  test("each account has two budgets of the whole account, sized by one lab: after expiresOn, and every day over the estimate", () => {
    const budgets = Object.values(resourcesOf(stacks['eks-workshop-p1-cluster'], 'aws_budgets_budget'));
    expect(budgets.map((b) => [b.name, b.time_period_start, b.cost_filter, (b.notification as Array<{ threshold: number }>).map((n) => n.threshold)])).toEqual([
      ['eks-workshop-us-west-2-after-expiry', '2031-01-01_00:00', undefined, [10, 100, 0.6]], // 0.6: half a day of a leftover network, in dollars (10% of one participant's day catches a lab)
      ['eks-workshop-us-west-2-over-estimate', undefined, undefined, [100]],
    ]);
    expect(budgets[0].limit_amount).toBe(budgets[1].limit_amount);
    // Deleted after the VPC.
    const [, vpc] = oneResource(stacks['eks-workshop-p1-cluster'], 'aws_vpc');
    expect(dependsOn(vpc).filter((d) => d.startsWith('aws_budgets_budget.'))).toHaveLength(2);
  });

  test.each<[string, Record<string, unknown>, RegExp]>([
    [
      'a roster that mixes participants with and without an account',
      {
        expiresOn: '2030-12-31',
        roster: {
          participants: [
            { id: 'a', accountId: '200000000001', principalArn: 'arn:aws:iam::200000000001:role/L' },
            { id: 'b', principalArn: 'arn:aws:iam::123456789012:role/L' },
          ],
        },
      },
      /^roster\.participants\[1\]\.accountId \(missing\) must be set because roster\.participants\[0\] has one: a class is either one account per participant/,
    ],
    [
      'two participants in one account',
      {
        expiresOn: '2030-12-31',
        roster: {
          participants: [
            { id: 'a', accountId: '200000000001', principalArn: 'arn:aws:iam::200000000001:role/A' },
            { id: 'b', accountId: '200000000001', principalArn: 'arn:aws:iam::200000000001:role/B' },
          ],
        },
      },
      /^roster\.participants\[1\]\.accountId \("200000000001"\) must not repeat roster\.participants\[0\]: one account per participant$/,
    ],
    [
      "a principal of another account than the participant's",
      { expiresOn: '2030-12-31', roster: { participants: [{ id: 'a', accountId: '200000000001', principalArn: 'arn:aws:iam::123456789012:role/A' }] } },
      /^roster\.participants\[0\]\.principalArn \("arn:aws:iam::123456789012:role\/A"\) must be a principal of the participant's account 200000000001/,
    ],
    ['bootstrapCreatorAdmin true', { ...accountsRoster(1), bootstrapCreatorAdmin: true }, /^bootstrapCreatorAdmin \(true\) must not be set with accounts per participant/],
    ['participantsPerNetwork', accountsRoster(1, { participantsPerNetwork: 5 }), /^roster\.participantsPerNetwork \(5\) applies only to a class in one account/],
    ['an account id that is not 12 digits', { expiresOn: '2030-12-31', roster: { participants: [{ id: 'a', accountId: '2000', principalArn: 'arn:aws:iam::200000000001:role/A' }] } }, /^roster\.participants\[0\]\.accountId \("2000"\) must be a 12-digit AWS account id/],
    ['an account role that is no role name', accountsRoster(1, { accountRoleName: 'a/b' }), /^roster\.accountRoleName \("a\/b"\) must be an IAM role name/],
  ])('rejects %s', (_name, input, problem) => {
    expect(configProblems(input)).toEqual(expect.arrayContaining([expect.stringMatching(problem)]));
  });

  test('200 participants in 200 accounts: no EKS cluster quota of the deploying account applies', () => {
    const big = labPlan(accountsRoster(200));
    expect(big.labs).toHaveLength(200);
    expect(new Set(big.labs.map((lab) => lab.account?.accountId)).size).toBe(200);
  });
});

describe('a class in one account, split over networks', () => {
  const config = labConfig({
    expiresOn: '2030-12-31',
    budget: { alertEmails: ['i@example.com'] },
    roster: {
      participantsPerNetwork: 2,
      participants: ['a', 'b', 'c'].map((id) => ({ id, principalArn: `arn:aws:iam::123456789012:role/${id}` })),
    },
  });
  const stacks = synthLab(config);

  test('the first network keeps the stack name a class has always had; each lab runs in its network', () => {
    expect(Object.keys(stacks).filter((s) => s.includes('network')).sort()).toEqual(['eks-workshop-network', 'eks-workshop-network-2']);
    const remoteState = (stack: string) => Object.values(stacks[stack].data?.terraform_remote_state ?? {}).map((r) => String((r.config as { path?: string }).path));
    expect(remoteState('eks-workshop-a-cluster')).toEqual(['../../../terraform.eks-workshop-network.tfstate']);
    expect(remoteState('eks-workshop-c-cluster')).toEqual(['../../../terraform.eks-workshop-network-2.tfstate']);
  });

  test('one budget for the class, in the first network', () => {
    expect(Object.keys(resourcesOf(stacks['eks-workshop-network'], 'aws_budgets_budget'))).toHaveLength(1);
    expect(Object.keys(resourcesOf(stacks['eks-workshop-network-2'], 'aws_budgets_budget'))).toHaveLength(0);
  });

  test('200 participants in one account: two networks of 128 and 72, and the quota the instructor raised', () => {
    const plan = labPlan({
      expiresOn: '2030-12-31',
      roster: {
        eksClusterQuota: 200,
        participants: Array.from({ length: 200 }, (_, i) => ({ id: `p${i}`, principalArn: `arn:aws:iam::123456789012:role/p${i}` })),
      },
    });
    expect(plan.networks.map((n) => [n.stackName, n.clusterNames.length])).toEqual([
      ['eks-workshop-network', 128],
      ['eks-workshop-network-2', 72],
    ]);
    expect(plan.stacks.filter((s) => s.kind === StackKind.CLUSTER && s.dependsOn[0] === 'eks-workshop-network-2')).toHaveLength(72);
  });
});
