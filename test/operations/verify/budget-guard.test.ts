import { CostExplorerClient, CostExplorerServiceException, ListCostAllocationTagsCommand } from '@aws-sdk/client-cost-explorer';
import { ACTIVATE_LAB_TAG_COMMAND, budgetGuardStatus, costExplorerRegion } from '../../../lib/operations/verify/budget-guard';
import { formatVerify } from '../../../lib/operations/verify/format-verify';
import { classConfig } from '../../support/fixtures';
import { ceMock } from './fake-verify-aws';

const WITH_BUDGET = classConfig(2, { budget: { alertEmails: ['instructor@example.com'] } });
const ce = () => new CostExplorerClient({ region: 'us-east-1' });

describe('budget guard status: is the lab tag an active cost allocation tag', () => {
  beforeEach(() => ceMock.reset());

  test('active: the budget counts the costs', async () => {
    ceMock.on(ListCostAllocationTagsCommand).resolves({ CostAllocationTags: [{ TagKey: 'lab', Type: 'UserDefined', Status: 'Active' }] });
    expect(await budgetGuardStatus(WITH_BUDGET, ce())).toEqual({
      budgetName: 'eks-workshop-us-west-2-after-expiry',
      tagKey: 'lab',
      active: true,
      detail: 'the tag key lab is an active cost allocation tag',
    });
    expect(ceMock.commandCalls(ListCostAllocationTagsCommand)[0].args[0].input).toEqual({ TagKeys: ['lab'], MaxResults: 1 });
  });

  test('inactive, or not listed yet: not watching, with the one-time activation command', async () => {
    ceMock.on(ListCostAllocationTagsCommand).resolves({ CostAllocationTags: [{ TagKey: 'lab', Type: 'UserDefined', Status: 'Inactive' }] });
    const inactive = await budgetGuardStatus(WITH_BUDGET, ce());
    expect(inactive).toMatchObject({ active: false, detail: 'the tag key lab is not an active cost allocation tag: Inactive; until it is, the budget counts nothing' });
    expect(inactive?.fix).toBe(`activate it once for the account (account-wide, and leave it active: every class relies on it): ${ACTIVATE_LAB_TAG_COMMAND}`);
    expect(ACTIVATE_LAB_TAG_COMMAND).toBe('aws ce update-cost-allocation-tags-status --cost-allocation-tags-status TagKey=lab,Status=Active');
    ceMock.on(ListCostAllocationTagsCommand).resolves({ CostAllocationTags: [] });
    expect((await budgetGuardStatus(WITH_BUDGET, ce()))?.detail).toMatch(/not listed yet \(AWS lists a tag key up to 24 hours after the first resource carries it\)/);
  });

  test('Cost Explorer refused: said, not fatal', async () => {
    ceMock.on(ListCostAllocationTagsCommand).rejects(new CostExplorerServiceException({ name: 'AccessDeniedException', $fault: 'client', $metadata: {}, message: 'not allowed' }));
    expect(await budgetGuardStatus(WITH_BUDGET, ce())).toMatchObject({
      active: false,
      detail: 'could not tell whether the tag key lab is active: ce:ListCostAllocationTags failed: AccessDeniedException: not allowed',
      fix: 'The identity may not call it: this command needs ce:ListCostAllocationTags.',
    });
  });

  test('no budget configured: nothing asked', async () => {
    expect(await budgetGuardStatus(classConfig(2), ce())).toBeUndefined();
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
