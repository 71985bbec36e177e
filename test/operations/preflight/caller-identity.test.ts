import { GetRoleCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { CredentialsProviderError } from '@smithy/core/config';
import { callerIdentity, CallerKind } from '../../../lib/operations/preflight/caller-identity';
import { ACCOUNT, fakeClients, mocks, serve } from './fake-account';

const SSO_PATH = '/aws-reserved/sso.amazonaws.com/eu-west-1/';

describe('callerIdentity', () => {
  test("a role session maps to the role's ARN with its path (IAM Identity Center)", async () => {
    serve({ callerArn: `arn:aws:sts::${ACCOUNT}:assumed-role/AWSReservedSSO_Admin_0123/ana@example.com`, roles: [{ name: 'AWSReservedSSO_Admin_0123', path: SSO_PATH }] });
    expect(await callerIdentity(fakeClients())).toEqual({
      account: ACCOUNT,
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/AWSReservedSSO_Admin_0123/ana@example.com`,
      kind: CallerKind.ROLE,
      principalArn: `arn:aws:iam::${ACCOUNT}:role${SSO_PATH}AWSReservedSSO_Admin_0123`,
      pathKnown: true,
    });
    expect(mocks.iam.commandCalls(GetRoleCommand)[0].args[0].input).toEqual({ RoleName: 'AWSReservedSSO_Admin_0123' });
  });

  test('GetRole denied: the role ARN without a path, marked unknown', async () => {
    serve({ callerArn: `arn:aws:sts::${ACCOUNT}:assumed-role/Admin/me`, denied: ['iam:GetRole'] });
    expect(await callerIdentity(fakeClients())).toMatchObject({ kind: CallerKind.ROLE, principalArn: `arn:aws:iam::${ACCOUNT}:role/Admin`, pathKnown: false });
  });

  test('users are their own principal; root and federated users have none', async () => {
    serve({ callerArn: `arn:aws:iam::${ACCOUNT}:user/ops/bob` });
    expect(await callerIdentity(fakeClients())).toMatchObject({ kind: CallerKind.USER, principalArn: `arn:aws:iam::${ACCOUNT}:user/ops/bob` });
    serve({ callerArn: `arn:aws:iam::${ACCOUNT}:root` });
    expect(await callerIdentity(fakeClients())).toEqual({ account: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, kind: CallerKind.ROOT, pathKnown: true });
    serve({ callerArn: `arn:aws:sts::${ACCOUNT}:federated-user/carol` });
    expect(await callerIdentity(fakeClients())).toMatchObject({ kind: CallerKind.OTHER });
    expect((await callerIdentity(fakeClients())).principalArn).toBeUndefined();
  });

  test('no credentials: the STS failure is thrown (nothing can be checked)', async () => {
    serve({});
    mocks.sts.on(GetCallerIdentityCommand).rejects(new CredentialsProviderError('Could not load credentials from any providers'));
    await expect(callerIdentity(fakeClients())).rejects.toMatchObject({ operation: 'sts:GetCallerIdentity', kind: 'no-credentials' });
  });
});
