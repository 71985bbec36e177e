import { GetAccountSummaryCommand } from '@aws-sdk/client-iam';
import { UniqueNameKind, uniqueNamesOf } from '../../../plan/unique-names';
import { awsCall } from '../../aws-call-error';
import { iamRoleNames } from '../collisions/iam-role-names';
import { PreflightCheck, PreflightResult, plural } from '../preflight-check';
import { existingNames } from './name-collision-check';

const CHECK = 'IAM roles';

/**
 * The IAM roles the checked labs create (each lab's cluster, node and add-on roles) against the
 * account's "Roles per account" quota and the roles it has (IAM GetAccountSummary: `Roles`,
 * `RolesQuota`; IAM is global, so every region's labs count). A role of the lab that exists already
 * (a redeploy) needs no room. A class of 200 in one account creates 800 or more roles (cluster, node, EBS CSI
 * driver, VPC CNI; an IAM Identity Center participant's learner role) of a default quota of 1000.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 * @see https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountSummary.html
 */
export const iamRoleQuotaCheck: PreflightCheck = {
  name: CHECK,
  permissions: ['iam:GetAccountSummary', ...iamRoleNames.permissions],
  async run(context) {
    const { config, environments, clients } = context;
    const perLab = environments.map((e) => uniqueNamesOf(config, e).filter((n) => n.kind === UniqueNameKind.IAM_ROLE).map((n) => n.name));
    const names = perLab.flat();
    if (names.length === 0) return [];
    // An IAM Identity Center participant's lab has one role more (their learner role).
    const fewest = Math.min(...perLab.map((n) => n.length));
    const most = Math.max(...perLab.map((n) => n.length));
    const [summary, existing] = await Promise.all([
      awsCall('iam:GetAccountSummary', () => clients.iam.send(new GetAccountSummaryCommand({}))),
      existingNames(iamRoleNames, names, context),
    ]);
    const roles = summary.SummaryMap?.Roles ?? 0;
    const quota = summary.SummaryMap?.RolesQuota;
    const toCreate = names.filter((n) => !existing.has(n)).length;
    const figure = `${toCreate} to create (${plural(environments.length, 'lab')}, ${fewest === most ? most : `${fewest} to ${most}`} a lab)${existing.size > 0 ? `, ${existing.size} of the lab's exist` : ''}; ${roles} in the account`;
    if (quota === undefined) {
      return [{ check: CHECK, result: PreflightResult.WARN, figure: `${figure}; IAM did not say the quota (GetAccountSummary without RolesQuota)`, fix: 'check "Roles per account" in the Service Quotas console (IAM)' }];
    }
    if (roles + toCreate > quota) {
      return [
        {
          check: CHECK,
          result: PreflightResult.FAIL,
          figure: `${figure}, quota ${quota}`,
          fix: `delete unused roles (aws iam list-roles) or request "Roles per account" of at least ${roles + toCreate} in Service Quotas (IAM, global); or give participants accounts of their own (roster.participants[].accountId)`,
        },
      ];
    }
    return [{ check: CHECK, result: PreflightResult.PASS, figure: `${figure}, quota ${quota}: ${plural(quota - roles - toCreate, 'role')} to spare` }];
  },
};
