import type { LabAccount } from '../../plan/lab-environment';
import type { LabPlan } from '../../plan/lab-plan';
import { AwsCallError } from '../aws-call-error';
import { mapInFlight } from '../concurrency';
import { findLeftovers, FindLeftoversOptions, LeftoverClients } from './find-leftovers';
import type { AccountNotChecked, LeftoverReport } from './leftover-report';

/** Participants' accounts asked at once. */
const ACCOUNTS_IN_FLIGHT = 5;

/**
 * The leftovers of a class of one account per participant: each participant's lab looked for in their
 * own account (through its account role) as {@link findLeftovers} looks in one, and the reports
 * merged, participants in roster order. An account whose role cannot be assumed is named in
 * `accountsNotChecked` with the error; the others are checked.
 *
 * @throws AwsCallError when an account can be asked but a call fails (permissions, throttling)
 */
export async function findLeftoversInAccounts(
  plan: LabPlan,
  clientsFor: (account: LabAccount) => LeftoverClients,
  options: FindLeftoversOptions = {},
): Promise<LeftoverReport> {
  const { config } = plan;
  const labs = plan.labs.filter((lab) => lab.account !== undefined && (options.participantId === undefined || lab.participant?.id === options.participantId));
  const results = await mapInFlight(labs, ACCOUNTS_IN_FLIGHT, async (lab) => {
    const account = lab.account as LabAccount;
    const participantId = lab.participant?.id ?? lab.clusterName;
    try {
      return { report: await findLeftovers(plan, clientsFor(account), { participantId }) };
    } catch (error) {
      if (!(error instanceof AwsCallError) || !isAssumeRoleFailure(error)) throw error;
      const notChecked: AccountNotChecked = { participantId, accountId: account.accountId, why: `cannot assume ${account.roleArn}: ${error.message}` };
      return { notChecked, clusterName: lab.clusterName };
    }
  });
  const reports = results.flatMap((r) => (r.report === undefined ? [] : [r.report]));
  const groups = reports.flatMap((r) => r.groups);
  return {
    labName: config.labName,
    region: config.region,
    ...(options.participantId === undefined ? {} : { participantId: options.participantId }),
    clusterNames: reports.flatMap((r) => r.clusterNames),
    groups,
    total: groups.reduce((n, g) => n + g.resources.length, 0),
    ignored: reports.flatMap((r) => r.ignored),
    iamRolesNotChecked: reports.flatMap((r) => r.iamRolesNotChecked),
    accountsNotChecked: results.flatMap((r) => (r.notChecked === undefined ? [] : [r.notChecked])),
  };
}

/**
 * Whether `error` came from assuming the account role (the credential provider's STS call) rather than
 * from a call in the account: STS's own errors, and the SDK's names for credentials it could not get.
 */
function isAssumeRoleFailure(error: AwsCallError): boolean {
  return /AssumeRole|sts:/i.test(error.message) || error.operation.startsWith('sts:') || /^(AccessDenied|CredentialsProviderError|RegionDisabledException)$/.test(error.awsErrorName);
}
