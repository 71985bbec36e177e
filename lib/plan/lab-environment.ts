import type { LabConfig, Participant } from '../config/lab-config';
import { labTags, LAB_TAG_KEYS } from '../config/lab-tags';
import { partitionOf } from '../config/partition';
import { clusterNameOf, labResourceNames, LabResourceNames, labStackNames } from './lab-names';

/**
 * One isolated lab: an EKS cluster and its workloads, for one participant of a class or for the
 * single lab of a configuration without a roster. Every account- or region-unique name the lab
 * creates is derived from {@link clusterName} ({@link names}).
 */
export interface LabEnvironment {
  /** EKS cluster name and prefix of every name: `<labName>` or `<labName>-<participant id>`. */
  readonly clusterName: string;
  /** The participant, when the lab belongs to a class. @default - none (single lab) */
  readonly participant?: Participant;
  /** Principals with cluster-admin on this cluster: the instructors', `adminPrincipalArns` and the participant's. */
  readonly adminPrincipalArns: readonly string[];
  /** Whether the identity that deploys becomes cluster admin too. */
  readonly bootstrapCreatorAdmin: boolean;
  /** Terraform stack of the AWS side. */
  readonly clusterStackName: string;
  /** Terraform stack of the Kubernetes side. */
  readonly workloadsStackName: string;
  /** Tags on every AWS resource of this lab. */
  readonly tags: Readonly<Record<string, string>>;
  /**
   * The tags that single out this lab's EBS volumes among the account's (`lab`, `participant` in a
   * class, `env`): the driver adds them to every volume it creates, and destroy waits until no volume
   * carries them.
   */
  readonly volumeOwnerTags: Readonly<Record<string, string>>;
  /** The names of the lab's AWS resources. */
  readonly names: LabResourceNames;
  /**
   * The stack that creates the network the lab's nodes run in: a network stack of the class, or the
   * lab's own cluster stack (a single lab, or a participant in their own account).
   */
  readonly networkStackName: string;
  /** The participant's own AWS account and the role the deploy assumes there. @default - none: the deploying account */
  readonly account?: LabAccount;
  /** The command that points kubectl at the cluster, under a context named like the cluster. */
  readonly updateKubeconfigCommand: string;
}

/** A participant's own AWS account, as the deploy reaches it. */
export interface LabAccount {
  /** The 12-digit account id. */
  readonly accountId: string;
  /** The role the deploying identity assumes there (`roster.accountRoleName`). */
  readonly roleName: string;
  /** Its ARN: the providers, the AWS CLI steps and the commands assume it. */
  readonly roleArn: string;
}

/**
 * Why `participantId` does not name a lab of `config`, as `("<id>") must ...`, or undefined when it can.
 */
export function participantProblem(config: Pick<LabConfig, 'labName' | 'roster'>, participantId: string): string | undefined {
  const ids = (config.roster?.participants ?? []).map((p) => p.id);
  if (ids.length === 0) {
    return `(${JSON.stringify(participantId)}) needs a roster: the configuration describes the single lab ${config.labName}`;
  }
  if (!ids.includes(participantId)) {
    return `(${JSON.stringify(participantId)}) must be one of roster.participants: ${ids.join(', ')}`;
  }
  return undefined;
}

/**
 * The labs `config` describes: one per participant with a roster, else the single lab, each on its
 * own network (resolveLab moves a class in one account onto the networks it shares).
 *
 * In a participant's own account, the role the deploy assumes there gets cluster admin through an
 * access entry (the workloads stack and the instructors' `--role-arn` use it), and EKS makes no one
 * admin by itself.
 */
export function labEnvironments(config: LabConfig): LabEnvironment[] {
  const { roster } = config;
  if (roster === undefined) return [environment(config, undefined, config.adminPrincipalArns)];
  const instructors = [...roster.instructorPrincipalArns, ...config.adminPrincipalArns];
  return roster.participants.map((participant) => {
    const account = participant.accountId === undefined ? undefined : labAccount(config, participant.accountId, roster.accountRoleName);
    return environment(config, participant, [...(account === undefined ? [] : [account.roleArn]), ...instructors, participant.principalArn], account);
  });
}

/** The account `accountId` as the deploy reaches it: through the role `roleName`. */
function labAccount(config: LabConfig, accountId: string, roleName: string): LabAccount {
  return { accountId, roleName, roleArn: `arn:${partitionOf(config.region)}:iam::${accountId}:role/${roleName}` };
}

function environment(
  config: LabConfig,
  participant: Participant | undefined,
  adminPrincipalArns: readonly string[],
  account?: LabAccount,
): LabEnvironment {
  const clusterName = clusterNameOf(config.labName, participant?.id);
  const tags = labTags(config, participant?.id);
  const ownerKeys = [LAB_TAG_KEYS.lab, LAB_TAG_KEYS.participant, LAB_TAG_KEYS.env].filter((key) => key in tags);
  const stacks = labStackNames(clusterName);
  return {
    clusterName,
    ...(participant === undefined ? {} : { participant }),
    adminPrincipalArns,
    bootstrapCreatorAdmin: config.bootstrapCreatorAdmin,
    clusterStackName: stacks.cluster,
    workloadsStackName: stacks.workloads,
    tags,
    volumeOwnerTags: Object.fromEntries(ownerKeys.map((key) => [key, tags[key]])),
    names: labResourceNames(clusterName),
    networkStackName: stacks.cluster,
    ...(account === undefined ? {} : { account }),
    updateKubeconfigCommand: `aws eks update-kubeconfig --name ${clusterName} --region ${config.region} --alias ${clusterName}`,
  };
}
