/** What a stack holds. */
export enum StackKind {
  /** The network a class shares (VPC, NAT, subnets, and the class's budget). */
  NETWORK = 'network',
  /** One lab's AWS side: its cluster, nodes, add-ons and access (and a single lab's own network). */
  CLUSTER = 'cluster',
  /** One lab's Kubernetes side: the workloads. */
  WORKLOADS = 'workloads',
}

/** Terraform providers a stack uses. */
export enum StackProvider {
  AWS = 'aws',
  KUBERNETES = 'kubernetes',
  RANDOM = 'random',
}

/**
 * One Terraform stack (one `cdktf.out/stacks/<name>` folder with its own state): what it holds,
 * whose it is and what must be deployed before it (and destroyed after it).
 */
export interface StackPlan {
  /** Stack name, also the state file or key name. */
  readonly name: string;
  /** What it holds. */
  readonly kind: StackKind;
  /** The lab's cluster, for a cluster or workloads stack. @default - none: the network */
  readonly clusterName?: string;
  /** The participant whose lab it is. @default - none: the single lab, or the shared network */
  readonly participantId?: string;
  /** Stacks deployed before this one and destroyed after it. */
  readonly dependsOn: readonly string[];
  /** The providers it uses. */
  readonly providers: readonly StackProvider[];
}
