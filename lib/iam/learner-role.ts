import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import { IamPolicyDocument, PARTICIPANT_ACTIONS } from '../plan/iam-policy';

/** Props of {@link LearnerRole}. */
export interface LearnerRoleProps {
  /** Role name; must be unique in the account, so derive it from the cluster name. */
  readonly roleName: string;
  /** The role IAM Identity Center created for the permission set the participant signs in with. */
  readonly permissionSetRoleArn: string;
  /** The participant's IAM Identity Center user name: the session name of their sessions of that role. */
  readonly userName: string;
  /** ARN of the participant's cluster (a reference: the role's account is wherever the cluster is). */
  readonly clusterArn: string;
  /** The cluster's name, for the role's description. */
  readonly clusterName: string;
}

/**
 * The role of a participant who is an IAM Identity Center user of a permission set the class shares:
 * every user of that permission set signs in as the same IAM role, so an access entry for that role
 * would give each of them every cluster. This role trusts the permission set's role only for the
 * participant's own sessions, told apart by `aws:userid`, which IAM sets to
 * `<role id>:<role session name>` for an assumed role, and IAM Identity Center names a user's session
 * after the user; it may describe the participant's cluster, and the lab gives it the cluster-admin
 * access entry.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#principaltable (aws:userid of a role session: role-id:caller-specified-role-name)
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-userid
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html (an IAM Identity Center user's session: assumed-role/AWSReservedSSO_.../<user name>)
 */
export class LearnerRole extends Construct {
  /** The role. */
  public readonly role: IamRole;
  /** Its inline policy: `eks:DescribeCluster` on the participant's cluster. */
  public readonly policy: IamRolePolicy;

  constructor(scope: Construct, id: string, props: LearnerRoleProps) {
    super(scope, id);
    this.role = new IamRole(this, 'Role', {
      name: props.roleName,
      description: `Participant of lab ${props.clusterName}: IAM Identity Center user ${props.userName} only`,
      assumeRolePolicy: JSON.stringify(learnerTrustPolicy(props.permissionSetRoleArn, props.userName)),
    });
    const policy: IamPolicyDocument = {
      Version: '2012-10-17',
      Statement: [{ Sid: 'DescribeOwnLabCluster', Effect: 'Allow', Action: [...PARTICIPANT_ACTIONS], Resource: [props.clusterArn] }],
    };
    this.policy = new IamRolePolicy(this, 'Kubeconfig', {
      role: this.role.name,
      name: 'kubeconfig',
      // The cluster's ARN is a reference Terraform resolves; the document has no policy variable.
      policy: JSON.stringify(policy),
    });
  }
}

/** One statement of a role trust policy. */
interface TrustStatement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Principal: { readonly AWS: string };
  readonly Action: string;
  readonly Condition: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/**
 * The trust policy of a learner role: the permission set's role, only in sessions named `userName`.
 * `*:` stands for the role id (session names cannot contain `:`, so the pattern matches exactly one name).
 */
export function learnerTrustPolicy(permissionSetRoleArn: string, userName: string): { readonly Version: '2012-10-17'; readonly Statement: readonly TrustStatement[] } {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'OnlyThisIdentityCenterUser',
        Effect: 'Allow',
        Principal: { AWS: permissionSetRoleArn },
        Action: 'sts:AssumeRole',
        Condition: { StringLike: { 'aws:userid': `*:${userName}` } },
      },
    ],
  };
}
