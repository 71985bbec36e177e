import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { LabEks } from '../cluster/lab-eks';
import { LabBudget, labBudgetOf } from '../budget/lab-budget';
import type { LabEnvironment } from '../plan/lab-environment';
import type { LabPlan } from '../plan/lab-plan';
import { LabNetwork, LabNetworkInfo } from '../network/lab-network';
import { configureStateBackend } from './lab-state-backend';

/** The session name of the deploy's assumed role in a participant's account (it shows in CloudTrail). */
const SESSION_NAME = 'eks-workshop-lab-deploy';

/** Props of {@link LabClusterStack}. */
export interface LabClusterStackProps {
  /** The plan of the lab or class. */
  readonly plan: LabPlan;
  /** The lab this stack is for (the single lab, or one participant's). */
  readonly environment: LabEnvironment;
  /**
   * The network a class shares (cross-stack references).
   * @default - the stack creates the lab's own network, as the workshop does
   */
  readonly sharedNetwork?: LabNetworkInfo;
}

/**
 * Everything on the AWS side of one lab: network (unless shared), EKS cluster, nodes, add-ons and
 * access. Uses only the AWS provider and no data source, so it plans offline.
 */
export class LabClusterStack extends TerraformStack {
  /** The lab's own network, when it does not share one. */
  public readonly network?: LabNetwork;
  /** The lab's cluster, nodes and add-ons. */
  public readonly eks: LabEks;
  /** The plan the stack was built from. */
  public readonly plan: LabPlan;
  /** The lab this stack is for. */
  public readonly environment: LabEnvironment;
  /**
   * The budget guard of a lab with its own network: the single lab's, or a participant's in their own
   * account (a class in one account has one in a network stack). @default - none
   */
  public readonly budgets: readonly LabBudget[];

  constructor(scope: Construct, id: string, props: LabClusterStackProps) {
    super(scope, id);
    const { plan, environment } = props;
    const { config } = plan;
    this.plan = plan;
    this.environment = environment;
    configureStateBackend(this, config.state);
    new AwsProvider(this, 'aws', {
      region: plan.region,
      defaultTags: [{ tags: environment.tags }],
      // A participant's own account: everything is created there, through the role the deploy assumes.
      ...(environment.account === undefined ? {} : { assumeRole: [{ roleArn: environment.account.roleArn, sessionName: SESSION_NAME }] }),
    });

    // A single lab's network is its own, in this stack (the plan's network created by this stack).
    const ownNetwork = plan.networks.find((n) => n.stackName === id);
    this.network = ownNetwork === undefined ? undefined : new LabNetwork(this, 'Network', { plan: ownNetwork });
    const network = props.sharedNetwork ?? this.network;
    if (network === undefined) throw new Error(`LabClusterStack ${id}: the plan has no network for it and none is shared`);

    this.eks = new LabEks(this, 'Eks', {
      lab: environment,
      kubernetesVersion: config.kubernetesVersion,
      region: plan.region,
      network,
      networkEgress: this.network?.egress,
      publicAccessCidrs: config.publicAccessCidrs,
      serviceCidr: config.serviceCidr,
      controlPlaneLogTypes: config.controlPlaneLogTypes,
      logRetentionDays: config.logRetentionDays,
      secretsEncryption: config.secretsEncryption,
      nodeGroup: plan.nodeGroup,
      addOns: plan.addOns,
    });

    // A lab that owns its network owns its budget too; a class in one account has one in a network stack.
    this.budgets = this.network === undefined ? [] : labBudgetOf(this, plan, this.network, environment);

    const cluster = this.eks.cluster;
    new TerraformOutput(this, 'cluster_name', { value: cluster.name, description: 'EKS cluster name' });
    new TerraformOutput(this, 'region', { value: plan.region, description: 'AWS region of the lab' });
    new TerraformOutput(this, 'cluster_endpoint', { value: cluster.endpoint, description: 'Kubernetes API endpoint' });
    new TerraformOutput(this, 'update_kubeconfig_command', {
      value: environment.updateKubeconfigCommand,
      description: 'Run this to point kubectl at the lab',
    });
    if (environment.participant !== undefined) {
      new TerraformOutput(this, 'participant', {
        // The principal with the participant's access entry (an IAM Identity Center user's learner role).
        value: { id: environment.participant.id, principal_arn: this.eks.learnerRole?.role.arn ?? environment.participantAccess?.principalArn ?? '' },
        description: 'The participant this lab belongs to',
      });
    }
  }
}
