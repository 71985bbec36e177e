import { classRunnerCommands, fleetCommands, shellLine } from './fleet-commands';
import type { LabPlan } from '../plan/lab-plan';
import { StackKind } from '../plan/stack-plan';
import { IamPolicyDocument, participantPolicy } from './participant-policy';

/** One row of the roster summary: what an instructor mails to a participant. */
export interface RosterSummaryRow {
  /** Participant id (empty for a single lab). */
  readonly participant: string;
  /** The participant's IAM principal (empty for a single lab). */
  readonly principalArn: string;
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
   * (`eks:DescribeCluster` on this cluster). @default - none: a single lab has no participant
   */
  readonly iamPolicy?: IamPolicyDocument;
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
}

/** The roster's note on the participants' own IAM permissions. */
export const PARTICIPANT_ACCESS_NOTE =
  "Each participant's IAM principal needs its row's iamPolicy (eks:DescribeCluster on their own cluster) to run updateKubeconfigCommand. " +
  'The lab does not manage participants\' IAM principals: attach it to each role or user (aws iam put-role-policy / put-user-policy); `npm run preflight` checks it.';

/** Everything an instructor needs to hand out access, computed from the configuration alone. */
export function rosterSummary(plan: LabPlan): RosterSummary {
  const { config } = plan;
  const commands = fleetCommands(plan);
  const runner = classRunnerCommands(plan);
  const network = plan.stacks.find((s) => s.kind === StackKind.NETWORK);
  return {
    labName: config.labName,
    ...(network === undefined ? {} : { sharedNetworkStack: network.name, participantAccess: PARTICIPANT_ACCESS_NOTE }),
    commands: { deployAll: shellLine(commands.deployAll), destroyAll: shellLine(commands.destroyAll) },
    classCommands: { deployAll: runner.deployAll, destroyAll: runner.destroyAll, status: runner.status },
    labs: plan.labs.map((env, i) => ({
      participant: env.participant?.id ?? '',
      principalArn: env.participant?.principalArn ?? '',
      accountId: env.account?.accountId ?? '',
      clusterName: env.clusterName,
      region: plan.region,
      updateKubeconfigCommand: env.updateKubeconfigCommand,
      ...(env.account === undefined ? {} : { instructorKubeconfigCommand: `${env.updateKubeconfigCommand} --role-arn ${env.account.roleArn}` }),
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

const CSV_COLUMNS = ['participant', 'principalArn', 'accountId', 'clusterName', 'region', 'updateKubeconfigCommand', 'expiresOn', 'iamPolicy'] as const;

/**
 * The summary as CSV (RFC 4180 quoting), one header line and one line per lab. `iamPolicy` is the
 * row's policy as compact JSON (empty for a single lab), ready for `aws iam put-role-policy --policy-document`.
 */
export function rosterSummaryCsv(summary: RosterSummary): string {
  const quote = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  const cell = (row: RosterSummaryRow, column: (typeof CSV_COLUMNS)[number]) =>
    column === 'iamPolicy' ? (row.iamPolicy === undefined ? '' : JSON.stringify(row.iamPolicy)) : row[column];
  const lines = [CSV_COLUMNS.join(','), ...summary.labs.map((row) => CSV_COLUMNS.map((c) => quote(cell(row, c))).join(','))];
  return `${lines.join('\n')}\n`;
}
