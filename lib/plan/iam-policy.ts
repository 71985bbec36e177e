/**
 * IAM policy documents as plain data: what the lab attaches to the roles it creates, and what a
 * participant's principal needs. Constructs render them; commands and tests read them.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */

/** A Condition block: operator (`StringEquals`, `ForAllValues:StringNotEquals`, `Null`, ...) to key to values. */
export type IamPolicyCondition = Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;

/** One Allow statement of an identity-based policy. */
export interface IamPolicyStatement {
  /** Statement id: says what the statement is for. */
  readonly Sid: string;
  /** `Allow`, or `Deny` for a guard no Allow of the same document can widen. */
  readonly Effect: 'Allow' | 'Deny';
  /** IAM actions. */
  readonly Action: readonly string[];
  /** Resource ARNs or patterns. */
  readonly Resource: readonly string[];
  /** When the statement applies. @default - always */
  readonly Condition?: IamPolicyCondition;
}

/** An IAM identity-based policy document, as `aws iam put-role-policy --policy-document` takes it. */
export interface IamPolicyDocument {
  /** Policy language version. */
  readonly Version: '2012-10-17';
  /** Its statements. */
  readonly Statement: readonly IamPolicyStatement[];
}

/**
 * The policy variable of an EKS Pod Identity session's cluster: EKS Pod Identity tags every session
 * it opens with `eks-cluster-name` (the cluster of the pod), readable in policies as
 * `${aws:PrincipalTag/eks-cluster-name}`. A policy that compares a resource's tag with it holds the
 * role to the resources of the cluster whose pod uses it, whichever cluster that is.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-abac.html (List of session tags added by EKS Pod Identity)
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 */
export const POD_IDENTITY_CLUSTER_VARIABLE = '${aws:PrincipalTag/eks-cluster-name}';

/** The only IAM action a participant needs from AWS: `aws eks update-kubeconfig` calls DescribeCluster. */
export const PARTICIPANT_ACTIONS = ['eks:DescribeCluster'] as const;

/** What an IAM Identity Center participant's permission set needs: to assume their learner role. */
export const LEARNER_ROLE_ACTIONS = ['sts:AssumeRole'] as const;
