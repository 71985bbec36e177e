import { CallerKind } from '../../../../lib/operations/preflight/caller-identity';
import { deployerAccessCheck } from '../../../../lib/operations/preflight/checks/deployer-access-check';
import { runPreflightCheck } from '../../../../lib/operations/preflight/preflight-check';
import { classConfig, INSTRUCTOR_ARN, labConfig } from '../../../support/fixtures';
import { ACCOUNT, checkContext, iamArn, roleIdentity, serve } from '../fake-account';

const SSO = '/aws-reserved/sso.amazonaws.com/us-west-2/';
const run = (config: ReturnType<typeof labConfig>, identity = roleIdentity()) => runPreflightCheck(deployerAccessCheck, checkContext(config, { identity }));

describe('deployerAccessCheck', () => {
  beforeEach(() => serve({}));

  test('bootstrapCreatorAdmin on (the default without admins): PASS', async () => {
    expect(await run(labConfig())).toEqual([
      {
        check: "Deploying identity's cluster access",
        result: 'PASS',
        figure: `arn:aws:iam::${ACCOUNT}:role/Admin becomes admin of every cluster it creates (bootstrapCreatorAdmin)`,
      },
    ]);
  });

  test('a class deployed by its listed instructor (bootstrap off by default): PASS', async () => {
    const [row] = await run(classConfig(3), roleIdentity('Instructor'));
    expect(row).toMatchObject({ result: 'PASS', figure: `${INSTRUCTOR_ARN} is an admin principal of every checked cluster` });
  });

  test('a class deployed by someone else: FAIL before anything is created, naming the clusters and the fix', async () => {
    const [row] = await run(classConfig(2));
    expect(row).toEqual({
      check: "Deploying identity's cluster access",
      result: 'FAIL',
      figure: `arn:aws:iam::${ACCOUNT}:role/Admin would have no access to 2 clusters (eks-workshop-p01, eks-workshop-p02): bootstrapCreatorAdmin is off and no admin principal names it; the workloads stacks would fail with Unauthorized`,
      fix: `add arn:aws:iam::${ACCOUNT}:role/Admin to roster.instructorPrincipalArns, or deploy with a principal listed there`,
    });
  });

  test('an SSO session matches only the listed ARN with the role path', async () => {
    const identity = roleIdentity('AWSReservedSSO_Teach_1', SSO);
    const withPath = labConfig({ adminPrincipalArns: [iamArn('role', 'AWSReservedSSO_Teach_1', SSO)] });
    expect((await run(withPath, identity))[0].result).toBe('PASS');
    const withoutPath = labConfig({ adminPrincipalArns: [iamArn('role', 'AWSReservedSSO_Teach_1')] });
    expect((await run(withoutPath, identity))[0]).toMatchObject({ result: 'FAIL', fix: `add ${iamArn('role', 'AWSReservedSSO_Teach_1', SSO)} to adminPrincipalArns, or deploy with a principal listed there` });
  });

  test('path unknown (GetRole denied): matched by name, WARN that the path is not verified', async () => {
    const identity = { ...roleIdentity('Teach'), pathKnown: false };
    const [row] = await run(labConfig({ adminPrincipalArns: [iamArn('role', 'Teach', '/team/')] }), identity);
    expect(row).toMatchObject({ result: 'WARN', figure: expect.stringMatching(/matched by role name: iam:GetRole was denied, so the role path was not verified\)$/) });
  });

  test('bootstrap on and listed too: FAIL, EKS answers 409 to the second entry', async () => {
    const [row] = await run(labConfig({ adminPrincipalArns: [iamArn('role', 'Admin')], bootstrapCreatorAdmin: true }));
    expect(row).toMatchObject({ result: 'FAIL', fix: 'set bootstrapCreatorAdmin: false (the listed entry gives the access)' });
    expect(row.figure).toMatch(/is made admin by bootstrapCreatorAdmin and also listed as admin of eks-workshop: EKS answers 409/);
  });

  test('root without bootstrap: FAIL, no access entry can name it', async () => {
    const root = { account: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, kind: CallerKind.ROOT, pathKnown: true };
    expect((await run(labConfig({ adminPrincipalArns: [iamArn('role', 'Admin')] }), root))[0]).toMatchObject({
      result: 'FAIL',
      figure: `arn:aws:iam::${ACCOUNT}:root is not an IAM role or user, so no access entry can name it, and bootstrapCreatorAdmin is off`,
    });
  });
});
