import type { LabConfig, Participant, SsoUser } from '../config/lab-config';
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
  /**
   * The command that points kubectl at the cluster, under a context named like the cluster (for an
   * IAM Identity Center user, through the profile of their learner role).
   */
  readonly updateKubeconfigCommand: string;
  /**
   * In a participant's own account, the command that points the instructor's kubectl at the cluster
   * through the account role (never the participant's profile, which the instructor does not have).
   * @default - none: in the deploying account the instructor's own credentials reach the cluster
   */
  readonly instructorKubeconfigCommand?: string;
  /** How the participant reaches the cluster. @default - none: the single lab */
  readonly participantAccess?: ParticipantAccess;
}

/** How a participant reaches their cluster. */
export interface ParticipantAccess {
  /**
   * The principal with the participant's cluster-admin access entry: their own IAM role or user, or,
   * for an IAM Identity Center user, their learner role.
   */
  readonly principalArn: string;
  /** For an IAM Identity Center user: the role the lab creates for them. @default - none */
  readonly learnerRole?: LearnerRole;
}

/**
 * The role the lab creates for a participant who signs in through IAM Identity Center with a
 * permission set the class shares: only that user's sessions of the permission set's role may
 * assume it (its trust policy), and it has cluster-admin on their cluster and `eks:DescribeCluster`.
 */
export interface LearnerRole {
  /** `<cluster>-learner`. */
  readonly name: string;
  /**
   * Its ARN in the permission set role's account: where a class in one account is deployed, and the
   * participant's own account otherwise (`npm run preflight` warns when the credentials' account differs).
   */
  readonly arn: string;
  /** Who may assume it. */
  readonly ssoUser: SsoUser;
  /** The AWS CLI profile, named like the cluster, through which the participant assumes it. */
  readonly profile: string;
  /**
   * The AWS CLI commands that create that profile, with `YOUR_SSO_PROFILE` standing for the
   * participant's own IAM Identity Center profile (the one `aws configure sso` created).
   */
  readonly profileCommands: readonly string[];
}

/** What stands for the participant's own IAM Identity Center profile in the commands the lab prints. */
export const SSO_PROFILE_PLACEHOLDER = 'YOUR_SSO_PROFILE';

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
    const access = participantAccess(config, participant);
    return environment(config, participant, [...(account === undefined ? [] : [account.roleArn]), ...instructors, access.principalArn], account, access);
  });
}

/**
 * The principal of `participant`'s access entry: their own, or the learner role of an IAM Identity
 * Center user (in the permission set role's account: see {@link LearnerRole.arn}).
 */
function participantAccess(config: LabConfig, participant: Participant): ParticipantAccess {
  const { ssoUser } = participant;
  if (ssoUser === undefined) return { principalArn: participant.principalArn ?? '' };
  const clusterName = clusterNameOf(config.labName, participant.id);
  const name = labResourceNames(clusterName).learnerRole;
  const arn = `arn:${partitionOf(config.region)}:iam::${ssoUser.permissionSetRoleArn.split(':')[4]}:role/${name}`;
  return {
    principalArn: arn,
    learnerRole: {
      name,
      arn,
      ssoUser,
      profile: clusterName,
      // A profile that assumes the role from the participant's IAM Identity Center profile: the CLI
      // renews the role's credentials as long as the SSO session lasts, which a one-off
      // `aws sts assume-role` would not (kubectl keeps asking for tokens).
      // https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-role.html
      profileCommands: [
        `aws configure set profile.${clusterName}.role_arn ${arn}`,
        `aws configure set profile.${clusterName}.source_profile ${SSO_PROFILE_PLACEHOLDER}`,
      ],
    },
  };
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
  access?: ParticipantAccess,
): LabEnvironment {
  const clusterName = clusterNameOf(config.labName, participant?.id);
  const tags = labTags(config, participant?.id);
  const ownerKeys = [LAB_TAG_KEYS.lab, LAB_TAG_KEYS.participant, LAB_TAG_KEYS.env].filter((key) => key in tags);
  const stacks = labStackNames(clusterName);
  const kubeconfig = `aws eks update-kubeconfig --name ${clusterName} --region ${config.region} --alias ${clusterName}`;
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
    updateKubeconfigCommand: kubeconfig + (access?.learnerRole === undefined ? '' : ` --profile ${access.learnerRole.profile}`),
    ...(account === undefined ? {} : { instructorKubeconfigCommand: `${kubeconfig} --role-arn ${account.roleArn}` }),
    ...(access === undefined ? {} : { participantAccess: access }),
  };
}
