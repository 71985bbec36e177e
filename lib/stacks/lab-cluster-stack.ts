import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { LabEks } from '../cluster/lab-eks';
import { LabConfig } from '../config/lab-config';
import { LabBudget, labBudgetOf } from '../cost/lab-budget';
import { LAB_TAG_KEYS } from '../config/lab-tags';
import { LabEnvironment } from '../fleet/lab-environment';
import { LabNetwork, LabNetworkInfo } from '../network/lab-network';
import { configureStateBackend } from './lab-state-backend';

/** Props of {@link LabClusterStack}. */
export interface LabClusterStackProps {
  /** The validated lab configuration. */
  readonly config: LabConfig;
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
  /** The configuration the stack was built from. */
  public readonly config: LabConfig;
  /** The lab this stack is for. */
  public readonly environment: LabEnvironment;
  /** The single lab's budget guard (a class has one in its network stack). @default - none */
  public readonly budget?: LabBudget;

  constructor(scope: Construct, id: string, props: LabClusterStackProps) {
    super(scope, id);
    const { config, environment } = props;
    this.config = config;
    this.environment = environment;
    const tags = environment.tags;
    configureStateBackend(this, config.state);
    new AwsProvider(this, 'aws', { region: config.region, defaultTags: [{ tags }] });

    this.network =
      props.sharedNetwork === undefined
        ? new LabNetwork(this, 'Network', {
            namePrefix: environment.clusterName,
            vpcCidr: config.vpcCidr,
            availabilityZones: config.availabilityZones,
            natGateways: config.natGateways,
          })
        : undefined;
    const network = props.sharedNetwork ?? (this.network as LabNetwork);

    // The tags that single out this lab's volumes: lab, participant (in a class) and cluster.
    const owner = [LAB_TAG_KEYS.lab, LAB_TAG_KEYS.participant, LAB_TAG_KEYS.env].filter((key) => key in tags);
    this.eks = new LabEks(this, 'Eks', {
      clusterName: environment.clusterName,
      kubernetesVersion: config.kubernetesVersion,
      region: config.region,
      network,
      networkEgress: this.network?.egress,
      publicAccessCidrs: config.publicAccessCidrs,
      serviceCidr: config.serviceCidr,
      controlPlaneLogTypes: config.controlPlaneLogTypes,
      logRetentionDays: config.logRetentionDays,
      secretsEncryption: config.secretsEncryption,
      bootstrapCreatorAdmin: environment.bootstrapCreatorAdmin,
      nodeGroup: config.nodeGroup,
      adminPrincipalArns: environment.adminPrincipalArns,
      tags,
      volumeOwnerTags: Object.fromEntries(owner.map((key) => [key, tags[key]])),
    });

    // A single lab owns its network, so its budget goes with it; a class's is in the network stack.
    if (this.network !== undefined) this.budget = labBudgetOf(this, config, this.network);

    const cluster = this.eks.cluster;
    new TerraformOutput(this, 'cluster_name', { value: cluster.name, description: 'EKS cluster name' });
    new TerraformOutput(this, 'region', { value: config.region, description: 'AWS region of the lab' });
    new TerraformOutput(this, 'cluster_endpoint', { value: cluster.endpoint, description: 'Kubernetes API endpoint' });
    new TerraformOutput(this, 'update_kubeconfig_command', {
      value: environment.updateKubeconfigCommand,
      description: 'Run this to point kubectl at the lab',
    });
    if (environment.participant !== undefined) {
      new TerraformOutput(this, 'participant', {
        value: { id: environment.participant.id, principal_arn: environment.participant.principalArn },
        description: 'The participant this lab belongs to',
      });
    }
  }
}
