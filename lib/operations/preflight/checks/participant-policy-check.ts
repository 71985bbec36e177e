import { SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import { LabEnvironment } from '../../../plan/lab-environment';
import { parseIamPrincipalArn, participantPolicy, participantPolicyHolder } from '../../../fleet/participant-policy';
import { awsCall } from '../../aws-call-error';
import { mapInFlight } from '../../concurrency';
import { isNoSuchEntity, PreflightCheck, PreflightContext, PreflightResult, PreflightRow, plural } from '../preflight-check';

const CHECK = "Participants' IAM policy";

/** IAM simulations in flight at once. */
const IAM_CALLS_IN_FLIGHT = 5;

/** Participants named in a row before `and N more`. */
const LISTED = 5;

/** What the simulator says for one participant. */
type Verdict = 'allowed' | 'denied' | 'missing' | 'other-account';

/**
 * Whether each participant's principal may call what its kubeconfig command needs
 * (`eks:DescribeCluster` on its own cluster; for an IAM Identity Center user, `sts:AssumeRole` on
 * their learner role, for their permission set's role), by IAM's policy simulator (SimulatePrincipalPolicy:
 * the principal's policies and permissions boundary, as IAM evaluates them). The lab does
 * not manage participants' principals: a denial is a WARN (the deploy works; the participant cannot
 * fetch a kubeconfig), with the policy `npm run roster` prints and the command that attaches it. A
 * principal of another account, or one that does not exist, cannot be simulated here.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html
 */
export const participantPolicyCheck: PreflightCheck = {
  name: CHECK,
  permissions: ['iam:SimulatePrincipalPolicy'],
  async run(context) {
    const labs = context.environments.filter((e) => e.participant !== undefined);
    if (labs.length === 0) return [];
    const verdicts = await mapInFlight(labs, IAM_CALLS_IN_FLIGHT, (env) => simulate(context, env));
    const ids = (verdict: Verdict) => labs.filter((_, i) => verdicts[i] === verdict);
    const [allowed, denied, missing, elsewhere] = (['allowed', 'denied', 'missing', 'other-account'] as const).map(ids);
    const rows: PreflightRow[] = [];
    if (denied.length > 0) {
      const example = denied[0];
      rows.push({
        check: CHECK,
        result: PreflightResult.WARN,
        figure: `${what(example)} is denied for ${denied.length} of ${plural(labs.length, 'participant')}: ${listed(denied)}; they cannot run their kubeconfig command`,
        fix: `attach each one's iamPolicy from \`npm run roster\`, e.g. for ${example.participant?.id}: ${attachCommand(context, example)}`,
      });
    }
    if (missing.length + elsewhere.length > 0) {
      rows.push({
        check: CHECK,
        result: PreflightResult.WARN,
        figure:
          `not checked for ${plural(missing.length + elsewhere.length, 'participant')}: ` +
          [missing.length > 0 ? `${listed(missing)} (no such principal, see IAM principals exist)` : '', elsewhere.length > 0 ? `${listed(elsewhere)} (in another account than the credentials')` : '']
            .filter((s) => s !== '')
            .join('; '),
        fix: "check that each has its iamPolicy from `npm run roster` (in another account: that its cluster ARN names the deploying account, where the clusters are)",
      });
    }
    if (allowed.length > 0) {
      rows.unshift({ check: CHECK, result: PreflightResult.PASS, figure: `${allowed.length} of ${plural(labs.length, 'participant')} may call ${[...new Set(allowed.map(what))].join('; ')}` });
    }
    return rows;
  },
};

/** What the participant's principal must be allowed, in words: `eks:DescribeCluster on their cluster`. */
function what(env: LabEnvironment): string {
  return env.participantAccess?.learnerRole === undefined ? 'eks:DescribeCluster on their cluster' : "sts:AssumeRole on their learner role (their permission set's role)";
}

async function simulate(context: PreflightContext, env: LabEnvironment): Promise<Verdict> {
  const arn = participantPolicyHolder(env) ?? '';
  if (parseIamPrincipalArn(arn)?.account !== context.identity.account) return 'other-account';
  const [statement] = participantPolicy(context.config, env).Statement;
  try {
    const answer = await awsCall('iam:SimulatePrincipalPolicy', () =>
      context.clients.iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: arn, ActionNames: [...statement.Action], ResourceArns: [...statement.Resource] })),
    );
    const results = answer.EvaluationResults ?? [];
    return results.length > 0 && results.every((r) => r.EvalDecision === 'allowed') ? 'allowed' : 'denied';
  } catch (error) {
    if (isNoSuchEntity(error)) return 'missing';
    throw error;
  }
}

/**
 * The AWS CLI command that attaches the participant's policy to its role or user, as an inline policy;
 * for an IAM Identity Center user, where it goes instead (a permission set's role is IAM Identity
 * Center's own: its policies are changed through the permission set).
 */
function attachCommand(context: PreflightContext, env: LabEnvironment): string {
  const document = JSON.stringify(participantPolicy(context.config, env));
  if (env.participantAccess?.learnerRole !== undefined) {
    return `add \`npm run roster\`'s permissionSetPolicies to the inline policy of the permission set of ${env.participant?.ssoUser?.permissionSetRoleArn} (IAM Identity Center console, or aws sso-admin put-inline-policy-to-permission-set, then provision it): ${document}`;
  }
  const parts = parseIamPrincipalArn(env.participant?.principalArn ?? '');
  const kind = parts?.type ?? 'role';
  return `aws iam put-${kind}-policy --${kind}-name ${parts?.name} --policy-name ${env.clusterName}-kubeconfig --policy-document '${document}'`;
}

function listed(labs: readonly LabEnvironment[]): string {
  const ids = labs.map((e) => e.participant?.id ?? e.clusterName);
  return ids.length <= LISTED ? ids.join(', ') : `${ids.slice(0, LISTED).join(', ')} and ${ids.length - LISTED} more`;
}
