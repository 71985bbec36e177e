import { LabConfig } from '../config/lab-config';
import { partitionOf } from '../config/partition';
import { IamPolicyDocument, LEARNER_ROLE_ACTIONS, PARTICIPANT_ACTIONS } from '../plan/iam-policy';
import { LabEnvironment } from '../plan/lab-environment';

export type { IamPolicyDocument, IamPolicyStatement } from '../plan/iam-policy';
export { LEARNER_ROLE_ACTIONS, PARTICIPANT_ACTIONS } from '../plan/iam-policy';

/** The parts of an IAM role or user ARN. */
export interface IamPrincipalArnParts {
  /** `aws`, `aws-cn` or `aws-us-gov`. */
  readonly partition: string;
  /** 12-digit account id. */
  readonly account: string;
  /** `role` or `user`. */
  readonly type: 'role' | 'user';
  /** Path between the type and the name, with its slashes, e.g. `/aws-reserved/sso.amazonaws.com/`. */
  readonly path: string;
  /** The role or user name (the last segment). */
  readonly name: string;
}

/** The parts of an IAM role or user ARN, or undefined when `arn` is not one. */
export function parseIamPrincipalArn(arn: string): IamPrincipalArnParts | undefined {
  const match = /^arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}):(role|user)(\/.*)?\/([^/]+)$/.exec(arn);
  if (match === null) return undefined;
  return { partition: match[1], account: match[2], type: match[3] as 'role' | 'user', path: `${match[4] ?? ''}/`, name: match[5] };
}

/** ARN of the EKS cluster `clusterName` of account `account` in `region`. */
export function eksClusterArn(region: string, account: string, clusterName: string): string {
  return `arn:${partitionOf(region)}:eks:${region}:${account}:cluster/${clusterName}`;
}

/**
 * The IAM policy the participant of `environment` needs to run their `aws eks update-kubeconfig`
 * command. An IAM role or user of their own: `eks:DescribeCluster` on their own cluster and nothing
 * else. An IAM Identity Center user: `sts:AssumeRole` on the learner role the lab creates for them,
 * for their permission set (the role itself has `eks:DescribeCluster`, and its trust policy lets only
 * their sessions in). (kubectl then authenticates
 * with `aws eks get-token`, which needs no IAM permission, and the cluster's access entry gives the
 * rest). The lab does not manage participants' IAM principals, so the instructor (or the account's
 * admin) attaches it. The cluster's account is taken from the participant's principal ARN (the roster
 * is read offline, before anyone knows the deploying account; `npm run preflight` warns when the two
 * differ).
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/create-kubeconfig.html
 * @throws Error when `environment` is the single lab (it has no participant)
 */
export function participantPolicy(config: Pick<LabConfig, 'region'>, environment: LabEnvironment): IamPolicyDocument {
  const { participant } = environment;
  if (participant === undefined) throw new Error(`participantPolicy: lab ${environment.clusterName} has no participant`);
  const learner = environment.participantAccess?.learnerRole;
  if (learner !== undefined) {
    return {
      Version: '2012-10-17',
      Statement: [{ Sid: 'AssumeOwnLabRole', Effect: 'Allow', Action: [...LEARNER_ROLE_ACTIONS], Resource: [learner.arn] }],
    };
  }
  const parts = parseIamPrincipalArn(participant.principalArn ?? '');
  // The schema accepts only role and user ARNs; this is a defect if it ever fires.
  if (parts === undefined) throw new Error(`participant ${participant.id}: principalArn (${participant.principalArn}) is not an IAM role or user ARN`);
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DescribeOwnLabCluster',
        Effect: 'Allow',
        Action: [...PARTICIPANT_ACTIONS],
        Resource: [eksClusterArn(config.region, parts.account, environment.clusterName)],
      },
    ],
  };
}

/**
 * The IAM principal whose policies {@link participantPolicy} is for: the participant's own role or
 * user, or the role of their IAM Identity Center permission set. @returns undefined for the single lab
 */
export function participantPolicyHolder(environment: LabEnvironment): string | undefined {
  const { participant } = environment;
  return participant?.ssoUser?.permissionSetRoleArn ?? participant?.principalArn;
}
