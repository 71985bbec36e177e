/**
 * AWS managed policies the lab used to attach, as AWS publishes them today: the tests check that the
 * lab's own policies keep every action they grant. Copied, not fetched: the tests run offline.
 */

/** One statement of a policy document as AWS publishes it (Action and Resource always as lists here). */
export interface PublishedStatement {
  readonly Effect: 'Allow';
  readonly Action: readonly string[];
  readonly Resource: readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

/**
 * `arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy`, policy version v15 (default since
 * 2026-05-13T17:42:22Z), statement for statement.
 *
 * @see https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonEBSCSIDriverPolicy.html
 * @see https://github.com/zoph-io/IAMTrail/blob/7fc15059b490bbf0ca6516f3662fd2d414ab0446/policies/AmazonEBSCSIDriverPolicy (the v15 document, as `aws iam get-policy-version` returns it)
 */
export const AMAZON_EBS_CSI_DRIVER_POLICY_V15: { readonly version: string; readonly Statement: readonly PublishedStatement[] } = {
  version: 'v15',
  Statement: [
    { Effect: 'Allow', Action: ['ec2:DescribeAvailabilityZones', 'ec2:DescribeInstances', 'ec2:DescribeInstanceTypes', 'ec2:DescribeSnapshots', 'ec2:DescribeTags', 'ec2:DescribeVolumes', 'ec2:DescribeVolumesModifications', 'ec2:DescribeVolumeStatus'], Resource: ['*'] },
    { Effect: 'Allow', Action: ['ec2:CreateSnapshot', 'ec2:ModifyVolume'], Resource: ['arn:aws:ec2:*:*:volume/*'] },
    { Effect: 'Allow', Action: ['ec2:CopyVolumes'], Resource: ['arn:aws:ec2:*:*:volume/vol-*'] },
    { Effect: 'Allow', Action: ['ec2:AttachVolume', 'ec2:DetachVolume'], Resource: ['arn:aws:ec2:*:*:volume/*', 'arn:aws:ec2:*:*:instance/*'] },
    { Effect: 'Allow', Action: ['ec2:CreateVolume', 'ec2:EnableFastSnapshotRestores'], Resource: ['arn:aws:ec2:*:*:snapshot/*'] },
    { Effect: 'Allow', Action: ['ec2:CreateTags'], Resource: ['arn:aws:ec2:*:*:volume/*', 'arn:aws:ec2:*:*:snapshot/*'], Condition: {'StringEquals': {'ec2:CreateAction': ['CreateVolume', 'CreateSnapshot', 'CopyVolumes']}} },
    { Effect: 'Allow', Action: ['ec2:DeleteTags'], Resource: ['arn:aws:ec2:*:*:volume/*', 'arn:aws:ec2:*:*:snapshot/*'] },
    { Effect: 'Allow', Action: ['ec2:CreateVolume', 'ec2:CopyVolumes'], Resource: ['arn:aws:ec2:*:*:volume/*'], Condition: {'StringLike': {'aws:RequestTag/ebs.csi.aws.com/cluster': 'true'}} },
    { Effect: 'Allow', Action: ['ec2:CreateVolume', 'ec2:CopyVolumes'], Resource: ['arn:aws:ec2:*:*:volume/*'], Condition: {'StringLike': {'aws:RequestTag/CSIVolumeName': '*'}} },
    { Effect: 'Allow', Action: ['ec2:DeleteVolume'], Resource: ['arn:aws:ec2:*:*:volume/*'], Condition: {'StringLike': {'ec2:ResourceTag/ebs.csi.aws.com/cluster': 'true'}} },
    { Effect: 'Allow', Action: ['ec2:DeleteVolume'], Resource: ['arn:aws:ec2:*:*:volume/*'], Condition: {'StringLike': {'ec2:ResourceTag/CSIVolumeName': '*'}} },
    { Effect: 'Allow', Action: ['ec2:DeleteVolume'], Resource: ['arn:aws:ec2:*:*:volume/*'], Condition: {'StringLike': {'ec2:ResourceTag/kubernetes.io/created-for/pvc/name': '*'}} },
    { Effect: 'Allow', Action: ['ec2:CreateSnapshot'], Resource: ['arn:aws:ec2:*:*:snapshot/*'], Condition: {'StringLike': {'aws:RequestTag/CSIVolumeSnapshotName': '*'}} },
    { Effect: 'Allow', Action: ['ec2:CreateSnapshot'], Resource: ['arn:aws:ec2:*:*:snapshot/*'], Condition: {'StringLike': {'aws:RequestTag/ebs.csi.aws.com/cluster': 'true'}} },
    { Effect: 'Allow', Action: ['ec2:DeleteSnapshot', 'ec2:LockSnapshot'], Resource: ['arn:aws:ec2:*:*:snapshot/*'], Condition: {'StringLike': {'ec2:ResourceTag/CSIVolumeSnapshotName': '*'}} },
    { Effect: 'Allow', Action: ['ec2:DeleteSnapshot', 'ec2:LockSnapshot'], Resource: ['arn:aws:ec2:*:*:snapshot/*'], Condition: {'StringLike': {'ec2:ResourceTag/ebs.csi.aws.com/cluster': 'true'}} },
  ],
};
