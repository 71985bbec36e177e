import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { ITerraformDependable, Token } from 'cdktf';
import { Construct } from 'constructs';
import { ServiceRole } from '../iam/service-role';

/** Props of {@link LabNodeGroup}. */
export interface LabNodeGroupProps {
  /** Cluster name (a reference to the cluster, so the group waits for it). */
  readonly clusterName: string;
  /** Prefix of the node role and launch template names; unique per lab. */
  readonly namePrefix: string;
  /** Region, for the partition of managed policy ARNs. */
  readonly region: string;
  /** Private subnets the nodes run in. */
  readonly subnetIds: readonly string[];
  /** Managed node group name. @default DEFAULT_NODE_GROUP_NAME */
  readonly nodeGroupName?: string;
  /** EC2 instance types. @default ['m5.large'] */
  readonly instanceTypes?: readonly string[];
  /** Minimum node count. @default 3 */
  readonly minSize?: number;
  /** Desired node count at creation. @default 3 */
  readonly desiredSize?: number;
  /** Maximum node count. @default 6 */
  readonly maxSize?: number;
  /** Root volume size in GiB. @default 30 */
  readonly diskSizeGiB?: number;
  /** Kubernetes labels on every node. @default { 'workshop-default': 'yes' } */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Tags for the instances, root volumes and ENIs the node group launches: the provider's
   * `default_tags` reach the launch template, not what EC2 launches from it.
   * @default {}
   */
  readonly launchedResourceTags?: Readonly<Record<string, string>>;
  /** What must exist before any node joins (the node-level add-ons, the way out through NAT). @default [] */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/** Name of the lab's managed node group, as the workshop names it (`npm run verify` asks EKS for it by name). */
export const DEFAULT_NODE_GROUP_NAME = 'default';

/** AMI type of the nodes: Amazon Linux 2023 (AL2 images are no longer published). */
export const NODE_AMI_TYPE = 'AL2023_x86_64_STANDARD';

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
  /** Resolved instance types. */
  public readonly instanceTypes: readonly string[];
  /** Resolved scaling. */
  public readonly scaling: { readonly minSize: number; readonly desiredSize: number; readonly maxSize: number };
  /** Resolved root volume size in GiB. */
  public readonly diskSizeGiB: number;

  constructor(scope: Construct, id: string, props: LabNodeGroupProps) {
    super(scope, id);
    this.instanceTypes = props.instanceTypes ?? ['m5.large'];
    this.scaling = { minSize: props.minSize ?? 3, desiredSize: props.desiredSize ?? 3, maxSize: props.maxSize ?? 6 };
    this.diskSizeGiB = props.diskSizeGiB ?? 30;
    const { minSize, desiredSize, maxSize } = this.scaling;
    if (minSize > desiredSize || desiredSize > maxSize) {
      throw new Error(`LabNodeGroup: scaling must satisfy minSize (${minSize}) <= desiredSize (${desiredSize}) <= maxSize (${maxSize})`);
    }

    this.role = new ServiceRole(this, 'NodeRole', {
      roleName: `${props.namePrefix}-node`,
      description: `EKS nodes of lab ${props.namePrefix}`,
      servicePrincipal: 'ec2.amazonaws.com',
      // PullOnly (2024-10) instead of ReadOnly: the node policies the EKS docs list.
      // https://docs.aws.amazon.com/eks/latest/userguide/create-node-role.html
      managedPolicies: ['AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryPullOnly', 'AmazonEKS_CNI_Policy'],
      region: props.region,
    });

    const tags = { ...props.launchedResourceTags };
    this.launchTemplate = new LaunchTemplate(this, 'LaunchTemplate', {
      name: `${props.namePrefix}-nodes`,
      description: `Nodes of lab ${props.namePrefix}: IMDSv2 only, encrypted gp3 root volume`,
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
            volumeSize: this.diskSizeGiB,
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
      nodeGroupName: props.nodeGroupName ?? DEFAULT_NODE_GROUP_NAME,
      nodeRoleArn: this.role.role.arn,
      subnetIds: [...props.subnetIds],
      amiType: NODE_AMI_TYPE,
      instanceTypes: [...this.instanceTypes],
      scalingConfig: { minSize, desiredSize, maxSize },
      updateConfig: { maxUnavailablePercentage: 50 },
      labels: { ...(props.labels ?? { 'workshop-default': 'yes' }) },
      launchTemplate: { id: this.launchTemplate.id, version: Token.asString(this.launchTemplate.latestVersion) },
      // Nodes that join before the CNI is configured come up without prefix delegation; and the
      // policies must outlive the group on destroy, or it cannot clean up its ENIs.
      dependsOn: [...(props.dependsOn ?? []), ...this.role.attachments],
      lifecycle: { ignoreChanges: ['scaling_config[0].desired_size'] },
    });
  }
}
