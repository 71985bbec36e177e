import { CostExplorerServiceException, ListCostAllocationTagsCommand } from '@aws-sdk/client-cost-explorer';
import { AWSOrganizationsNotInUseException, AccessDeniedException, DescribeOrganizationCommand } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { ACTIVATE_LAB_TAG_COMMAND, budgetGuardStatus, costExplorerRegion } from '../../../lib/operations/verify/budget-guard';
import { formatVerify } from '../../../lib/operations/verify/format-verify';
import { classConfig } from '../../support/fixtures';
import { ceMock, fakeVerifyClients, organizationsMock, stsMock } from './fake-verify-aws';

const WITH_BUDGET = classConfig(2, { budget: { alertEmails: ['instructor@example.com'] } });
const clients = () => fakeVerifyClients();
const ACCOUNT = '123456789012';
const MANAGEMENT = '999999999999';

/** Cost Explorer answers the tag with `status`; Organizations names `management` (or none); STS names ACCOUNT. */
function serve(status: string | undefined, management?: string): void {
  [ceMock, organizationsMock, stsMock].forEach((m) => m.reset());
  ceMock.on(ListCostAllocationTagsCommand).resolves({ CostAllocationTags: status === undefined ? [] : [{ TagKey: 'lab', Type: 'UserDefined', Status: status as 'Active' }] });
  stsMock.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Instructor/me` });
  if (management === undefined) {
    organizationsMock.on(DescribeOrganizationCommand).rejects(new AWSOrganizationsNotInUseException({ message: 'Your account is not a member of an organization.', $metadata: {} }));
  } else {
    organizationsMock.on(DescribeOrganizationCommand).resolves({ Organization: { Id: 'o-abc123', MasterAccountId: management, MasterAccountEmail: 'billing@example.com' } });
  }
}

describe('budget guard status: is the lab tag an active cost allocation tag', () => {
  test('active: the budget counts the costs; nothing else is asked', async () => {
    serve('Active');
    expect(await budgetGuardStatus(WITH_BUDGET, clients())).toEqual({
      budgetName: 'eks-workshop-us-west-2-after-expiry',
      tagKey: 'lab',
      active: true,
      detail: 'the tag key lab is an active cost allocation tag',
    });
    expect(ceMock.commandCalls(ListCostAllocationTagsCommand)[0].args[0].input).toEqual({ TagKeys: ['lab'], MaxResults: 1 });
    expect(organizationsMock.commandCalls(DescribeOrganizationCommand)).toEqual([]);
  });

  test('inactive, or not listed yet, in an account of its own: not watching, with the one-time activation command', async () => {
    serve('Inactive');
    const inactive = await budgetGuardStatus(WITH_BUDGET, clients());
    expect(inactive).toMatchObject({ active: false, detail: 'the tag key lab is not an active cost allocation tag: Inactive; until it is, the budget counts nothing' });
    expect(inactive?.fix).toBe(`activate it once for the account (account-wide, and leave it active: every class relies on it): ${ACTIVATE_LAB_TAG_COMMAND}`);
    expect(ACTIVATE_LAB_TAG_COMMAND).toBe('aws ce update-cost-allocation-tags-status --cost-allocation-tags-status TagKey=lab,Status=Active');
    serve(undefined);
    expect((await budgetGuardStatus(WITH_BUDGET, clients()))?.detail).toMatch(/not listed yet \(AWS lists a tag key up to 24 hours after the first resource carries it\)/);
  });

  test("the organization's management account: the command works there, as in an account of its own", async () => {
    serve('Inactive', ACCOUNT);
    expect((await budgetGuardStatus(WITH_BUDGET, clients()))?.fix).toBe(
      `activate it once for the account (account-wide, and leave it active: every class relies on it): ${ACTIVATE_LAB_TAG_COMMAND}`,
    );
  });

  test('a member account: says the command cannot work here, who can run it, and what counts without the tag', async () => {
    serve('Inactive', MANAGEMENT);
    const member = await budgetGuardStatus(WITH_BUDGET, clients());
    expect(member?.active).toBe(false);
    expect(member?.detail).toBe(
      'the tag key lab is not an active cost allocation tag: Inactive; until it is, the budget counts nothing. ' +
        `This account (${ACCOUNT}) is a member of AWS Organizations organization o-abc123: only its management account (${MANAGEMENT}) can activate a cost allocation tag, ` +
        'so the activation command fails here',
    );
    expect(member?.fix).toBe(
      `ask the administrator of the management account ${MANAGEMENT} to run, there: ${ACTIVATE_LAB_TAG_COMMAND} (it then counts in every account of the organization); ` +
        'or, in an account that holds only this lab or class, set budget.scope: region and redeploy the network stack ' +
        '(the budget then counts every cost of the account in the region, no tag needed)',
    );
    expect(member?.fix).not.toMatch(/^activate it once/);
  });

  test('DescribeOrganization denied: the usual fix, and the caveat that a member account cannot use it', async () => {
    serve('Inactive', MANAGEMENT);
    organizationsMock.on(DescribeOrganizationCommand).rejects(new AccessDeniedException({ message: 'not allowed', $metadata: {} }));
    expect((await budgetGuardStatus(WITH_BUDGET, clients()))?.detail).toMatch(
      /\(whether this account is an AWS Organizations member could not be told: organizations:DescribeOrganization failed: AccessDeniedException: not allowed; in a member account only the management account can activate it\)$/,
    );
  });

  test('budget.scope region, or one account per participant: no tag to activate, nothing asked', async () => {
    serve('Inactive', MANAGEMENT);
    expect(await budgetGuardStatus(classConfig(2, { budget: { alertEmails: ['i@example.com'], scope: 'region' } }), clients())).toMatchObject({
      active: true,
      detail: 'it counts every cost of the account in us-west-2 (budget.scope region): no cost allocation tag needed',
    });
    const ownAccounts = classConfig(1, {
      budget: { alertEmails: ['i@example.com'] },
      roster: { participants: [{ id: 'ana', principalArn: 'arn:aws:iam::111111111111:role/ana', accountId: '111111111111' }] },
    });
    expect((await budgetGuardStatus(ownAccounts, clients()))?.active).toBe(true);
    expect(ceMock.commandCalls(ListCostAllocationTagsCommand)).toEqual([]);
  });

  test('Cost Explorer refused: said, not fatal', async () => {
    serve('Active');
    ceMock.on(ListCostAllocationTagsCommand).rejects(new CostExplorerServiceException({ name: 'AccessDeniedException', $fault: 'client', $metadata: {}, message: 'not allowed' }));
    expect(await budgetGuardStatus(WITH_BUDGET, clients())).toMatchObject({
      active: false,
      detail: 'could not tell whether the tag key lab is active: ce:ListCostAllocationTags failed: AccessDeniedException: not allowed',
      fix: 'The identity may not call it: this command needs ce:ListCostAllocationTags, organizations:DescribeOrganization, sts:GetCallerIdentity.',
    });
  });

  test('no budget configured: nothing asked', async () => {
    serve('Active');
    expect(await budgetGuardStatus(classConfig(2), clients())).toBeUndefined();
    expect(ceMock.commandCalls(ListCostAllocationTagsCommand)).toEqual([]);
  });

  test('the report says when the guard is not watching', () => {
    const text = formatVerify({
      labName: 'eks-workshop',
      region: 'us-west-2',
      isClass: true,
      labs: [],
      readyCount: 0,
      expired: [],
      budgetGuard: { budgetName: 'b', tagKey: 'lab', active: false, detail: 'the tag key lab is not an active cost allocation tag: Inactive', fix: 'run x' },
    });
    expect(text).toContain('\nbudget guard b: NOT WATCHING: the tag key lab is not an active cost allocation tag: Inactive\n  fix: run x\n');
  });

  test('Cost Explorer answers in us-east-1 (cn-northwest-1 in China)', () => {
    expect([costExplorerRegion('eu-west-1'), costExplorerRegion('cn-north-1')]).toEqual(['us-east-1', 'cn-northwest-1']);
  });
});
