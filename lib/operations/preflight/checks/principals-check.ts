import { GetRoleCommand, GetUserCommand } from '@aws-sdk/client-iam';
import { parseIamPrincipalArn } from '../../../fleet/participant-policy';
import { awsCall } from '../../aws-call-error';
import { mapInFlight } from '../../concurrency';
import { ClassMode } from '../../../plan/lab-plan';
import { isNoSuchEntity, PreflightCheck, PreflightContext, PreflightResult, PreflightRow, PreflightScope, plural } from '../preflight-check';
import { PrincipalReference, principalReferences } from '../principal-references';

const CHECK = 'IAM principals exist';

/** IAM reads in flight at once (IAM's request rate is account-wide and low). */
const IAM_CALLS_IN_FLIGHT = 5;

/** What IAM says about one configured ARN. */
type Lookup =
  | { readonly kind: 'exists' }
  | { readonly kind: 'other-arn'; readonly actualArn: string }
  | { readonly kind: 'missing' }
  | { readonly kind: 'other-account' };

/**
 * Every participant, instructor and admin ARN must name an existing IAM role or user, with its exact
 * ARN: CreateAccessEntry fails for a principal that does not exist, and an entry for an ARN without
 * the role's path (IAM Identity Center roles live under `/aws-reserved/sso.amazonaws.com/...`) never
 * matches the role's sessions. GetRole / GetUser by name (the last segment of the ARN) tells a typo
 * (no such name) from a wrong path (the name exists under another ARN, which the row names).
 * Principals of another account than the credentials' cannot be read (IAM reads only its own account):
 * WARN, not checked.
 *
 * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateAccessEntry.html
 * @see https://github.com/terraform-aws-modules/terraform-aws-eks/issues/2969 (an SSO role's entry needs its `aws-reserved/...` path)
 */
export const principalsCheck: PreflightCheck = {
  name: CHECK,
  // With accounts per participant: the participants' principals in their accounts, the instructors' here.
  scope: PreflightScope.BOTH,
  permissions: ['iam:GetRole', 'iam:GetUser'],
  async run(context) {
    const references = principalReferences(context.config, context.environments).filter((r) => askedHere(context, r.arn));
    const arns = [...new Set(references.map((r) => r.arn))];
    const lookups = new Map(await mapInFlight(arns, IAM_CALLS_IN_FLIGHT, async (arn) => [arn, await lookUp(context, arn)] as const));
    const rows: PreflightRow[] = [];
    let found = 0;
    for (const arn of arns) {
      const lookup = lookups.get(arn) as Lookup;
      const named = references.filter((r) => r.arn === arn);
      if (lookup.kind === 'exists') found++;
      else rows.push(problemRow(arn, named, lookup, context.identity.account));
    }
    if (found > 0 || arns.length === 0) {
      rows.unshift({
        check: CHECK,
        result: PreflightResult.PASS,
        figure: arns.length === 0 ? 'no principals configured (the deploying identity is the only admin)' : `${found} of ${plural(arns.length, 'role or user', 'roles or users')} found with their exact ARN`,
      });
    }
    return rows;
  },
};

/**
 * Whether `arn` is checked in the account `context` asks: everything in a shared account; with accounts
 * per participant, a participant's account checks the principals of that account, and the deploying
 * account the others (the instructors, the admins).
 */
function askedHere(context: PreflightContext, arn: string): boolean {
  if (context.plan.mode !== ClassMode.ACCOUNT_PER_PARTICIPANT) return true;
  const account = parseIamPrincipalArn(arn)?.account;
  if (context.account !== undefined) return account === context.account.accountId;
  return !context.plan.labs.some((lab) => lab.account?.accountId === account);
}

async function lookUp(context: PreflightContext, arn: string): Promise<Lookup> {
  const parts = parseIamPrincipalArn(arn);
  if (parts === undefined || parts.account !== context.identity.account) return { kind: 'other-account' };
  try {
    const actualArn =
      parts.type === 'role'
        ? (await awsCall('iam:GetRole', () => context.clients.iam.send(new GetRoleCommand({ RoleName: parts.name })))).Role?.Arn
        : (await awsCall('iam:GetUser', () => context.clients.iam.send(new GetUserCommand({ UserName: parts.name })))).User?.Arn;
    return actualArn === arn ? { kind: 'exists' } : { kind: 'other-arn', actualArn: actualArn ?? '(none)' };
  } catch (error) {
    if (isNoSuchEntity(error)) return { kind: 'missing' };
    throw error;
  }
}

function problemRow(arn: string, named: readonly PrincipalReference[], lookup: Exclude<Lookup, { kind: 'exists' }>, account: string): PreflightRow {
  const who = named.map((r) => r.role).join(', ');
  const fields = named.map((r) => r.field).join(' and ');
  const check = `IAM principal (${who})`;
  const parts = parseIamPrincipalArn(arn);
  const type = parts?.type ?? 'role';
  switch (lookup.kind) {
    case 'other-arn':
      return {
        check,
        result: PreflightResult.FAIL,
        figure: `${arn}: no ${type} has this ARN; the ${type} ${parts?.name} is ${lookup.actualArn}`,
        fix: `set ${fields} to ${lookup.actualArn} (an access entry must name the ${type} with its path)`,
      };
    case 'missing':
      return {
        check,
        result: PreflightResult.FAIL,
        figure: `${arn}: no IAM ${type} named ${parts?.name} in account ${account}`,
        fix: `correct ${fields} (aws iam list-${type}s lists them), or create the ${type} first: the deploy cannot create an access entry for it`,
      };
    case 'other-account':
      return {
        check,
        result: PreflightResult.WARN,
        figure: `not checked: ${arn} is in account ${parts?.account}, the credentials are of account ${account} (IAM reads only its own account)`,
        fix: `check in account ${parts?.account} that it exists with exactly this ARN (aws iam get-${type} --${type}-name ${parts?.name})`,
      };
  }
}
