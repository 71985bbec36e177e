import { classRunnerCommands, fleetCommands, shellLine } from './fleet-commands';
import type { LabPlan } from '../plan/lab-plan';
import { StackKind } from '../plan/stack-plan';
import { IamPolicyDocument, LEARNER_ROLE_ACTIONS, participantPolicy } from './participant-policy';

/** One row of the roster summary: what an instructor mails to a participant. */
export interface RosterSummaryRow {
  /** Participant id (empty for a single lab). */
  readonly participant: string;
  /**
   * The IAM principal with cluster-admin on the participant's cluster: their own role or user, or the
   * learner role an IAM Identity Center user assumes (empty for a single lab).
   */
  readonly principalArn: string;
  /** The participant's IAM Identity Center user and permission set role. @default - none: an IAM role or user of their own */
  readonly ssoUser?: { readonly permissionSetRoleArn: string; readonly userName: string };
  /**
   * For an IAM Identity Center user: the role they assume, and the AWS CLI commands that create the
   * profile named like the cluster which {@link updateKubeconfigCommand} uses (`YOUR_SSO_PROFILE` is
   * their own IAM Identity Center profile). @default - none
   */
  readonly assumeRole?: { readonly roleArn: string; readonly profile: string; readonly profileCommands: readonly string[] };
  /** The participant's own AWS account, where their lab runs (empty when the class shares the deploying account). */
  readonly accountId: string;
  /** EKS cluster name. */
  readonly clusterName: string;
  /** AWS region. */
  readonly region: string;
  /** The command that adds the cluster to the participant's kubeconfig (run with their own credentials). */
  readonly updateKubeconfigCommand: string;
  /**
   * The same for an instructor, through the role the deploy assumes in the participant's account.
   * @default - none: in a shared account instructors run updateKubeconfigCommand with their own credentials
   */
  readonly instructorKubeconfigCommand?: string;
  /** Terraform stacks of this lab: cluster, then workloads. */
  readonly stacks: readonly [string, string];
  /** The `expires-on` tag value (empty when not configured). */
  readonly expiresOn: string;
  /** The cdktf commands that deploy, reset the workloads of, and destroy this lab alone. */
  readonly commands: { readonly deploy: string; readonly resetWorkloads: readonly string[]; readonly destroy: string };
  /** The same with the class runner (`npm run class`). */
  readonly classCommands: { readonly deploy: string; readonly resetWorkloads: readonly string[]; readonly destroy: string };
  /**
   * The IAM policy the participant's principal needs for {@link updateKubeconfigCommand}
   * (`eks:DescribeCluster` on this cluster; for an IAM Identity Center user, `sts:AssumeRole` on
   * their learner role, which their permission set needs). @default - none: a single lab has no participant
   */
  readonly iamPolicy?: IamPolicyDocument;
}

/** What one permission set the class shares needs: to assume the learner role of each of its users. */
export interface PermissionSetPolicy {
  /** The permission set's role. */
  readonly permissionSetRoleArn: string;
  /** The participants who sign in with it. */
  readonly participants: readonly string[];
  /** The policy for the permission set's inline policy. */
  readonly policy: IamPolicyDocument;
}

/** The machine-readable roster summary: one row per lab, in roster order. */
export interface RosterSummary {
  /** The lab name. */
  readonly labName: string;
  /** The stack of the shared network, when there is a roster. */
  readonly sharedNetworkStack?: string;
  /** One row per lab. */
  readonly labs: readonly RosterSummaryRow[];
  /** The cdktf commands for every lab at once. */
  readonly commands: { readonly deployAll: string; readonly destroyAll: string };
  /** The class runner's commands for every lab at once (a failure stops only its participant). */
  readonly classCommands: { readonly deployAll: string; readonly destroyAll: string; readonly status: string };
  /** What the participants' IAM principals need, in a sentence. @default - none: a single lab */
  readonly participantAccess?: string;
  /**
   * For participants who are IAM Identity Center users: one policy per permission set, for its
   * inline policy (the rows' iamPolicy merged). @default - none: no such participant
   */
  readonly permissionSetPolicies?: readonly PermissionSetPolicy[];
}

/** The roster's note on the participants' own IAM permissions. */
export const PARTICIPANT_ACCESS_NOTE =
  "Each participant's IAM principal needs its row's iamPolicy (eks:DescribeCluster on their own cluster) to run updateKubeconfigCommand. " +
  'The lab does not manage participants\' IAM principals: attach it to each role or user (aws iam put-role-policy / put-user-policy); `npm run preflight` checks it.';

/** The roster's note for a class with IAM Identity Center users. */
export const SSO_ACCESS_NOTE =
  'IAM Identity Center users (rows with ssoUser) reach their cluster through the learner role the lab creates, which only their own sessions may assume: ' +
  'add the permissionSetPolicies entry of their permission set to its inline policy (sts:AssumeRole on the learner roles) and provision it; ' +
  'each runs their row\'s assumeRole.profileCommands once (YOUR_SSO_PROFILE: their IAM Identity Center profile), then updateKubeconfigCommand.';

/** Everything an instructor needs to hand out access, computed from the configuration alone. */
export function rosterSummary(plan: LabPlan): RosterSummary {
  const { config } = plan;
  const commands = fleetCommands(plan);
  const runner = classRunnerCommands(plan);
  const network = plan.stacks.find((s) => s.kind === StackKind.NETWORK);
  const ssoLabs = plan.labs.filter((env) => env.participantAccess?.learnerRole !== undefined);
  return {
    labName: config.labName,
    ...(network === undefined ? {} : { sharedNetworkStack: network.name }),
    ...(network === undefined && ssoLabs.length === 0
      ? {}
      : { participantAccess: [...(network === undefined ? [] : [PARTICIPANT_ACCESS_NOTE]), ...(ssoLabs.length > 0 ? [SSO_ACCESS_NOTE] : [])].join(' ') }),
    ...(ssoLabs.length > 0 ? { permissionSetPolicies: permissionSetPolicies(ssoLabs) } : {}),
    commands: { deployAll: shellLine(commands.deployAll), destroyAll: shellLine(commands.destroyAll) },
    classCommands: { deployAll: runner.deployAll, destroyAll: runner.destroyAll, status: runner.status },
    labs: plan.labs.map((env, i) => ({
      participant: env.participant?.id ?? '',
      principalArn: env.participantAccess?.principalArn ?? '',
      ...(env.participant?.ssoUser === undefined ? {} : { ssoUser: { ...env.participant.ssoUser } }),
      ...(env.participantAccess?.learnerRole === undefined
        ? {}
        : {
            assumeRole: {
              roleArn: env.participantAccess.learnerRole.arn,
              profile: env.participantAccess.learnerRole.profile,
              profileCommands: [...env.participantAccess.learnerRole.profileCommands],
            },
          }),
      accountId: env.account?.accountId ?? '',
      clusterName: env.clusterName,
      region: plan.region,
      updateKubeconfigCommand: env.updateKubeconfigCommand,
      ...(env.instructorKubeconfigCommand === undefined ? {} : { instructorKubeconfigCommand: env.instructorKubeconfigCommand }),
      stacks: [env.clusterStackName, env.workloadsStackName],
      expiresOn: config.expiresOn ?? '',
      commands: {
        deploy: shellLine(commands.perLab[i].deploy),
        resetWorkloads: commands.perLab[i].resetWorkloads.map(shellLine),
        destroy: shellLine(commands.perLab[i].destroy),
      },
      classCommands: { deploy: runner.perLab[i].deploy, resetWorkloads: runner.perLab[i].resetWorkloads, destroy: runner.perLab[i].destroy },
      ...(env.participant === undefined ? {} : { iamPolicy: participantPolicy(config, env) }),
    })),
  };
}

/**
 * One policy per permission set: `sts:AssumeRole` on the learner roles of all its users, so one
 * inline policy of the shared permission set lets each user reach the role only they may assume.
 */
function permissionSetPolicies(labs: ReadonlyArray<LabPlan['labs'][number]>): PermissionSetPolicy[] {
  const bySet = new Map<string, Array<LabPlan['labs'][number]>>();
  for (const env of labs) {
    const set = env.participant?.ssoUser?.permissionSetRoleArn ?? '';
    bySet.set(set, [...(bySet.get(set) ?? []), env]);
  }
  return [...bySet].map(([permissionSetRoleArn, users]) => ({
    permissionSetRoleArn,
    participants: users.map((env) => env.participant?.id ?? ''),
    policy: {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'AssumeOwnLabRole', Effect: 'Allow', Action: [...LEARNER_ROLE_ACTIONS], Resource: users.map((env) => env.participantAccess?.learnerRole?.arn ?? '') },
      ],
    },
  }));
}

const CSV_COLUMNS = [
  'participant',
  'principalArn',
  'accountId',
  'clusterName',
  'region',
  'updateKubeconfigCommand',
  'expiresOn',
  'iamPolicy',
  'ssoUserName',
  'profileCommands',
] as const;

/**
 * The summary as CSV (RFC 4180 quoting), one header line and one line per lab. `iamPolicy` is the
 * row's policy as compact JSON (empty for a single lab), ready for `aws iam put-role-policy --policy-document`;
 * `ssoUserName` and `profileCommands` (one command per line) are empty but for IAM Identity Center users.
 */
export function rosterSummaryCsv(summary: RosterSummary): string {
  const quote = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  const cell = (row: RosterSummaryRow, column: (typeof CSV_COLUMNS)[number]) => {
    if (column === 'iamPolicy') return row.iamPolicy === undefined ? '' : JSON.stringify(row.iamPolicy);
    if (column === 'ssoUserName') return row.ssoUser?.userName ?? '';
    if (column === 'profileCommands') return (row.assumeRole?.profileCommands ?? []).join('\n');
    return row[column];
  };
  const lines = [CSV_COLUMNS.join(','), ...summary.labs.map((row) => CSV_COLUMNS.map((c) => quote(cell(row, c))).join(','))];
  return `${lines.join('\n')}\n`;
}
