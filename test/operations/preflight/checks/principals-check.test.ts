import { principalsCheck } from '../../../../lib/operations/preflight/checks/principals-check';
import { runPreflightCheck } from '../../../../lib/operations/preflight/preflight-check';
import { labConfig } from '../../../support/fixtures';
import { ACCOUNT, checkContext, iamArn, serve } from '../fake-account';

const SSO = '/aws-reserved/sso.amazonaws.com/us-west-2/';

const classWith = (participants: Array<[string, string]>, instructors: string[] = [], admins: string[] = []) =>
  labConfig({
    expiresOn: '2026-12-31',
    adminPrincipalArns: admins,
    roster: { instructorPrincipalArns: instructors, participants: participants.map(([id, principalArn]) => ({ id, principalArn })) },
  });

describe('principalsCheck', () => {
  test('every participant, instructor and admin exists with its exact ARN: one PASS row', async () => {
    serve({ roles: [{ name: 'alice' }, { name: 'Instructor', path: SSO }], users: [{ name: 'bob' }] });
    const config = classWith([['alice', iamArn('role', 'alice')], ['bob', iamArn('user', 'bob')]], [iamArn('role', 'Instructor', SSO)]);
    expect(await runPreflightCheck(principalsCheck, checkContext(config))).toEqual([
      { check: 'IAM principals exist', result: 'PASS', figure: '3 of 3 roles or users found with their exact ARN' },
    ]);
  });

  test('an SSO role written without its path: FAIL naming the ARN to use', async () => {
    serve({ roles: [{ name: 'AWSReservedSSO_Teach_0123', path: SSO }] });
    // The participant's ARN has the path and exists; the instructor's lacks it.
    const withParticipant = classWith([['ana', iamArn('role', 'AWSReservedSSO_Teach_0123', SSO)]], [iamArn('role', 'AWSReservedSSO_Teach_0123')]);
    const rows = await runPreflightCheck(principalsCheck, checkContext(withParticipant));
    expect(rows).toEqual([
      { check: 'IAM principals exist', result: 'PASS', figure: '1 of 2 roles or users found with their exact ARN' },
      {
        check: 'IAM principal (instructor)',
        result: 'FAIL',
        figure: `arn:aws:iam::${ACCOUNT}:role/AWSReservedSSO_Teach_0123: no role has this ARN; the role AWSReservedSSO_Teach_0123 is arn:aws:iam::${ACCOUNT}:role${SSO}AWSReservedSSO_Teach_0123`,
        fix: `set roster.instructorPrincipalArns[0] to arn:aws:iam::${ACCOUNT}:role${SSO}AWSReservedSSO_Teach_0123 (an access entry must name the role with its path)`,
      },
    ]);
  });

  test("an IAM Identity Center user: the permission set's role must exist with its exact ARN, named by its field", async () => {
    const config = labConfig({
      expiresOn: '2026-12-31',
      roster: { participants: [{ id: 'eve', ssoUser: { permissionSetRoleArn: iamArn('role', 'AWSReservedSSO_Learner_0123', '/aws-reserved/sso.amazonaws.com/'), userName: 'eve' } }] },
    });
    serve({ roles: [] });
    expect(await runPreflightCheck(principalsCheck, checkContext(config))).toEqual([
      {
        check: 'IAM principal (participant eve)',
        result: 'FAIL',
        figure: `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Learner_0123: no IAM role named AWSReservedSSO_Learner_0123 in account ${ACCOUNT}`,
        fix: expect.stringMatching(/^correct roster\.participants\[0\]\.ssoUser\.permissionSetRoleArn /),
      },
    ]);
  });

  test('a typo: FAIL, no such role; a principal of another account: WARN, not checked', async () => {
    serve({ roles: [{ name: 'alice' }] });
    const config = classWith([['alice', iamArn('role', 'alice')], ['bob', iamArn('role', 'bbo')], ['cy', 'arn:aws:iam::999999999999:role/cy']]);
    const rows = await runPreflightCheck(principalsCheck, checkContext(config));
    expect(rows.map((r) => [r.result, r.check])).toEqual([
      ['PASS', 'IAM principals exist'],
      ['FAIL', 'IAM principal (participant bob)'],
      ['WARN', 'IAM principal (participant cy)'],
    ]);
    expect(rows[1]).toMatchObject({
      figure: `arn:aws:iam::${ACCOUNT}:role/bbo: no IAM role named bbo in account ${ACCOUNT}`,
      fix: 'correct roster.participants[1].principalArn (aws iam list-roles lists them), or create the role first: the deploy cannot create an access entry for it',
    });
    expect(rows[2].figure).toBe(`not checked: arn:aws:iam::999999999999:role/cy is in account 999999999999, the credentials are of account ${ACCOUNT} (IAM reads only its own account)`);
  });

  test('a missing user of a single lab\'s admins: FAIL naming the field and the user listing', async () => {
    serve({});
    const rows = await runPreflightCheck(principalsCheck, checkContext(labConfig({ adminPrincipalArns: [iamArn('user', 'teach')] })));
    expect(rows).toEqual([
      {
        check: 'IAM principal (admin)',
        result: 'FAIL',
        figure: `arn:aws:iam::${ACCOUNT}:user/teach: no IAM user named teach in account ${ACCOUNT}`,
        fix: 'correct adminPrincipalArns[0] (aws iam list-users lists them), or create the user first: the deploy cannot create an access entry for it',
      },
    ]);
  });

  test('a single lab without admins: nothing to look up', async () => {
    serve({});
    expect(await runPreflightCheck(principalsCheck, checkContext(labConfig()))).toEqual([
      { check: 'IAM principals exist', result: 'PASS', figure: 'no principals configured (the deploying identity is the only admin)' },
    ]);
  });

  test('GetRole denied: NOT CHECKED', async () => {
    serve({ denied: ['iam:GetRole'] });
    const rows = await runPreflightCheck(principalsCheck, checkContext(labConfig({ adminPrincipalArns: [iamArn('role', 'Admin')] })));
    expect(rows).toEqual([expect.objectContaining({ result: 'NOT CHECKED', figure: 'not checked: iam:GetRole was denied' })]);
  });
});
