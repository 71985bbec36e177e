import { LAB_TAG_KEYS } from '../../config/lab-tags';
import { IamPolicyDocument, IamPolicyStatement, POD_IDENTITY_CLUSTER_VARIABLE } from '../iam-policy';
import { EBS_CSI_VOLUME_TAG } from '../lab-names';

/**
 * The tag that says which lab's cluster a volume, snapshot or node belongs to: `env`, valued with the
 * cluster name. The lab puts it on every volume and snapshot the EBS CSI driver creates (the driver's
 * `extraVolumeTags`, which it adds "to all volumes and snapshots") and on the nodes and their root
 * volumes (the launch template's tag specifications); nobody else sets it, and the policy below lets
 * the driver set it only at creation and only to its own cluster's name.
 *
 * Not the driver's own `ebs.csi.aws.com/cluster-name`: the driver sets that one only with
 * `k8sTagClusterId`, only from v1.58.0 (2026-04), and not on the volumes a running lab created before,
 * which its driver could then no longer detach or delete at destroy.
 *
 * @see https://github.com/kubernetes-sigs/aws-ebs-csi-driver/blob/master/docs/tagging.md
 */
export const EBS_CSI_OWNER_TAG_KEY = LAB_TAG_KEYS.env;

/**
 * Tag keys the driver may never remove from its cluster's volumes and snapshots (they say whose they
 * are; the destroy-time volume wait and `npm run leftovers` find volumes by them).
 */
export const EBS_CSI_PROTECTED_TAG_KEYS: readonly string[] = [...Object.values(LAB_TAG_KEYS), EBS_CSI_VOLUME_TAG.key];

/**
 * The EBS CSI driver's permissions, held to the volumes, snapshots and nodes of the cluster whose
 * driver uses them: the actions of AWS's managed `AmazonEBSCSIDriverPolicy` (v15; the project keeps
 * a copy in test/support/managed-policies.ts and checks that no action is lost and none is left
 * unscoped), each scoped the way AWS's own `AmazonEBSCSIDriverEKSClusterScopedPolicy` (2026-04) scopes
 * it, with the lab's `env` tag in place of the driver's `ebs.csi.aws.com/cluster-name`:
 *
 * - existing volumes and snapshots: `ec2:ResourceTag/env` equals the session's
 *   `${aws:PrincipalTag/eks-cluster-name}` (EKS Pod Identity tags every session with the cluster of
 *   the pod) and `ec2:ResourceTag/ebs.csi.aws.com/cluster` is `true` (the driver's mark on everything
 *   it creates; a node's root volume, which carries `env` too, lacks it);
 * - new volumes and snapshots: the same two tags in the request (`aws:RequestTag/...`); tags only at
 *   creation (`ec2:CreateAction`), so no volume can be re-tagged to another cluster afterwards;
 * - attach and detach: to the cluster's nodes only (`ec2:ResourceTag/env` of the instance);
 * - removing tags: not the tags that say whose a volume is;
 * - copying a volume: an explicit Deny on any source volume not tagged for the cluster, since the
 *   Allow that lets CopyVolumes create its new volume (`volume/*`, keyed on the request's tags) matches
 *   the source volume's ARN as well.
 *
 * The Describe actions cannot be scoped (EC2 supports no resource-level permissions for them): the
 * driver can list every volume and snapshot of the account, but act on its cluster's only. Nothing in
 * it names a cluster, so every lab gets the same document.
 *
 * @see https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonEBSCSIDriverPolicy.html
 * @see https://github.com/kubernetes-sigs/aws-ebs-csi-driver/blob/master/docs/AmazonEBSCSIDriverEKSClusterScopedPolicy.json
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-abac.html (the session tag `eks-cluster-name`)
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html (ec2:ResourceTag, aws:RequestTag, aws:TagKeys, ec2:CreateAction per action and resource type)
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html (aws:RequestTag, aws:TagKeys)
 */
export function ebsCsiDriverPolicy(partition: string): IamPolicyDocument {
  const arn = (resource: string) => `arn:${partition}:ec2:*:*:${resource}`;
  const volumes = arn('volume/*');
  const snapshots = arn('snapshot/*');
  // "A Condition element with multiple keys": every key must match (AND).
  const ownedByTheCluster = {
    StringEquals: { [`ec2:ResourceTag/${EBS_CSI_OWNER_TAG_KEY}`]: POD_IDENTITY_CLUSTER_VARIABLE, [`ec2:ResourceTag/${EBS_CSI_VOLUME_TAG.key}`]: EBS_CSI_VOLUME_TAG.value },
  };
  const taggedForTheCluster = {
    StringEquals: { [`aws:RequestTag/${EBS_CSI_OWNER_TAG_KEY}`]: POD_IDENTITY_CLUSTER_VARIABLE, [`aws:RequestTag/${EBS_CSI_VOLUME_TAG.key}`]: EBS_CSI_VOLUME_TAG.value },
  };
  const statement = (Sid: string, Action: string[], Resource: string[], Condition?: IamPolicyStatement['Condition']): IamPolicyStatement => ({
    Sid,
    Effect: 'Allow',
    Action,
    Resource,
    ...(Condition === undefined ? {} : { Condition }),
  });
  return {
    Version: '2012-10-17',
    Statement: [
      statement(
        'DescribeEverywhere',
        [
          'ec2:DescribeAvailabilityZones',
          'ec2:DescribeInstances',
          'ec2:DescribeInstanceTypes',
          'ec2:DescribeSnapshots',
          'ec2:DescribeTags',
          'ec2:DescribeVolumes',
          'ec2:DescribeVolumesModifications',
          'ec2:DescribeVolumeStatus',
        ],
        ['*'],
      ),
      statement('CreateVolumesTaggedForTheCluster', ['ec2:CreateVolume', 'ec2:CopyVolumes'], [volumes], taggedForTheCluster),
      // CopyVolumes is authorized on the source volume too, and `volume/*` above matches it: the request's
      // tags would then be all that is checked. Whatever Allow matches, never copy another cluster's volume
      // (a source volume's ARN is volume/vol-...; the new one is authorized as volume/*, which vol-* does not match).
      {
        Sid: 'NeverCopyAnotherClustersVolume',
        Effect: 'Deny',
        Action: ['ec2:CopyVolumes'],
        Resource: [arn('volume/vol-*')],
        Condition: { StringNotEquals: { [`ec2:ResourceTag/${EBS_CSI_OWNER_TAG_KEY}`]: POD_IDENTITY_CLUSTER_VARIABLE } },
      },
      statement('CopyTheClustersVolumes', ['ec2:CopyVolumes'], [arn('volume/vol-*')], ownedByTheCluster),
      statement('CreateSnapshotsTaggedForTheCluster', ['ec2:CreateSnapshot'], [snapshots], taggedForTheCluster),
      statement('SnapshotTheClustersVolumes', ['ec2:CreateSnapshot'], [volumes], ownedByTheCluster),
      statement('ManageTheClustersVolumes', ['ec2:ModifyVolume', 'ec2:AttachVolume', 'ec2:DetachVolume', 'ec2:DeleteVolume'], [volumes], ownedByTheCluster),
      statement('RestoreTheClustersSnapshots', ['ec2:CreateVolume', 'ec2:EnableFastSnapshotRestores'], [snapshots], ownedByTheCluster),
      statement('AttachToTheClustersNodes', ['ec2:AttachVolume', 'ec2:DetachVolume'], [arn('instance/*')], {
        StringEquals: { [`ec2:ResourceTag/${EBS_CSI_OWNER_TAG_KEY}`]: POD_IDENTITY_CLUSTER_VARIABLE },
      }),
      statement('DeleteAndLockTheClustersSnapshots', ['ec2:DeleteSnapshot', 'ec2:LockSnapshot'], [snapshots], ownedByTheCluster),
      statement('TagOnlyAtCreation', ['ec2:CreateTags'], [volumes, snapshots], {
        StringEquals: { 'ec2:CreateAction': ['CreateVolume', 'CreateSnapshot', 'CopyVolumes'] },
      }),
      statement('RemoveOtherTagsFromTheClustersVolumes', ['ec2:DeleteTags'], [volumes, snapshots], {
        ...ownedByTheCluster,
        // DeleteTags without tag keys removes every tag: require keys, and none of the owner tags.
        Null: { 'aws:TagKeys': 'false' },
        'ForAllValues:StringNotEquals': { 'aws:TagKeys': [...EBS_CSI_PROTECTED_TAG_KEYS] },
      }),
    ],
  };
}
