import { createHash } from 'node:crypto';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { partitionOf } from '../config/partition';
import { LearnerRole } from '../iam/learner-role';
import { ServiceRole } from '../iam/service-role';
import { AddOnPhase, AddOnSpec, AddonName } from '../plan/add-ons/add-on-spec';
import type { LabEnvironment } from '../plan/lab-environment';
import type { NodeGroupPlan } from '../plan/node-group-plan';
import { LabNetworkInfo } from '../network/lab-network';
import { ClusterAddon } from './cluster-addon';
import { ClusterAdminAccess } from './cluster-admin-access';
import { LabCluster, LabClusterInfo, LabClusterProps } from './lab-cluster';
import { LabNodeGroup } from './lab-node-group';
import { VolumeReleaseWait } from './volume-release-wait';

/** Props of {@link LabEks}. */
export interface LabEksProps extends Omit<LabClusterProps, 'subnetIds' | 'names' | 'bootstrapCreatorAdmin' | 'assumeRoleArn'> {
  /** The lab: its names, tags, volume owner tags and admin principals. */
  readonly lab: LabEnvironment;
  /** The network the cluster and nodes run in. */
  readonly network: LabNetworkInfo;
  /** The managed node group. */
  readonly nodeGroup: NodeGroupPlan;
  /** The EKS add-ons, each created in its phase (the plan's `addOns`). */
  readonly addOns: readonly AddOnSpec[];
  /**
   * The nodes' way out to the internet and the AWS APIs when the network is in the same stack
   * (`LabNetwork.egress`): the nodes are created only after it (they join the cluster and pull
   * images through it), and the volume wait is destroyed before it (the EBS CSI driver calls the EC2
   * API through it while it deletes volumes).
   * @default [] (a network in another stack is deployed before and destroyed after this one anyway)
   */
  readonly networkEgress?: readonly ITerraformDependable[];
}

/**
 * A complete lab cluster: control plane, the managed node group, the add-ons in the order EKS needs
 * them (the node-level DaemonSets before any node, the rest after the nodes, each with its Pod
 * Identity role), a destroy-time wait for the EBS CSI driver to delete the lab's volumes, and
 * cluster-admin access entries (for a participant who is an IAM Identity Center user, to a learner
 * role only their sessions may assume).
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
  /** The Pod Identity roles of the add-ons, by add-on name. */
  public readonly addOnRoles: ReadonlyMap<AddonName, ServiceRole>;
  /** One per admin principal. */
  public readonly adminAccess: readonly ClusterAdminAccess[];
  /** The role of a participant who is an IAM Identity Center user. @default - none */
  public readonly learnerRole?: LearnerRole;
  /** The destroy-time wait for the EBS CSI driver to delete the cluster's volumes. */
  public readonly volumeReleaseWait: VolumeReleaseWait;

  constructor(scope: Construct, id: string, props: LabEksProps) {
    super(scope, id);
    const { lab, region } = props;
    this.cluster = new LabCluster(this, 'ControlPlane', {
      ...props,
      names: lab.names,
      bootstrapCreatorAdmin: lab.bootstrapCreatorAdmin,
      ...(lab.account === undefined ? {} : { assumeRoleArn: lab.account.roleArn }),
      subnetIds: props.network.privateSubnetIds,
    });
    const cluster = this.cluster.name;

    const roles = new Map<AddonName, ServiceRole>();
    for (const spec of props.addOns) {
      if (spec.podIdentity === undefined) continue;
      roles.set(
        spec.name,
        new ServiceRole(this, spec.podIdentity.roleConstructId, {
          roleName: spec.podIdentity.roleName(lab),
          description: `${spec.name} of lab ${lab.clusterName} (EKS Pod Identity)`,
          // https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html
          servicePrincipal: 'pods.eks.amazonaws.com',
          assumeActions: ['sts:AssumeRole', 'sts:TagSession'],
          managedPolicies: spec.podIdentity.managedPolicies,
          ...(spec.podIdentity.policy === undefined ? {} : { inlinePolicies: { [spec.podIdentity.serviceAccount]: spec.podIdentity.policy(partitionOf(region)) } }),
          region,
        }),
      );
    }
    this.addOnRoles = roles;

    const addOn = (spec: AddOnSpec, dependsOn: readonly ITerraformDependable[]) => {
      const role = roles.get(spec.name);
      return new ClusterAddon(this, spec.constructId, {
        clusterName: cluster,
        addonName: spec.name,
        configuration: spec.configuration?.(lab),
        podIdentity: role && spec.podIdentity ? [{ serviceAccount: spec.podIdentity.serviceAccount, roleArn: role.role.arn }] : undefined,
        // A role's policies must stay attached until its add-on is gone (the EBS CSI driver deletes volumes on the way out).
        dependsOn: [...dependsOn, ...(role?.permissions ?? [])],
      });
    };
    // An add-on whose service account gets its role through Pod Identity comes after the agent that
    // hands the role out, and goes before it on destroy (the agent is created first).
    const beforeNodes = props.addOns.filter((s) => s.phase === AddOnPhase.BEFORE_NODES);
    const isAgent = (s: AddOnSpec) => s.name === AddonName.POD_IDENTITY_AGENT;
    const created = new Map<AddonName, ClusterAddon>();
    let agent: ClusterAddon | undefined;
    const afterAgent = (spec: AddOnSpec) => (spec.podIdentity !== undefined && agent !== undefined ? [agent.addon] : []);
    for (const spec of [...beforeNodes.filter(isAgent), ...beforeNodes.filter((s) => !isAgent(s))]) {
      const made = addOn(spec, afterAgent(spec));
      if (isAgent(spec)) agent = made;
      created.set(spec.name, made);
    }
    this.addonsBeforeNodes = beforeNodes.map((s) => created.get(s.name) as ClusterAddon);

    const networkEgress = props.networkEgress ?? [];
    this.nodes = new LabNodeGroup(this, 'Nodes', {
      clusterName: cluster,
      nodeGroup: props.nodeGroup,
      names: lab.names,
      region,
      subnetIds: props.network.privateSubnetIds,
      launchedResourceTags: lab.tags,
      // Nodes without a way out never join: bootstrap calls the EKS API and pulls images through NAT.
      dependsOn: [...this.addonsBeforeNodes.map((a) => a.addon), ...networkEgress],
    });
    const afterNodes = [this.nodes.nodeGroup];
    this.addonsAfterNodes = props.addOns.filter((s) => s.phase === AddOnPhase.AFTER_NODES).map((s) => addOn(s, [...afterNodes, ...afterAgent(s)]));

    const learner = lab.participantAccess?.learnerRole;
    if (learner !== undefined) {
      this.learnerRole = new LearnerRole(this, 'LearnerRole', {
        roleName: learner.name,
        permissionSetRoleArn: learner.ssoUser.permissionSetRoleArn,
        userName: learner.ssoUser.userName,
        clusterArn: this.cluster.cluster.arn,
        clusterName: lab.clusterName,
      });
    }
    // Construct ids come from the ARN, so reordering the list does not replace access entries; the
    // hash keeps ARNs apart that differ only in punctuation (role/a.b and role/a-b). The learner
    // role's entry names the role by reference: created after it, in whatever account it is.
    this.adminAccess = lab.adminPrincipalArns.map(
      (principalArn) =>
        new ClusterAdminAccess(this, `Admin-${principalArn.replace(/[^A-Za-z0-9]+/g, '-')}-${shortHash(principalArn)}`, {
          clusterName: cluster,
          principalArn: this.learnerRole !== undefined && principalArn === learner?.arn ? this.learnerRole.role.arn : principalArn,
          region,
        }),
    );

    const neededToRelease = new Set(props.addOns.filter((s) => s.neededToReleaseVolumes).map((s) => s.name));
    this.volumeReleaseWait = new VolumeReleaseWait(this, 'VolumeReleaseWait', {
      region,
      volumeTags: lab.volumeOwnerTags,
      ...(lab.account === undefined ? {} : { assumeRoleArn: lab.account.roleArn }),
      // Everything deleting a volume needs: the driver with its role, the nodes it detaches from, what
      // keeps them Ready, CoreDNS (through which the driver resolves the EC2 endpoint) and the whole
      // way out to the EC2 API; and everyone's access to the cluster (the access entries, a learner
      // role), so that when volumes remain and destroy stops, they can still delete the claims.
      keepUntilReleased: [
        ...[...this.addonsBeforeNodes, ...this.addonsAfterNodes].filter((a) => neededToRelease.has(a.addonName)).map((a) => a.addon),
        ...[...roles].filter(([name]) => neededToRelease.has(name)).flatMap(([, role]) => role.permissions),
        this.nodes.nodeGroup,
        ...networkEgress,
        ...this.adminAccess.map((a) => a.association),
        ...(this.learnerRole === undefined ? [] : [this.learnerRole.policy]),
      ],
    });
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
