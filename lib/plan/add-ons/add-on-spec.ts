import type { IamPolicyDocument } from '../iam-policy';
import type { LabEnvironment } from '../lab-environment';

/** EKS add-on names, as the EKS API spells them. */
export enum AddonName {
  VPC_CNI = 'vpc-cni',
  POD_IDENTITY_AGENT = 'eks-pod-identity-agent',
  COREDNS = 'coredns',
  KUBE_PROXY = 'kube-proxy',
  /** A community add-on, installed through the same EKS add-on API. */
  METRICS_SERVER = 'metrics-server',
  EBS_CSI_DRIVER = 'aws-ebs-csi-driver',
}

/** When an add-on is installed relative to the managed node group. */
export enum AddOnPhase {
  /** Node-level DaemonSets a node needs to become Ready: created before any node joins. */
  BEFORE_NODES = 'before-nodes',
  /** Pods that need a node to run on (CoreDNS created without nodes waits 20 minutes and fails). */
  AFTER_NODES = 'after-nodes',
}

/** The pods of one part of an add-on, with the requests its chart or manifest sets. */
export interface AddOnPods {
  /** What the pods are, e.g. `ebs-csi-controller`. */
  readonly name: string;
  /** One pod on every node (a DaemonSet), or `replicas` pods placed by the scheduler. */
  readonly perNode: boolean;
  /** Whether the pods run on the node's network (and take no pod address of their own). */
  readonly hostNetwork: boolean;
  /** Pods when not per node. */
  readonly replicas: number;
  /** Containers per pod that request resources. */
  readonly containers: number;
  /** CPU request of each container, in millicores. */
  readonly cpuMillicores: number;
  /** Memory request of each container, in MiB. */
  readonly memoryMiB: number;
  /** Where the requests come from (a chart's values or the add-on's manifest). */
  readonly source: string;
}

/** An IAM role the add-on's service account gets through EKS Pod Identity. */
export interface AddOnPodIdentity {
  /** Construct id of the role in the cluster construct (part of its Terraform address: never rename it). */
  readonly roleConstructId: string;
  /** Service account in `kube-system`. */
  readonly serviceAccount: string;
  /** The role's name, from the lab's names. */
  roleName(lab: LabEnvironment): string;
  /** AWS managed policies attached to the role (names under `arn:<partition>:iam::aws:policy/`). */
  readonly managedPolicies: readonly string[];
  /**
   * A policy of the lab's own, put on the role as an inline policy (named after the service account),
   * for the ARNs of `partition`. @default - none
   */
  policy?(partition: string): IamPolicyDocument;
}

/**
 * One EKS add-on of every lab: when it is installed, how it is configured, the role it gets and the
 * pods it runs (the node-fit check and the address plan count them). The cluster construct renders
 * each entry of {@link LAB_ADD_ONS} as an `aws_eks_addon`; adding an add-on is one file with its spec,
 * its test, and one line in that list.
 */
export interface AddOnSpec {
  /** The add-on's name. */
  readonly name: AddonName;
  /** Construct id of the add-on in the cluster construct (part of its Terraform address: never rename it). */
  readonly constructId: string;
  /** Before or after the nodes. */
  readonly phase: AddOnPhase;
  /**
   * Whether the destroy-time volume wait keeps it until the EBS CSI driver has deleted the lab's
   * volumes (the driver, what keeps the nodes Ready, and CoreDNS, through which the driver resolves
   * the EC2 endpoint).
   */
  readonly neededToReleaseVolumes: boolean;
  /** Configuration values for the lab `lab`. @default - the add-on's defaults */
  configuration?(lab: LabEnvironment): Readonly<Record<string, unknown>>;
  /** A role for one of its service accounts. @default - none */
  readonly podIdentity?: AddOnPodIdentity;
  /** Its pods and their requests. */
  readonly pods: readonly AddOnPods[];
}
