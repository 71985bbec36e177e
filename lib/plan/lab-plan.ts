import type { LabConfig } from '../config/lab-config';
import type { PodIpDemand } from './address-plan';
import type { AddOnSpec } from './add-ons/add-on-spec';
import type { LabEnvironment } from './lab-environment';
import type { NetworkPlan } from './network-plan';
import type { NodeGroupPlan } from './node-group-plan';
import type { StackPlan } from './stack-plan';
import type { LabWorkloadRef } from './workload-inventory';

/** How a configuration lays its labs out over AWS accounts and networks. */
export enum ClassMode {
  /** No roster: one lab with its own network. */
  SINGLE_LAB = 'single-lab',
  /** A class in the deploying account: participants share networks (as many as the address space needs). */
  SHARED_ACCOUNT = 'shared-account',
  /** A class of one AWS account per participant: each lab with its own network in its own account. */
  ACCOUNT_PER_PARTICIPANT = 'account-per-participant',
}

/**
 * The resolved plan of a lab or class: plain data, free of cdktf, computed once from a validated
 * configuration by {@link resolveLab}. The stacks render it; the commands (preflight, verify,
 * leftovers, estimate, roster, the class runner) and the tests read it, so none re-derives a name, a
 * default or an order. `test/plan/plan-matches-synth.test.ts` ties it to the synthesized stacks.
 */
export interface LabPlan {
  /** The validated configuration, every default resolved (the schema is the one home of the defaults). */
  readonly config: LabConfig;
  /** The configuration's `labName`. */
  readonly labName: string;
  /** The AWS region. */
  readonly region: string;
  /** The AWS partition of the region (`aws`, `aws-cn`, `aws-us-gov`). */
  readonly partition: string;
  /** How the labs are laid out over accounts and networks. */
  readonly mode: ClassMode;
  /** Whether the configuration has a roster (a class) or describes the single lab. */
  readonly isClass: boolean;
  /**
   * The VPCs: a class's shared networks (each in a stack of its own), or each lab's own network
   * (created in its cluster stack: the single lab, or a participant in their own account).
   */
  readonly networks: readonly NetworkPlan[];
  /** One lab per participant in roster order, or the single lab. */
  readonly labs: readonly LabEnvironment[];
  /** Every stack, in an order that deploys each after what it depends on. */
  readonly stacks: readonly StackPlan[];
  /** The managed node group of every lab. */
  readonly nodeGroup: NodeGroupPlan;
  /** The EKS add-ons of every lab, with their pods. */
  readonly addOns: readonly AddOnSpec[];
  /** The workload controllers of every lab, with their replicas and volumes. */
  readonly workloads: readonly LabWorkloadRef[];
  /** The pod addresses one lab's pods take, which the address plan is sized by. */
  readonly podIps: PodIpDemand;
  /**
   * Participants one shared network holds at this node group and VPC: the class's split in one
   * account (or `roster.participantsPerNetwork` when smaller), and what the estimate sizes other
   * rosters by. 0 when not even one fits.
   */
  readonly participantsPerNetwork: number;
  /** What the instructor should know about the plan (default quotas it passes). */
  readonly warnings: readonly string[];
}
