import { parseIamPrincipalArn } from '../../../fleet/participant-policy';
import { CALLER_IDENTITY_PERMISSIONS, CallerKind } from '../caller-identity';
import { PreflightCheck, PreflightContext, PreflightResult, PreflightRow, plural } from '../preflight-check';

const CHECK = "Deploying identity's cluster access";

/**
 * The identity that deploys must be able to use every cluster it creates: the workloads stack's
 * kubernetes provider authenticates as that identity (`aws eks get-token`), so without an access
 * entry every workloads stack fails with Unauthorized after the cluster is up. It gets one when
 * `bootstrapCreatorAdmin` is on (EKS makes the creator admin) or when its IAM principal is one of the
 * lab's admin principals (the participant, the instructors, `adminPrincipalArns`). Both at once is a
 * failure too: EKS already created the creator's entry, and the lab's own entry for the same principal
 * gets 409 (ResourceInUseException).
 *
 * A role session is matched by its role's ARN with its path (see callerIdentity); when iam:GetRole was
 * denied, by account and role name, and the row says the path was not verified.
 *
 * @see https://github.com/terraform-aws-modules/terraform-aws-eks/issues/3293 (409 ResourceInUseException for the creator's second entry)
 */
export const deployerAccessCheck: PreflightCheck = {
  name: CHECK,
  // It asks nothing itself: it reads the identity runPreflight resolved, with these.
  permissions: CALLER_IDENTITY_PERMISSIONS,
  async run(context) {
    const { identity, environments } = context;
    const bootstrap = context.config.bootstrapCreatorAdmin;
    const who = identity.principalArn ?? identity.arn;
    const listed = environments.filter((e) => e.adminPrincipalArns.some((arn) => sameIamPrincipal(context, arn)));
    const clusters = (list: readonly { clusterName: string }[]) => list.map((e) => e.clusterName).join(', ');
    const rows: PreflightRow[] = [];
    if (bootstrap && listed.length > 0) {
      rows.push({
        check: CHECK,
        result: PreflightResult.FAIL,
        figure: `${who} is made admin by bootstrapCreatorAdmin and also listed as admin of ${clusters(listed)}: EKS answers 409 to the second access entry`,
        fix: 'set bootstrapCreatorAdmin: false (the listed entry gives the access)',
      });
      return rows;
    }
    if (bootstrap) {
      return [{ check: CHECK, result: PreflightResult.PASS, figure: `${who} becomes admin of every cluster it creates (bootstrapCreatorAdmin)` }];
    }
    if (identity.kind === CallerKind.ROOT || identity.kind === CallerKind.OTHER) {
      return [
        {
          check: CHECK,
          result: PreflightResult.FAIL,
          figure: `${identity.arn} is not an IAM role or user, so no access entry can name it, and bootstrapCreatorAdmin is off`,
          fix: 'deploy with an IAM role or user listed in roster.instructorPrincipalArns or adminPrincipalArns (or set bootstrapCreatorAdmin: true)',
        },
      ];
    }
    const missing = environments.filter((e) => !listed.includes(e));
    if (missing.length > 0) {
      return [
        {
          check: CHECK,
          result: PreflightResult.FAIL,
          figure: `${who} would have no access to ${plural(missing.length, 'cluster')} (${clusters(missing)}): bootstrapCreatorAdmin is off and no admin principal names it; the workloads stacks would fail with Unauthorized`,
          fix: `add ${who} to ${context.config.roster === undefined ? 'adminPrincipalArns' : 'roster.instructorPrincipalArns'}, or deploy with a principal listed there`,
        },
      ];
    }
    const note = identity.pathKnown ? '' : ' (matched by role name: iam:GetRole was denied, so the role path was not verified)';
    return [
      {
        check: CHECK,
        result: identity.pathKnown ? PreflightResult.PASS : PreflightResult.WARN,
        figure: `${who} is an admin principal of every checked cluster${note}`,
        ...(identity.pathKnown ? {} : { fix: 'allow iam:GetRole to the deploying identity, or check that the listed ARN has the role\'s path (aws iam get-role)' }),
      },
    ];
  },
};

/** Whether `arn` names the deploying identity's IAM principal (by account and name when its path is unknown). */
function sameIamPrincipal(context: PreflightContext, arn: string): boolean {
  const { identity } = context;
  if (identity.principalArn === undefined) return false;
  if (identity.pathKnown) return arn === identity.principalArn;
  const mine = parseIamPrincipalArn(identity.principalArn);
  const theirs = parseIamPrincipalArn(arn);
  return mine !== undefined && theirs !== undefined && mine.type === theirs.type && mine.account === theirs.account && mine.name === theirs.name;
}
