import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { ITerraformDependable, Token } from 'cdktf';
import { Construct } from 'constructs';
import { ServiceRole } from '../iam/service-role';
import type { LabResourceNames } from '../plan/lab-names';
import type { NodeGroupPlan } from '../plan/node-group-plan';

/** Props of {@link LabNodeGroup}. */
export interface LabNodeGroupProps {
  /** Cluster name (a reference to the cluster, so the group waits for it). */
  readonly clusterName: string;
  /** The node group: name, instance types, scaling, root volume, AMI type and labels. */
  readonly nodeGroup: NodeGroupPlan;
  /** The lab's names: the node role, the launch template and the cluster (in descriptions). */
  readonly names: LabResourceNames;
  /** Region, for the partition of managed policy ARNs. */
  readonly region: string;
  /** Private subnets the nodes run in. */
  readonly subnetIds: readonly string[];
  /**
   * Tags for the instances, root volumes and ENIs the node group launches: the provider's
   * `default_tags` reach the launch template, not what EC2 launches from it.
   */
  readonly launchedResourceTags: Readonly<Record<string, string>>;
  /** What must exist before any node joins (the node-level add-ons, the way out through NAT). @default [] */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * The lab's managed node group: AL2023 nodes in the private subnets, launched from a template that
 * requires IMDSv2 (hop limit 1, so pods cannot borrow the node role) and encrypts the gp3 root volume.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/launch-templates.html
 */
export class LabNodeGroup extends Construct {
  /** The managed node group. */
  public readonly nodeGroup: EksNodeGroup;
  /** The node IAM role. */
  public readonly role: ServiceRole;
  /** The launch template. */
  public readonly launchTemplate: LaunchTemplate;
  /** The node group as rendered. */
  public readonly plan: NodeGroupPlan;

  constructor(scope: Construct, id: string, props: LabNodeGroupProps) {
    super(scope, id);
    const plan = props.nodeGroup;
    this.plan = plan;

    this.role = new ServiceRole(this, 'NodeRole', {
      roleName: props.names.nodeRole,
      description: `EKS nodes of lab ${props.names.cluster}`,
      servicePrincipal: 'ec2.amazonaws.com',
      // PullOnly (2024-10) instead of ReadOnly: the node policies the EKS docs list. No
      // AmazonEKS_CNI_Policy: aws-node has its own role through Pod Identity (lib/plan/add-ons/vpc-cni.ts).
      // https://docs.aws.amazon.com/eks/latest/userguide/create-node-role.html
      managedPolicies: ['AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryPullOnly'],
      region: props.region,
    });

    const tags = { ...props.launchedResourceTags };
    this.launchTemplate = new LaunchTemplate(this, 'LaunchTemplate', {
      name: props.names.launchTemplate,
      description: `Nodes of lab ${props.names.cluster}: IMDSv2 only, encrypted gp3 root volume`,
      updateDefaultVersion: true,
      metadataOptions: {
        httpEndpoint: 'enabled',
        httpTokens: 'required',
        // 1 keeps containers off the node's credentials; the lab's pods use EKS Pod Identity.
        httpPutResponseHopLimit: 1,
      },
      blockDeviceMappings: [
        {
          deviceName: '/dev/xvda',
          ebs: {
            volumeSize: plan.diskSizeGiB,
            volumeType: 'gp3',
            encrypted: 'true',
            deleteOnTermination: 'true',
          },
        },
      ],
      tagSpecifications: ['instance', 'volume', 'network-interface'].map((resourceType) => ({ resourceType, tags })),
    });

    this.nodeGroup = new EksNodeGroup(this, 'NodeGroup', {
      clusterName: props.clusterName,
      nodeGroupName: plan.name,
      nodeRoleArn: this.role.role.arn,
      subnetIds: [...props.subnetIds],
      amiType: plan.amiType,
      instanceTypes: [...plan.instanceTypes],
      scalingConfig: { minSize: plan.minSize, desiredSize: plan.desiredSize, maxSize: plan.maxSize },
      updateConfig: { maxUnavailablePercentage: 50 },
      labels: { ...plan.labels },
      launchTemplate: { id: this.launchTemplate.id, version: Token.asString(this.launchTemplate.latestVersion) },
      // Nodes that join before the CNI is configured come up without prefix delegation; and the
      // policies must outlive the group on destroy, or it cannot clean up its ENIs.
      dependsOn: [...(props.dependsOn ?? []), ...this.role.permissions],
      lifecycle: { ignoreChanges: ['scaling_config[0].desired_size'] },
    });
  }
}
