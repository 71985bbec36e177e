import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { EksAccessPolicyAssociation } from '@cdktf/provider-aws/lib/eks-access-policy-association';
import { Construct } from 'constructs';
import { partitionOf } from '../config/partition';

/** Props of {@link ClusterAdminAccess}. */
export interface ClusterAdminAccessProps {
  /** Name of the cluster (a reference, so the entry waits for the cluster). */
  readonly clusterName: string;
  /** IAM role or user ARN that becomes cluster admin. */
  readonly principalArn: string;
  /** Region, for the partition of the access policy ARN. */
  readonly region: string;
}

/**
 * An EKS access entry that makes one IAM principal cluster-admin (AmazonEKSClusterAdminPolicy,
 * cluster scope): the access-entry replacement of the `aws-auth` ConfigMap's `system:masters`.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/access-policies.html
 */
export class ClusterAdminAccess extends Construct {
  /** The access entry. */
  public readonly entry: EksAccessEntry;
  /** The cluster-admin policy association. */
  public readonly association: EksAccessPolicyAssociation;

  constructor(scope: Construct, id: string, props: ClusterAdminAccessProps) {
    super(scope, id);
    this.entry = new EksAccessEntry(this, 'Entry', {
      clusterName: props.clusterName,
      principalArn: props.principalArn,
      type: 'STANDARD',
    });
    this.association = new EksAccessPolicyAssociation(this, 'ClusterAdmin', {
      clusterName: props.clusterName,
      principalArn: this.entry.principalArn,
      policyArn: `arn:${partitionOf(props.region)}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy`,
      accessScope: { type: 'cluster' },
    });
  }
}
