import { SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import { participantPolicyCheck } from '../../../../lib/operations/preflight/checks/participant-policy-check';
import { runPreflightCheck } from '../../../../lib/operations/preflight/preflight-check';
import { labConfig } from '../../../support/fixtures';
import { ACCOUNT, checkContext, iamArn, mocks, serve } from '../fake-account';

const config = labConfig({
  expiresOn: '2026-12-31',
  roster: {
    participants: [
      { id: 'ana', principalArn: iamArn('role', 'ana') },
      { id: 'ben', principalArn: iamArn('user', 'ben') },
      { id: 'cy', principalArn: iamArn('role', 'cy') },
      { id: 'dee', principalArn: 'arn:aws:iam::999999999999:role/dee' },
    ],
  },
});

describe('participantPolicyCheck', () => {
  test("asks the simulator for eks:DescribeCluster on each participant's own cluster", async () => {
    serve({ roles: [{ name: 'ana' }, { name: 'cy' }], users: [{ name: 'ben' }] });
    await runPreflightCheck(participantPolicyCheck, checkContext(config));
    expect(mocks.iam.commandCalls(SimulatePrincipalPolicyCommand).map((c) => c.args[0].input)).toEqual(
      ['ana', 'ben', 'cy'].map((id) => ({
        PolicySourceArn: iamArn(id === 'ben' ? 'user' : 'role', id),
        ActionNames: ['eks:DescribeCluster'],
        ResourceArns: [`arn:aws:eks:us-west-2:${ACCOUNT}:cluster/eks-workshop-${id}`],
      })),
    );
  });

  test('allowed, denied, missing and another account: PASS, WARN with the attach command, WARN not checked', async () => {
    serve({ roles: [{ name: 'ana' }], users: [{ name: 'ben' }], simulate: (arn) => (arn.endsWith('/ben') ? 'implicitDeny' : 'allowed') });
    const rows = await runPreflightCheck(participantPolicyCheck, checkContext(config));
    expect(rows).toEqual([
      { check: "Participants' IAM policy", result: 'PASS', figure: '1 of 4 participants may call eks:DescribeCluster on their cluster' },
      {
        check: "Participants' IAM policy",
        result: 'WARN',
        figure: 'eks:DescribeCluster on their cluster is denied for 1 of 4 participants: ben; they cannot run their kubeconfig command',
        fix:
          "attach each one's iamPolicy from `npm run roster`, e.g. for ben: aws iam put-user-policy --user-name ben --policy-name eks-workshop-ben-kubeconfig --policy-document " +
          `'{"Version":"2012-10-17","Statement":[{"Sid":"DescribeOwnLabCluster","Effect":"Allow","Action":["eks:DescribeCluster"],"Resource":["arn:aws:eks:us-west-2:${ACCOUNT}:cluster/eks-workshop-ben"]}]}'`,
      },
      {
        check: "Participants' IAM policy",
        result: 'WARN',
        figure: "not checked for 2 participants: cy (no such principal, see IAM principals exist); dee (in another account than the credentials')",
        fix: expect.stringMatching(/^check that each has its iamPolicy from `npm run roster`/),
      },
    ]);
  });

  test("an IAM Identity Center user: the permission set's role is asked for sts:AssumeRole on the user's learner role", async () => {
    const permissionSet = iamArn('role', 'AWSReservedSSO_Learner_0123456789abcdef', '/aws-reserved/sso.amazonaws.com/');
    const sso = labConfig({ expiresOn: '2026-12-31', roster: { participants: [{ id: 'eve', ssoUser: { permissionSetRoleArn: permissionSet, userName: 'eve@example.com' } }] } });
    serve({ roles: [{ name: 'AWSReservedSSO_Learner_0123456789abcdef', path: '/aws-reserved/sso.amazonaws.com/' }], simulate: () => 'implicitDeny' });
    const rows = await runPreflightCheck(participantPolicyCheck, checkContext(sso));
    expect(mocks.iam.commandCalls(SimulatePrincipalPolicyCommand).map((c) => c.args[0].input)).toEqual([
      { PolicySourceArn: permissionSet, ActionNames: ['sts:AssumeRole'], ResourceArns: [iamArn('role', 'eks-workshop-eve-learner')] },
    ]);
    expect(rows).toEqual([
      {
        check: "Participants' IAM policy",
        result: 'WARN',
        figure: "sts:AssumeRole on their learner role (their permission set's role) is denied for 1 of 1 participant: eve; they cannot run their kubeconfig command",
        fix: expect.stringMatching(/^attach each one's iamPolicy from `npm run roster`, e.g. for eve: add `npm run roster`'s permissionSetPolicies to the inline policy of the permission set of .*AWSReservedSSO_Learner/),
      },
    ]);
  });

  test('a single lab has no participants: no row', async () => {
    serve({});
    expect(await runPreflightCheck(participantPolicyCheck, checkContext(labConfig()))).toEqual([]);
  });

  test('the simulator may not be called: NOT CHECKED', async () => {
    serve({ roles: [{ name: 'ana' }], denied: ['iam:SimulatePrincipalPolicy'] });
    expect(await runPreflightCheck(participantPolicyCheck, checkContext(config))).toEqual([
      expect.objectContaining({ result: 'NOT CHECKED', figure: 'not checked: iam:SimulatePrincipalPolicy was denied' }),
    ]);
  });
});
