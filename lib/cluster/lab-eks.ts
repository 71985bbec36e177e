import { createHash } from 'node:crypto';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { NodeGroupConfig } from '../config/lab-config';
import { ServiceRole } from '../iam/service-role';
import { VPC_CNI_PREFIX_SETTINGS } from '../network/address-plan';
import { LabNetworkInfo } from '../network/lab-network';
import { AddonName, ClusterAddon } from './addons/cluster-addon';
import { ClusterAdminAccess } from './cluster-admin-access';
import { LabCluster, LabClusterInfo, LabClusterProps } from './lab-cluster';
import { LabNodeGroup } from './lab-node-group';
import { VolumeReleaseWait } from './volume-release-wait';

/** Props of {@link LabEks}. */
export interface LabEksProps extends Omit<LabClusterProps, 'subnetIds'> {
  /** The network the cluster and nodes run in. */
  readonly network: LabNetworkInfo;
  /** Node group settings. @default - LabNodeGroup's defaults (3 x m5.large, 3..6) */
  readonly nodeGroup?: Partial<NodeGroupConfig>;
  /** IAM principals that get cluster-admin access entries. @default [] */
  readonly adminPrincipalArns?: readonly string[];
  /** Tags for what EC2 and the EBS CSI driver create outside Terraform (instances, volumes, ENIs). @default {} */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * Tags that single out this cluster's EBS volumes (added to the driver's volume tags); destroy waits
   * until no volume carries them. Values must not contain commas (they become CLI filters).
   * @default { env: <clusterName> }
   */
  readonly volumeOwnerTags?: Readonly<Record<string, string>>;
  /**
   * The nodes' way out to the internet and the AWS APIs when the network is in the same stack
   * (`LabNetwork.egress`): the nodes are created only after it (they join the cluster and pull
   * images through it), and the volume wait is destroyed before it (the EBS CSI driver calls the EC2
   * API through it while it deletes volumes).
   * @default [] (a network in another stack is deployed before and destroyed after this one anyway)
   */
  readonly networkEgress?: readonly ITerraformDependable[];
}

/** Service account of the EBS CSI controller, which the add-on creates in `kube-system`. */
export const EBS_CSI_SERVICE_ACCOUNT = 'ebs-csi-controller-sa';

/**
 * A complete lab cluster: control plane, the managed node group, and the add-ons in the order EKS
 * needs them (the node-level DaemonSets vpc-cni, eks-pod-identity-agent and kube-proxy before any
 * node; CoreDNS, metrics-server and the EBS CSI driver after the nodes, since CoreDNS created without
 * nodes waits 20 minutes and fails), plus cluster-admin access entries.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/eks-add-ons.html
 */
export class LabEks extends Construct {
  /** The control plane. */
  public readonly cluster: LabCluster;
  /** The managed node group. */
  public readonly nodes: LabNodeGroup;
  /** Add-ons installed before the nodes. */
  public readonly addonsBeforeNodes: readonly ClusterAddon[];
  /** Add-ons installed after the nodes. */
  public readonly addonsAfterNodes: readonly ClusterAddon[];
  /** The EBS CSI controller's role (EKS Pod Identity). */
  public readonly ebsCsiRole: ServiceRole;
  /** One per admin principal. */
  public readonly adminAccess: readonly ClusterAdminAccess[];
  /** The destroy-time wait for the EBS CSI driver to delete the cluster's volumes. */
  public readonly volumeReleaseWait: VolumeReleaseWait;

  constructor(scope: Construct, id: string, props: LabEksProps) {
    super(scope, id);
    const { clusterName, region } = props;
    this.cluster = new LabCluster(this, 'ControlPlane', { ...props, subnetIds: props.network.privateSubnetIds });
    const cluster = this.cluster.name;

    this.addonsBeforeNodes = [
      new ClusterAddon(this, 'VpcCni', {
        clusterName: cluster,
        addonName: AddonName.VPC_CNI,
        // As the workshop: prefix delegation (more pods per node) and the network policy agent.
        // https://docs.aws.amazon.com/eks/latest/userguide/cni-increase-ip-addresses.html
        // https://docs.aws.amazon.com/eks/latest/userguide/cni-network-policy-configure.html
        configuration: {
          env: { ...VPC_CNI_PREFIX_SETTINGS },
          enableNetworkPolicy: 'true',
        },
      }),
      new ClusterAddon(this, 'PodIdentityAgent', { clusterName: cluster, addonName: AddonName.POD_IDENTITY_AGENT }),
      // Before the nodes too: with bootstrap_self_managed_addons off nothing else installs kube-proxy,
      // and aws-node reaches the API server through the `kubernetes` Service ClusterIP, which only
      // kube-proxy makes routable; nodes would stay NotReady. https://github.com/aws/amazon-vpc-cni-k8s/issues/625
      new ClusterAddon(this, 'KubeProxy', { clusterName: cluster, addonName: AddonName.KUBE_PROXY }),
    ];

    const tags = { ...props.tags };
    const networkEgress = props.networkEgress ?? [];
    const volumeOwnerTags = props.volumeOwnerTags ?? { env: clusterName };
    this.nodes = new LabNodeGroup(this, 'Nodes', {
      ...props.nodeGroup,
      clusterName: cluster,
      namePrefix: clusterName,
      region,
      subnetIds: props.network.privateSubnetIds,
      launchedResourceTags: tags,
      // Nodes without a way out never join: bootstrap calls the EKS API and pulls images through NAT.
      dependsOn: [...this.addonsBeforeNodes.map((a) => a.addon), ...networkEgress],
    });

    this.ebsCsiRole = new ServiceRole(this, 'EbsCsiRole', {
      roleName: `${clusterName}-ebs-csi-driver`,
      description: `EBS CSI controller of lab ${clusterName} (EKS Pod Identity)`,
      // https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html
      servicePrincipal: 'pods.eks.amazonaws.com',
      assumeActions: ['sts:AssumeRole', 'sts:TagSession'],
      managedPolicies: ['service-role/AmazonEBSCSIDriverPolicy'],
      region,
    });

    const afterNodes = [this.nodes.nodeGroup];
    const ebsCsiDriver = new ClusterAddon(this, 'EbsCsiDriver', {
      clusterName: cluster,
      addonName: AddonName.EBS_CSI_DRIVER,
      configuration: {
        // The workloads stack installs the one default StorageClass (encrypted gp3); the add-on's own
        // default class would be a second default. Volumes the driver creates carry the lab's tags.
        defaultStorageClass: { enabled: false },
        controller: { extraVolumeTags: { ...tags, ...volumeOwnerTags } },
      },
      podIdentity: [{ serviceAccount: EBS_CSI_SERVICE_ACCOUNT, roleArn: this.ebsCsiRole.role.arn }],
      // The role's policy must stay attached until the driver is gone (it deletes volumes on the way out).
      dependsOn: [...afterNodes, ...this.ebsCsiRole.attachments],
    });
    const coreDns = new ClusterAddon(this, 'CoreDns', { clusterName: cluster, addonName: AddonName.COREDNS, dependsOn: afterNodes });
    this.addonsAfterNodes = [
      coreDns,
      new ClusterAddon(this, 'MetricsServer', {
        clusterName: cluster,
        addonName: AddonName.METRICS_SERVER,
        dependsOn: afterNodes,
      }),
      ebsCsiDriver,
    ];

    this.volumeReleaseWait = new VolumeReleaseWait(this, 'VolumeReleaseWait', {
      region,
      volumeTags: volumeOwnerTags,
      // Everything deleting a volume needs: the driver (and its role and Pod Identity), the nodes it
      // detaches from, the node-level add-ons that keep the nodes Ready, CoreDNS (the controller pod
      // resolves the EC2 endpoint through cluster DNS, dnsPolicy ClusterFirst:
      // https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/#pod-s-dns-policy)
      // and the whole way out to the EC2 API.
      keepUntilReleased: [
        ebsCsiDriver.addon,
        ...this.ebsCsiRole.attachments,
        this.nodes.nodeGroup,
        ...this.addonsBeforeNodes.map((a) => a.addon),
        coreDns.addon,
        ...networkEgress,
      ],
    });

    // Construct ids come from the ARN, so reordering the list does not replace access entries; the
    // hash keeps ARNs apart that differ only in punctuation (role/a.b and role/a-b).
    this.adminAccess = (props.adminPrincipalArns ?? []).map(
      (principalArn) =>
        new ClusterAdminAccess(this, `Admin-${principalArn.replace(/[^A-Za-z0-9]+/g, '-')}-${shortHash(principalArn)}`, {
          clusterName: cluster,
          principalArn,
          region,
        }),
    );
  }

  /** What the workload layer needs. */
  public get info(): LabClusterInfo {
    return this.cluster;
  }
}

/** Eight hex digits of the SHA-256 of `text`: stable across synths and machines. */
function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8);
}
