import { CostExplorerClient, ListCostAllocationTagsCommand } from '@aws-sdk/client-cost-explorer';
import { DescribeOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { BudgetFilter, LabConfig } from '../../config/lab-config';
import { LAB_TAG_KEYS } from '../../config/lab-tags';
import { labBudgetName } from '../../plan/lab-names';
import { partitionOf } from '../../config/partition';
import { AwsCallError, awsCall, awsFailureFix } from '../aws-call-error';
import type { BudgetGuardStatus } from './verify-report';

/**
 * The region of the Cost Explorer endpoint of the lab's partition (Cost Explorer is not regional;
 * Organizations answers there too).
 * @see https://docs.aws.amazon.com/general/latest/gr/billing.html
 */
export function costExplorerRegion(region: string): string {
  return partitionOf(region) === 'aws-cn' ? 'cn-northwest-1' : 'us-east-1';
}

/** The IAM permissions {@link budgetGuardStatus} needs: the tag's status, and when it is not active, whose account can activate it. */
export const BUDGET_GUARD_PERMISSIONS: readonly string[] = ['ce:ListCostAllocationTags', 'organizations:DescribeOrganization', 'sts:GetCallerIdentity'];

/** The command that activates the lab tag as a cost allocation tag, once per account (or organization). */
export const ACTIVATE_LAB_TAG_COMMAND = `aws ce update-cost-allocation-tags-status --cost-allocation-tags-status TagKey=${LAB_TAG_KEYS.lab},Status=Active`;

/** The clients the budget guard's status asks. */
export interface BudgetGuardClients {
  /** Cost Explorer, in its partition's region. */
  readonly costExplorer: CostExplorerClient;
  /** Organizations, in the same region. */
  readonly organizations: OrganizationsClient;
  /** STS, for the account id of the credentials. */
  readonly sts: STSClient;
}

/**
 * Whether the budget guard of `config` can see the lab's costs. A participant's own account is
 * counted whole, and `budget.scope: region` counts the whole region: neither needs a tag. Otherwise the
 * filter is the tag `lab`, which counts only once `lab` is an active cost allocation tag; the stacks do
 * not activate it (activation is account-wide: one class's destroy would deactivate it for every other,
 * and AWS lists a new key only up to a day after the first resource carries it), so verify says whether
 * it is active and, if not, who can activate it.
 *
 * Only the management account of an AWS Organizations organization can activate a cost allocation tag
 * (for every account of it): in a member account the activation command fails, and the budget counts
 * nothing until the management account activates the tag. DescribeOrganization, which a member account
 * may call too, tells which: the organization's MasterAccountId is not this account.
 *
 * Never throws for a Cost Explorer or Organizations failure (they are not what verify is about): the
 * status then says it could not tell, and why. Undefined when the configuration has no budget.
 *
 * @see https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/activating-tags.html
 * @see https://docs.aws.amazon.com/organizations/latest/APIReference/API_DescribeOrganization.html
 */
export async function budgetGuardStatus(config: LabConfig, clients: BudgetGuardClients): Promise<BudgetGuardStatus | undefined> {
  if (!config.budget.enabled) return undefined;
  const budgetName = labBudgetName(config.labName, config.region);
  const base = { budgetName, tagKey: LAB_TAG_KEYS.lab };
  if (config.roster?.participants.some((p) => p.accountId !== undefined) ?? false) {
    return { ...base, active: true, detail: "each participant's budgets count their whole account: no cost allocation tag needed" };
  }
  if (config.budget.scope === BudgetFilter.REGION) {
    return { ...base, active: true, detail: `it counts every cost of the account in ${config.region} (budget.scope ${BudgetFilter.REGION}): no cost allocation tag needed` };
  }
  try {
    const answer = await awsCall('ce:ListCostAllocationTags', () =>
      clients.costExplorer.send(new ListCostAllocationTagsCommand({ TagKeys: [LAB_TAG_KEYS.lab], MaxResults: 1 })),
    );
    const tag = answer.CostAllocationTags?.find((t) => t.TagKey === LAB_TAG_KEYS.lab);
    if (tag?.Status === 'Active') return { ...base, active: true, detail: `the tag key ${LAB_TAG_KEYS.lab} is an active cost allocation tag` };
    const state = tag === undefined ? 'not listed yet (AWS lists a tag key up to 24 hours after the first resource carries it)' : `${tag.Status ?? 'not active'}`;
    const detail = `the tag key ${LAB_TAG_KEYS.lab} is not an active cost allocation tag: ${state}; until it is, the budget counts nothing`;
    const membership = await organizationMembership(clients);
    if (membership.kind === 'member') {
      return {
        ...base,
        active: false,
        detail:
          `${detail}. This account (${membership.account}) is a member of AWS Organizations organization ${membership.organizationId}: ` +
          `only its management account (${membership.managementAccount}) can activate a cost allocation tag, so the activation command fails here`,
        fix:
          `ask the administrator of the management account ${membership.managementAccount} to run, there: ${ACTIVATE_LAB_TAG_COMMAND} ` +
          `(it then counts in every account of the organization); or, in an account that holds only this lab or class, set budget.scope: ${BudgetFilter.REGION} ` +
          'and redeploy the network stack (the budget then counts every cost of the account in the region, no tag needed)',
      };
    }
    const unknown = membership.kind === 'unknown' ? ` (whether this account is an AWS Organizations member could not be told: ${membership.why}; in a member account only the management account can activate it)` : '';
    return {
      ...base,
      active: false,
      detail: detail + unknown,
      fix: `activate it once for the account (account-wide, and leave it active: every class relies on it): ${ACTIVATE_LAB_TAG_COMMAND}`,
    };
  } catch (error) {
    if (!(error instanceof AwsCallError)) throw error;
    const fix = awsFailureFix(error.kind, BUDGET_GUARD_PERMISSIONS);
    return { ...base, active: false, detail: `could not tell whether the tag key ${LAB_TAG_KEYS.lab} is active: ${error.message}`, ...(fix === undefined ? {} : { fix }) };
  }
}

/** Where the credentials' account stands in AWS Organizations. */
type Membership =
  | { readonly kind: 'standalone' | 'management' }
  | { readonly kind: 'member'; readonly account: string; readonly organizationId: string; readonly managementAccount: string }
  | { readonly kind: 'unknown'; readonly why: string };

/** Whether this account is an organization's management account, a member of one, or in none. */
async function organizationMembership(clients: BudgetGuardClients): Promise<Membership> {
  try {
    const [{ Organization: org }, { Account: account }] = await Promise.all([
      awsCall('organizations:DescribeOrganization', () => clients.organizations.send(new DescribeOrganizationCommand({}))),
      awsCall('sts:GetCallerIdentity', () => clients.sts.send(new GetCallerIdentityCommand({}))),
    ]);
    if (org?.MasterAccountId === undefined || account === undefined) return { kind: 'unknown', why: 'Organizations named no management account' };
    if (org.MasterAccountId === account) return { kind: 'management' };
    return { kind: 'member', account, organizationId: org.Id ?? 'unknown', managementAccount: org.MasterAccountId };
  } catch (error) {
    if (!(error instanceof AwsCallError)) throw error;
    // The account belongs to no organization: it pays its own bill and activates its own tags.
    if (error.awsErrorName === 'AWSOrganizationsNotInUseException') return { kind: 'standalone' };
    return { kind: 'unknown', why: error.message };
  }
}
