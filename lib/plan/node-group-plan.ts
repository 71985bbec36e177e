import type { NodeGroupConfig } from '../config/lab-config';
import { AL2023_AMI_TYPES, CpuArchitecture, nodeGroupArchitecture } from './instance-architecture';
import { NODE_GROUP_NAME } from './lab-names';

/** Kubernetes labels on every node, as the workshop's node group sets them. */
export const NODE_LABELS: Readonly<Record<string, string>> = { 'workshop-default': 'yes' };

/** The managed node group of every lab, resolved. */
export interface NodeGroupPlan extends NodeGroupConfig {
  /** The node group's name in its cluster. */
  readonly name: string;
  /** The CPU architecture of the configured instance types (one: a mix is rejected). */
  readonly architecture: CpuArchitecture;
  /** The EKS AMI type: Amazon Linux 2023 for {@link architecture}. */
  readonly amiType: string;
  /** Kubernetes labels on every node. */
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * The node group of `nodeGroup`, the configuration's settings, with the AMI type its instance types'
 * architecture needs. Instance types of mixed architectures are the plan's problem (resolveLab
 * rejects them); here the first type decides.
 */
export function nodeGroupPlan(nodeGroup: NodeGroupConfig): NodeGroupPlan {
  const { architecture } = nodeGroupArchitecture(nodeGroup.instanceTypes);
  return { ...nodeGroup, name: NODE_GROUP_NAME, architecture, amiType: AL2023_AMI_TYPES[architecture], labels: NODE_LABELS };
}
