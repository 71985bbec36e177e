import { LabConfig, SecretsEncryption } from '../config/lab-config';
import { LabEnvironment } from './lab-environment';

/** Kinds of account- or region-unique names a lab's cluster stack creates. Values are Terraform resource types. */
export enum UniqueNameKind {
  /** The EKS cluster (unique per region). */
  EKS_CLUSTER = 'aws_eks_cluster',
  /** An IAM role (unique per account, in every region: IAM is global). */
  IAM_ROLE = 'aws_iam_role',
  /** The control-plane log group (unique per region). */
  LOG_GROUP = 'aws_cloudwatch_log_group',
  /** The alias of the customer-managed secrets key (unique per region). */
  KMS_ALIAS = 'aws_kms_alias',
  /** The nodes' launch template (unique per region). */
  LAUNCH_TEMPLATE = 'aws_launch_template',
}

/** One unique name a lab creates, and where. */
export interface UniqueName {
  /** What it names. */
  readonly kind: UniqueNameKind;
  /** The name, as the resource's `name` attribute holds it. */
  readonly name: string;
  /** The lab's cluster name (the owner). */
  readonly clusterName: string;
  /** The stack that creates it (and whose state holds it once deployed). */
  readonly stackName: string;
}

/**
 * Every account- or region-unique name the lab `environment` creates: its cluster, the IAM roles
 * `<cluster>-cluster`, `<cluster>-node`, `<cluster>-ebs-csi-driver`, `<cluster>-vpc-cni` and, for a
 * participant who is an IAM Identity Center user, `<cluster>-learner`, the log group
 * `/aws/eks/<cluster>/cluster`, the KMS alias `alias/<cluster>-eks-secrets` (customer-managed keys only)
 * and the launch template `<cluster>-nodes`, in that order. test/fleet/lab-resource-names.test.ts
 * checks the list against the synthesized stacks, so a construct that renames one fails there.
 */
export function uniqueNamesOf(config: Pick<LabConfig, 'secretsEncryption'>, environment: LabEnvironment): UniqueName[] {
  const { names } = environment;
  const entries: Array<[UniqueNameKind, string]> = [
    [UniqueNameKind.EKS_CLUSTER, names.cluster],
    [UniqueNameKind.IAM_ROLE, names.clusterRole],
    [UniqueNameKind.IAM_ROLE, names.nodeRole],
    [UniqueNameKind.IAM_ROLE, names.ebsCsiRole],
    [UniqueNameKind.IAM_ROLE, names.vpcCniRole],
    ...(environment.participantAccess?.learnerRole === undefined ? [] : [[UniqueNameKind.IAM_ROLE, names.learnerRole] as [UniqueNameKind, string]]),
    [UniqueNameKind.LOG_GROUP, names.controlPlaneLogGroup],
    ...(config.secretsEncryption === SecretsEncryption.CUSTOMER_MANAGED ? [[UniqueNameKind.KMS_ALIAS, names.secretsKeyAlias] as [UniqueNameKind, string]] : []),
    [UniqueNameKind.LAUNCH_TEMPLATE, names.launchTemplate],
  ];
  return entries.map(([kind, name]) => ({ kind, name, clusterName: environment.clusterName, stackName: environment.clusterStackName }));
}
