/**
 * Every name a lab derives from its cluster name, in one place: the constructs create resources under
 * these names, and the commands (preflight, verify, leftovers) look them up by the same names without
 * loading a construct. `test/plan/plan-matches-synth.test.ts` checks them against the synthesized stacks.
 */

/** The EKS cluster of a lab: `<labName>`, or `<labName>-<participant id>` in a class. */
export function clusterNameOf(labName: string, participantId?: string): string {
  return participantId === undefined ? labName : `${labName}-${participantId}`;
}

/** Stack of the network a class shares. */
export function sharedNetworkStackName(labName: string): string {
  return `${labName}-network`;
}

/**
 * The Terraform stacks of the lab whose cluster is `clusterName`: `<cluster>-cluster` and
 * `<cluster>-workloads`. Also names the stacks of a lab another configuration deployed, from its
 * cluster name alone.
 */
export function labStackNames(clusterName: string): { readonly cluster: string; readonly workloads: string } {
  return { cluster: `${clusterName}-cluster`, workloads: `${clusterName}-workloads` };
}

/** Name of the lab's managed node group, as the workshop names it (`npm run verify` asks EKS for it by name). */
export const NODE_GROUP_NAME = 'default';

/** Service account of the Amazon VPC CNI (`aws-node`), which the add-on creates in `kube-system`. */
export const VPC_CNI_SERVICE_ACCOUNT = 'aws-node';

/** Service account of the EBS CSI controller, which the add-on creates in `kube-system`. */
export const EBS_CSI_SERVICE_ACCOUNT = 'ebs-csi-controller-sa';

/**
 * The tag the EBS CSI driver puts on every volume it creates (`ebs.csi.aws.com/cluster=true`).
 * @see https://github.com/kubernetes-sigs/aws-ebs-csi-driver/blob/master/docs/tagging.md
 */
export const EBS_CSI_VOLUME_TAG = { key: 'ebs.csi.aws.com/cluster', value: 'true' } as const;

/** The account- or region-unique names of one lab's AWS resources, all derived from its cluster name. */
export interface LabResourceNames {
  /** The EKS cluster. */
  readonly cluster: string;
  /** IAM role of the control plane. */
  readonly clusterRole: string;
  /** IAM role of the nodes. */
  readonly nodeRole: string;
  /** IAM role of the EBS CSI controller (EKS Pod Identity). */
  readonly ebsCsiRole: string;
  /** IAM role of the Amazon VPC CNI, `aws-node` (EKS Pod Identity). */
  readonly vpcCniRole: string;
  /** IAM role a participant who is an IAM Identity Center user assumes (created only for such a participant). */
  readonly learnerRole: string;
  /** The control-plane log group EKS writes to. */
  readonly controlPlaneLogGroup: string;
  /** The nodes' launch template. */
  readonly launchTemplate: string;
  /** Alias of the customer-managed secrets key (created only with `secretsEncryption: customer-managed`). */
  readonly secretsKeyAlias: string;
  /** The managed node group (unique within the cluster). */
  readonly nodeGroup: string;
}

/** The names of the lab whose cluster is `clusterName`. */
export function labResourceNames(clusterName: string): LabResourceNames {
  return {
    cluster: clusterName,
    clusterRole: `${clusterName}-cluster`,
    nodeRole: `${clusterName}-node`,
    ebsCsiRole: `${clusterName}-ebs-csi-driver`,
    vpcCniRole: `${clusterName}-vpc-cni`,
    learnerRole: `${clusterName}-learner`,
    controlPlaneLogGroup: controlPlaneLogGroupName(clusterName),
    launchTemplate: `${clusterName}-nodes`,
    secretsKeyAlias: `alias/${clusterName}-eks-secrets`,
    nodeGroup: NODE_GROUP_NAME,
  };
}

/** The log group EKS writes a cluster's control-plane logs to. */
export function controlPlaneLogGroupName(clusterName: string): string {
  return `/aws/eks/${clusterName}/cluster`;
}

/** The account-unique name of a lab's or class's budget guard: `<labName>-<region>-after-expiry`. */
export function labBudgetName(labName: string, region: string): string {
  return `${labName}-${region}-after-expiry`;
}

/** The name of the budget in a participant's own account that alerts when a day costs more than the estimate. */
export function overEstimateBudgetName(labName: string, region: string): string {
  return `${labName}-${region}-over-estimate`;
}

/** IAM role names are at most 64 characters. */
export const IAM_ROLE_NAME_MAX_LENGTH = 64;
