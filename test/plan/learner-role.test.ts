import { learnerTrustPolicy } from '../../lib/iam/learner-role';
import { SSO_PROFILE_PLACEHOLDER } from '../../lib/plan/lab-environment';
import { uniqueNamesOf, UniqueNameKind } from '../../lib/plan/unique-names';
import { FIXTURE_ACCOUNT, INSTRUCTOR_ARN, labConfig, oneResource, PERMISSION_SET_ROLE_ARN, planOf, resourcesOf, ssoClassConfig, synthLab } from '../support/fixtures';

const CONFIG = ssoClassConfig();
const PLAN = planOf(CONFIG);
const labOf = (id: string) => PLAN.labs.find((l) => l.participant?.id === id)!;
const LEARNER_ARN = `arn:aws:iam::${FIXTURE_ACCOUNT}:role/eks-workshop-p02-learner`;

describe('an IAM Identity Center user of a shared permission set: the plan', () => {
  test('gets a learner role in the permission set role\'s account, which is their cluster-admin principal', () => {
    const lab = labOf('p02');
    expect(lab.participantAccess).toEqual({
      principalArn: LEARNER_ARN,
      learnerRole: {
        name: 'eks-workshop-p02-learner',
        arn: LEARNER_ARN,
        ssoUser: { permissionSetRoleArn: PERMISSION_SET_ROLE_ARN, userName: 'p02@example.com' },
        profile: 'eks-workshop-p02',
        profileCommands: [
          `aws configure set profile.eks-workshop-p02.role_arn ${LEARNER_ARN}`,
          `aws configure set profile.eks-workshop-p02.source_profile ${SSO_PROFILE_PLACEHOLDER}`,
        ],
      },
    });
    expect(lab.adminPrincipalArns).toEqual([INSTRUCTOR_ARN, LEARNER_ARN]);
    // The permission set's role itself gets no access entry: every user of it would reach the cluster.
    expect(PLAN.labs.flatMap((l) => l.adminPrincipalArns)).not.toContain(PERMISSION_SET_ROLE_ARN);
    expect(lab.updateKubeconfigCommand).toBe('aws eks update-kubeconfig --name eks-workshop-p02 --region us-west-2 --alias eks-workshop-p02 --profile eks-workshop-p02');
  });

  test('a participant with a role of their own is unchanged: no learner role, no profile', () => {
    const lab = labOf('p01');
    expect(lab.participantAccess).toEqual({ principalArn: `arn:aws:iam::${FIXTURE_ACCOUNT}:role/participant-p01` });
    expect(lab.updateKubeconfigCommand).not.toContain('--profile');
    expect(uniqueNamesOf(CONFIG, lab).map((n) => n.name)).not.toContain('eks-workshop-p01-learner');
  });

  test('its role is among the names preflight and leftovers look for', () => {
    const roles = uniqueNamesOf(CONFIG, labOf('p03')).filter((n) => n.kind === UniqueNameKind.IAM_ROLE).map((n) => n.name);
    expect(roles).toContain('eks-workshop-p03-learner');
  });

  test('with accounts of their own, the role is in the participant\'s account', () => {
    const permissionSet = PERMISSION_SET_ROLE_ARN.replace(FIXTURE_ACCOUNT, '200000000001');
    const plan = planOf(
      labConfig({ expiresOn: '2030-12-31', roster: { participants: [{ id: 'p1', accountId: '200000000001', ssoUser: { permissionSetRoleArn: permissionSet, userName: 'ana' } }] } }),
    );
    expect(plan.labs[0].participantAccess?.principalArn).toBe('arn:aws:iam::200000000001:role/eks-workshop-p1-learner');
  });
});

describe('an IAM Identity Center user of a shared permission set: the synthesized stack', () => {
  const stack = synthLab(CONFIG)['eks-workshop-p02-cluster'];

  test("the learner role trusts the permission set's role only in the user's own sessions (aws:userid <role id>:<user name>)", () => {
    const [, role] = oneResource(stack, 'aws_iam_role', (r) => r.name === 'eks-workshop-p02-learner');
    expect(JSON.parse(String(role.assume_role_policy))).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'OnlyThisIdentityCenterUser',
          Effect: 'Allow',
          Principal: { AWS: PERMISSION_SET_ROLE_ARN },
          Action: 'sts:AssumeRole',
          Condition: { StringLike: { 'aws:userid': '*:p02@example.com' } },
        },
      ],
    });
    expect(learnerTrustPolicy(PERMISSION_SET_ROLE_ARN, 'p02@example.com')).toEqual(JSON.parse(String(role.assume_role_policy)));
  });

  test('it may describe its own cluster (by reference) and holds the cluster-admin entry (by reference)', () => {
    const [roleId] = oneResource(stack, 'aws_iam_role', (r) => r.name === 'eks-workshop-p02-learner');
    const [clusterId] = oneResource(stack, 'aws_eks_cluster');
    const [, policy] = oneResource(stack, 'aws_iam_role_policy', (r) => r.name === 'kubeconfig');
    expect(policy.role).toBe(`\${aws_iam_role.${roleId}.name}`);
    expect(JSON.parse(String(policy.policy))).toEqual({
      Version: '2012-10-17',
      Statement: [{ Sid: 'DescribeOwnLabCluster', Effect: 'Allow', Action: ['eks:DescribeCluster'], Resource: [`\${aws_eks_cluster.${clusterId}.arn}`] }],
    });
    const entries = Object.values(resourcesOf(stack, 'aws_eks_access_entry')).map((e) => e.principal_arn);
    expect(entries.sort()).toEqual([INSTRUCTOR_ARN, `\${aws_iam_role.${roleId}.arn}`].sort());
  });

  test("no learner role in the stack of a participant with a role of their own", () => {
    const p01 = synthLab(CONFIG)['eks-workshop-p01-cluster'];
    expect(Object.values(resourcesOf(p01, 'aws_iam_role')).map((r) => r.name)).not.toContain('eks-workshop-p01-learner');
    expect(Object.values(resourcesOf(p01, 'aws_eks_access_entry')).map((e) => e.principal_arn).sort()).toEqual([
      INSTRUCTOR_ARN,
      `arn:aws:iam::${FIXTURE_ACCOUNT}:role/participant-p01`,
    ]);
  });
});
