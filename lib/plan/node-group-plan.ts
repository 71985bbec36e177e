import type { NodeGroupConfig } from '../config/lab-config';
import { NODE_GROUP_NAME } from './lab-names';

/**
 * AMI type of the nodes: Amazon Linux 2023 on x86_64 (AL2 images are no longer published).
 * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_Nodegroup.html#AmazonEKS-Type-Nodegroup-amiType
 */
export const NODE_AMI_TYPE = 'AL2023_x86_64_STANDARD';

/** Kubernetes labels on every node, as the workshop's node group sets them. */
export const NODE_LABELS: Readonly<Record<string, string>> = { 'workshop-default': 'yes' };

/** The managed node group of every lab, resolved. */
export interface NodeGroupPlan extends NodeGroupConfig {
  /** The node group's name in its cluster. */
  readonly name: string;
  /** The EKS AMI type. */
  readonly amiType: string;
  /** Kubernetes labels on every node. */
  readonly labels: Readonly<Record<string, string>>;
}

/** The node group of `nodeGroup`, the configuration's settings. */
export function nodeGroupPlan(nodeGroup: NodeGroupConfig): NodeGroupPlan {
  return { ...nodeGroup, name: NODE_GROUP_NAME, amiType: NODE_AMI_TYPE, labels: NODE_LABELS };
}
