import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Construct } from 'constructs';
import { ControlPlaneLogType, SecretsEncryption } from '../config/lab-config';
import type { LabResourceNames } from '../plan/lab-names';
import { ServiceRole } from '../iam/service-role';
import { ControlPlaneLogGroup } from './control-plane-log-group';

/** Props of {@link LabCluster}. */
export interface LabClusterProps {
  /** The lab's names: the cluster, its role, log group and key alias. */
  readonly names: LabResourceNames;
  /** Kubernetes minor version, e.g. `1.35`. */
  readonly kubernetesVersion: string;
  /** Region, for the partition of managed policy ARNs. */
  readonly region: string;
  /** Subnets for the control plane's cross-account ENIs (the private ones). */
  readonly subnetIds: readonly string[];
  /** CIDRs allowed to reach the public endpoint. */
  readonly publicAccessCidrs: readonly string[];
  /** Control-plane log types. */
  readonly controlPlaneLogTypes: readonly ControlPlaneLogType[];
  /** Retention of the control-plane log group, in days. */
  readonly logRetentionDays: number;
  /** Key for envelope encryption of secrets. */
  readonly secretsEncryption: SecretsEncryption;
  /** Whether EKS makes the creating identity a cluster admin. */
  readonly bootstrapCreatorAdmin: boolean;
  /**
   * The role the deploy assumes in a participant's own account, for the AWS CLI steps.
   * @default - the credentials terraform runs with
   */
  readonly assumeRoleArn?: string;
  /**
   * IPv4 range of Kubernetes Service cluster IPs (private, /12 to /24, outside the VPC's CIDR).
   * Changing it replaces the cluster.
   * @default - EKS picks 10.100.0.0/16 or 172.20.0.0/16, whichever does not overlap the VPC
   * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_KubernetesNetworkConfigRequest.html
   */
  readonly serviceCidr?: string;
}

/** What the node, add-on and workload layers need from the cluster. */
export interface LabClusterInfo {
  /** Cluster name (a Terraform reference, so dependents wait for the cluster). */
  readonly name: string;
  /** API server endpoint URL. */
  readonly endpoint: string;
  /** Base64 PEM of the cluster CA. */
  readonly certificateAuthorityData: string;
  /** Kubernetes minor version. */
  readonly kubernetesVersion: string;
}

/**
 * The EKS control plane: its IAM role, a log group created before the cluster (so EKS writes into a
 * log group Terraform owns and destroys), optional customer-managed secrets key, and the cluster with
 * access-entry authentication, public + private endpoint, and upgrade policy STANDARD.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html
 * @see https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html
 */
export class LabCluster extends Construct implements LabClusterInfo {
  /** Cluster name (a Terraform reference). */
  public readonly name: string;
  /** API server endpoint URL. */
  public readonly endpoint: string;
  /** Base64 PEM of the cluster CA. */
  public readonly certificateAuthorityData: string;
  /** Kubernetes minor version. */
  public readonly kubernetesVersion: string;
  /** The cluster resource. */
  public readonly cluster: EksCluster;
  /** The cluster's IAM role. */
  public readonly role: ServiceRole;
  /** The log group EKS writes control-plane logs to. */
  public readonly logGroup: CloudwatchLogGroup;
  /** The log group with the guard that removes a leftover of the same name before it is created. */
  public readonly controlPlaneLogs: ControlPlaneLogGroup;
  /** The customer-managed secrets key, when {@link SecretsEncryption.CUSTOMER_MANAGED}. */
  public readonly secretsKey?: KmsKey;

  constructor(scope: Construct, id: string, props: LabClusterProps) {
    super(scope, id);
    const { names } = props;
    this.kubernetesVersion = props.kubernetesVersion;

    this.role = new ServiceRole(this, 'ClusterRole', {
      roleName: names.clusterRole,
      description: `EKS control plane of lab ${names.cluster}`,
      servicePrincipal: 'eks.amazonaws.com',
      // TagSession lets EKS tag the sessions it opens; EKS's own docs add it for newer features.
      assumeActions: ['sts:AssumeRole', 'sts:TagSession'],
      managedPolicies: ['AmazonEKSClusterPolicy'],
      region: props.region,
    });

    // EKS writes to exactly this name; creating it first gives it a retention and makes destroy remove it.
    this.controlPlaneLogs = new ControlPlaneLogGroup(this, 'ControlPlaneLogs', {
      clusterName: names.cluster,
      logGroupName: names.controlPlaneLogGroup,
      region: props.region,
      retentionInDays: props.logRetentionDays,
      ...(props.assumeRoleArn === undefined ? {} : { assumeRoleArn: props.assumeRoleArn }),
    });
    this.logGroup = this.controlPlaneLogs.logGroup;

    if (props.secretsEncryption === SecretsEncryption.CUSTOMER_MANAGED) {
      this.secretsKey = new KmsKey(this, 'SecretsKey', {
        description: `Envelope encryption of Kubernetes secrets in lab ${names.cluster}`,
        enableKeyRotation: true,
        // Shortest window: a lab key has nothing to recover after the lab is gone.
        deletionWindowInDays: 7,
      });
      // Aliases are deleted at once on destroy (only the key waits out its window), so a redeploy reuses the name.
      new KmsAlias(this, 'SecretsKeyAlias', {
        name: names.secretsKeyAlias,
        targetKeyId: this.secretsKey.keyId,
      });
    }

    this.cluster = new EksCluster(this, 'Cluster', {
      name: names.cluster,
      version: props.kubernetesVersion,
      roleArn: this.role.role.arn,
      vpcConfig: {
        subnetIds: [...props.subnetIds],
        endpointPrivateAccess: true,
        endpointPublicAccess: true,
        publicAccessCidrs: [...props.publicAccessCidrs],
      },
      accessConfig: {
        authenticationMode: 'API',
        bootstrapClusterCreatorAdminPermissions: props.bootstrapCreatorAdmin,
      },
      // We install vpc-cni, kube-proxy and coredns as managed add-ons, in order, ourselves.
      bootstrapSelfManagedAddons: false,
      // Absent unless configured: EKS then chooses the range itself (and we never force a replacement).
      kubernetesNetworkConfig: props.serviceCidr === undefined ? undefined : { serviceIpv4Cidr: props.serviceCidr },
      enabledClusterLogTypes: [...props.controlPlaneLogTypes],
      // A forgotten lab is upgraded at the end of standard support instead of billing extended support.
      upgradePolicy: { supportType: 'STANDARD' },
      encryptionConfig: this.secretsKey
        ? { resources: ['secrets'], provider: { keyArn: this.secretsKey.arn } }
        : undefined,
      // Policies must be attached before and detached only after the cluster (destroy runs in reverse).
      dependsOn: [this.logGroup, ...this.role.permissions],
      // The flag only matters at creation, and changing it replaces the cluster: adding an admin
      // principal to a running lab must not destroy it.
      lifecycle: { ignoreChanges: ['access_config[0].bootstrap_cluster_creator_admin_permissions'] },
    });

    this.name = this.cluster.name;
    this.endpoint = this.cluster.endpoint;
    this.certificateAuthorityData = this.cluster.certificateAuthority.get(0).data;
  }
}
