/** Which query found a leftover. Values are what `--json` prints. */
export enum LeftoverSource {
  /** Resource Groups Tagging API `GetResources`, filtered by the lab's tags. */
  TAGGING_API = 'tagging-api',
  /**
   * Resource Groups Tagging API `GetResources`, filtered by what Kubernetes and EKS tag with a cluster's
   * name (`kubernetes.io/cluster/<cluster>`, `aws:eks:cluster-name`, `elbv2.k8s.aws/cluster`): created in
   * or for the cluster, not by Terraform, so `cdktf destroy` does not remove it.
   */
  TAGGING_API_CLUSTER_TAGS = 'tagging-api-cluster-tags',
  /** EC2 `DescribeVolumes`, filtered by the lab's tags or the `kubernetes.io/cluster/<cluster>` tag key (or by id, to confirm the Tagging API). */
  EC2_VOLUMES = 'ec2-volumes',
  /**
   * EC2 `DescribeNetworkInterfaces`, filtered by the lab's tags, the VPC CNI's cluster tag or the
   * `kubernetes.io/cluster/<cluster>` tag key (or by id, to confirm the Tagging API).
   */
  EC2_NETWORK_INTERFACES = 'ec2-network-interfaces',
  /**
   * CloudWatch Logs `DescribeLogGroups` by the name of each checked cluster's control-plane log group
   * (`/aws/eks/<cluster>/cluster`): EKS re-creates it, untagged, while it deletes a cluster.
   */
  LOG_GROUPS_BY_NAME = 'log-groups-by-name',
}

/** Something the Tagging API still lists that is not counted, and why. */
export interface IgnoredResource {
  /** Its ARN. */
  readonly arn: string;
  /** Why it does not count, e.g. `NAT gateway in state deleted`, `key pending deletion on 2026-12-08`. */
  readonly why: string;
}

/** What a group of leftovers belongs to. Values are what `--json` prints. */
export enum LeftoverGroupKind {
  /** One participant's lab (tag `participant`, or a cluster-name tag of a participant's cluster). */
  PARTICIPANT = 'participant',
  /** What a class shares: resources that carry the `lab` tag and nothing that names a participant. */
  SHARED = 'shared',
  /** The single lab of a configuration without a roster. */
  LAB = 'lab',
}

/** One AWS resource still tagged for the lab. */
export interface LeftoverResource {
  /** Service part of the ARN, e.g. `ec2`, `eks`, `logs`. */
  readonly service: string;
  /** Resource type within the service, e.g. `volume`, `network-interface`, `cluster`. */
  readonly resourceType: string;
  /** The resource's own id: `vol-...`, `eni-...`, a cluster name, or the resource part of the ARN. */
  readonly id: string;
  /** The ARN. @default - none: found by an EC2 describe call only (it returns ids, not ARNs) */
  readonly arn?: string;
  /** State as the service reports it, e.g. `available` or `in-use`. @default - unknown (Tagging API only) */
  readonly state?: string;
  /** What else is known that matters for removal, e.g. `attached to i-0abc`. @default - nothing */
  readonly detail?: string;
  /** Every tag the queries returned. */
  readonly tags: Readonly<Record<string, string>>;
  /** How to remove it: a command to run, or what to do first. */
  readonly removal: string;
  /** The queries that returned it. */
  readonly foundBy: readonly LeftoverSource[];
}

/** The leftovers of one participant, of what a class shares, or of the single lab. */
export interface LeftoverGroup {
  /** What the group belongs to. */
  readonly kind: LeftoverGroupKind;
  /** The participant id. @default - none (kind is not PARTICIPANT) */
  readonly participantId?: string;
  /** The participant's or the single lab's EKS cluster name. @default - none (shared resources) */
  readonly clusterName?: string;
  /** False for a participant the configuration's roster no longer lists. */
  readonly inConfiguration: boolean;
  /**
   * The destroy command that removes what Terraform still tracks for this group.
   * @default - none: the configuration defines no stack for it
   */
  readonly destroyCommand?: string;
  /** What is left, ordered by type then id. */
  readonly resources: readonly LeftoverResource[];
}

/** Everything still tagged for a lab after `cdktf destroy`. */
export interface LeftoverReport {
  /** The configuration's `labName`. */
  readonly labName: string;
  /** The region that was checked. */
  readonly region: string;
  /** The participant the check was restricted to. @default - none: the whole lab */
  readonly participantId?: string;
  /** The EKS cluster names that were checked (what Kubernetes and EKS tagged with them included). */
  readonly clusterNames: readonly string[];
  /** Groups with something left, participants in roster order, then unknown participants, then shared. */
  readonly groups: readonly LeftoverGroup[];
  /** Number of resources in all groups. */
  readonly total: number;
  /**
   * What the Tagging API still lists but the resource's own API says is gone or going (the Tagging API
   * is eventually consistent): recently deleted volumes, network interfaces and log groups, NAT gateways
   * in state deleted, terminated instances, KMS keys pending deletion. Not counted as leftovers.
   */
  readonly ignored: readonly IgnoredResource[];
  /**
   * Names of the IAM roles the checked labs create (`<cluster>-cluster`, `<cluster>-node`,
   * `<cluster>-ebs-csi-driver`), which this check cannot see: the Tagging API does not list IAM roles
   * (and IAM is global). Whether they are left is to be checked by name.
   */
  readonly iamRolesNotChecked: readonly string[];
  /**
   * Participants' own accounts that could not be checked (their account role could not be assumed):
   * nothing is known of what is left there. @default [] (and always empty in a shared account)
   */
  readonly accountsNotChecked?: readonly AccountNotChecked[];
}

/** A participant's account the check could not ask. */
export interface AccountNotChecked {
  /** The participant. */
  readonly participantId: string;
  /** Their account. */
  readonly accountId: string;
  /** Why: the error of assuming the account role. */
  readonly why: string;
}
