import { CostExplorerClient, ListCostAllocationTagsCommand } from '@aws-sdk/client-cost-explorer';
import { LabConfig } from '../../config/lab-config';
import { LAB_TAG_KEYS } from '../../config/lab-tags';
import { labBudgetName } from '../../plan/lab-names';
import { partitionOf } from '../../config/partition';
import { AwsCallError, awsCall, awsFailureFix } from '../aws-call-error';
import type { BudgetGuardStatus } from './verify-report';

/**
 * The region of the Cost Explorer endpoint of the lab's partition (Cost Explorer is not regional).
 * @see https://docs.aws.amazon.com/general/latest/gr/billing.html
 */
export function costExplorerRegion(region: string): string {
  return partitionOf(region) === 'aws-cn' ? 'cn-northwest-1' : 'us-east-1';
}

/** The IAM permissions {@link budgetGuardStatus} needs. */
export const BUDGET_GUARD_PERMISSIONS: readonly string[] = ['ce:ListCostAllocationTags'];

/** The command that activates the lab tag as a cost allocation tag, once per account. */
export const ACTIVATE_LAB_TAG_COMMAND = `aws ce update-cost-allocation-tags-status --cost-allocation-tags-status TagKey=${LAB_TAG_KEYS.lab},Status=Active`;

/**
 * Whether the budget guard of `config` can see the lab's costs: its filter is the tag `lab`, which
 * counts only once `lab` is an active cost allocation tag of the account. The stacks do not activate
 * it (activation is account-wide: one class's destroy would deactivate it for every other, and AWS
 * lists a new key only up to a day after the first resource carries it), so verify says whether it is
 * active and, if not, how to activate it. Undefined when the configuration has no budget.
 *
 * Never throws for a Cost Explorer failure (it is not what verify is about): the status then says it
 * could not tell, and why.
 *
 * @see https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/activating-tags.html
 */
export async function budgetGuardStatus(config: LabConfig, ce: CostExplorerClient): Promise<BudgetGuardStatus | undefined> {
  if (!config.budget.enabled) return undefined;
  const budgetName = labBudgetName(config.labName, config.region);
  try {
    const answer = await awsCall('ce:ListCostAllocationTags', () => ce.send(new ListCostAllocationTagsCommand({ TagKeys: [LAB_TAG_KEYS.lab], MaxResults: 1 })));
    const tag = answer.CostAllocationTags?.find((t) => t.TagKey === LAB_TAG_KEYS.lab);
    if (tag?.Status === 'Active') return { budgetName, tagKey: LAB_TAG_KEYS.lab, active: true, detail: `the tag key ${LAB_TAG_KEYS.lab} is an active cost allocation tag` };
    const state = tag === undefined ? 'not listed yet (AWS lists a tag key up to 24 hours after the first resource carries it)' : `${tag.Status ?? 'not active'}`;
    return {
      budgetName,
      tagKey: LAB_TAG_KEYS.lab,
      active: false,
      detail: `the tag key ${LAB_TAG_KEYS.lab} is not an active cost allocation tag: ${state}; until it is, the budget counts nothing`,
      fix: `activate it once for the account (account-wide, and leave it active: every class relies on it): ${ACTIVATE_LAB_TAG_COMMAND}`,
    };
  } catch (error) {
    if (!(error instanceof AwsCallError)) throw error;
    const fix = awsFailureFix(error.kind, BUDGET_GUARD_PERMISSIONS);
    return { budgetName, tagKey: LAB_TAG_KEYS.lab, active: false, detail: `could not tell whether the tag key ${LAB_TAG_KEYS.lab} is active: ${error.message}`, ...(fix === undefined ? {} : { fix }) };
  }
}
