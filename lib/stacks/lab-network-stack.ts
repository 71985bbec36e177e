import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { LabBudget, labBudgetOf } from '../budget/lab-budget';
import { labTags } from '../config/lab-tags';
import { LabNetwork } from '../network/lab-network';
import type { LabPlan } from '../plan/lab-plan';
import type { NetworkPlan } from '../plan/network-plan';
import { configureStateBackend } from './lab-state-backend';

/** Props of {@link LabNetworkStack}. */
export interface LabNetworkStackProps {
  /** The plan of the class. */
  readonly plan: LabPlan;
  /** The network this stack creates (one of the plan's networks). */
  readonly network: NetworkPlan;
  /**
   * Whether the class's budget guard lives here: in one network stack of a class (the first), which
   * is deployed before and destroyed after every participant.
   * @default true
   */
  readonly withBudget?: boolean;
}

/**
 * The network a class shares: one VPC, one NAT gateway (or one per zone) and large private subnets
 * for every participant's cluster. Default quotas allow 5 VPCs and 5 Elastic IPs per region, so a
 * network per participant would stop at five; the roster is checked against these subnets' address
 * space when the plan is resolved. Deployed before and destroyed after every participant.
 */
export class LabNetworkStack extends TerraformStack {
  /** The shared network. */
  public readonly network: LabNetwork;
  /** The class's budget guard. @default - none: `budget.enabled` is false, or another network stack has it */
  public readonly budgets: readonly LabBudget[];

  constructor(scope: Construct, id: string, props: LabNetworkStackProps) {
    super(scope, id);
    const { plan } = props;
    configureStateBackend(this, plan.config.state);
    new AwsProvider(this, 'aws', { region: plan.region, defaultTags: [{ tags: labTags(plan.config) }] });
    this.network = new LabNetwork(this, 'Network', { plan: props.network });
    // One budget for the class, in one network stack: deployed first and destroyed last.
    this.budgets = (props.withBudget ?? true) ? labBudgetOf(this, plan, this.network) : [];
    new TerraformOutput(this, 'vpc_id', { value: this.network.vpcId, description: 'VPC shared by the class' });
    new TerraformOutput(this, 'private_subnet_cidrs', {
      value: this.network.zones.map((z) => z.privateCidr),
      description: 'Private subnets (nodes and pods of every participant)',
    });
  }
}
