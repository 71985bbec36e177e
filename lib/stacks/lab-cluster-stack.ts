import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { LabEks } from '../cluster/lab-eks';
import { LabConfig } from '../config/lab-config';
import { LabNetwork } from '../network/lab-network';
import { labTags } from '../config/lab-tags';

/** Props of {@link LabClusterStack}. */
export interface LabClusterStackProps {
  /** The validated lab configuration. */
  readonly config: LabConfig;
}

/**
 * Everything on the AWS side of one lab: network, EKS cluster, nodes, add-ons and access. Uses only
 * the AWS provider and no data source, so it plans offline.
 */
export class LabClusterStack extends TerraformStack {
  /** The lab's network. */
  public readonly network: LabNetwork;
  /** The lab's cluster, nodes and add-ons. */
  public readonly eks: LabEks;
  /** The configuration the stack was built from. */
  public readonly config: LabConfig;

  constructor(scope: Construct, id: string, props: LabClusterStackProps) {
    super(scope, id);
    const { config } = props;
    this.config = config;
    const tags = labTags(config);
    // Relative to the stack's directory (cdktf.out/stacks/<id>): state lands in the project root under a
    // stable name, and the synthesized JSON carries no machine-specific path.
    new LocalBackend(this, { path: `../../../terraform.${id}.tfstate` });

    new AwsProvider(this, 'aws', {
      region: config.region,
      defaultTags: [{ tags }],
    });

    this.network = new LabNetwork(this, 'Network', {
      namePrefix: config.labName,
      vpcCidr: config.vpcCidr,
      availabilityZones: config.availabilityZones,
      natGateways: config.natGateways,
    });

    this.eks = new LabEks(this, 'Eks', {
      clusterName: config.labName,
      kubernetesVersion: config.kubernetesVersion,
      region: config.region,
      network: this.network,
      publicAccessCidrs: config.publicAccessCidrs,
      controlPlaneLogTypes: config.controlPlaneLogTypes,
      logRetentionDays: config.logRetentionDays,
      secretsEncryption: config.secretsEncryption,
      bootstrapCreatorAdmin: config.bootstrapCreatorAdmin,
      nodeGroup: config.nodeGroup,
      adminPrincipalArns: config.adminPrincipalArns,
      tags,
    });

    const cluster = this.eks.cluster;
    new TerraformOutput(this, 'cluster_name', { value: cluster.name, description: 'EKS cluster name' });
    new TerraformOutput(this, 'region', { value: config.region, description: 'AWS region of the lab' });
    new TerraformOutput(this, 'cluster_endpoint', { value: cluster.endpoint, description: 'Kubernetes API endpoint' });
    new TerraformOutput(this, 'update_kubeconfig_command', {
      value: `aws eks update-kubeconfig --name ${cluster.name} --region ${config.region}`,
      description: 'Run this to point kubectl at the lab',
    });
  }
}
