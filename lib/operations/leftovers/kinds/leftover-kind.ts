import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { LeftoverSource } from '../leftover-report';

/** The clients the kinds ask, all for the lab's region. */
export interface KindClients {
  /** EC2: volumes, network interfaces, NAT gateways, instances. */
  readonly ec2: EC2Client;
  /** KMS: keys. */
  readonly kms: KMSClient;
  /** CloudWatch Logs: log groups. */
  readonly logs: CloudWatchLogsClient;
}

/** What is checked: the labs' own tags and their EKS clusters (one participant's, or the whole lab's). */
export interface LeftoverScope {
  /** The tags every resource of the checked labs carries, all of them: `lab`, and `participant` when one is checked. */
  readonly labTags: ReadonlyArray<{ readonly key: string; readonly value: string }>;
  /** The checked labs' EKS clusters: what Kubernetes and EKS created for them is tagged with these names. */
  readonly clusterNames: readonly string[];
}

/** One resource as its kind's own API describes it. */
export interface FoundResource {
  /** Its id as the ARN's resource part names it (`vol-...`, a log group's name, a key id). */
  readonly id: string;
  /** The ARN, when the API gives one. @default - none: the Tagging API's is used */
  readonly arn?: string;
  /** State as the API reports it, e.g. `available`. @default - unknown */
  readonly state?: string;
  /** What else matters for removal, e.g. `10 GiB, attached to i-0abc`. @default - nothing */
  readonly detail?: string;
  /** The EC2 instance it is attached to. @default - none */
  readonly attachedInstanceId?: string;
  /** The AWS service that manages it (a requester-managed network interface). @default - none */
  readonly managedBy?: string;
  /** Its tags, as the API returns them. @default {} */
  readonly tags?: Readonly<Record<string, string>>;
  /** The checked cluster it belongs to when the search says so (a control-plane log group found by name). @default - none */
  readonly clusterName?: string;
}

/** What a kind's own API says about one resource the Tagging API listed. */
export type Confirmation =
  /** It exists and bills: a leftover, as the API describes it. */
  | { readonly exists: true; readonly resource: FoundResource }
  /** It is gone, or as good as gone (a NAT gateway in state `deleted`): not a leftover, and why. */
  | { readonly exists: false; readonly why: string };

/**
 * One resource type whose own API `leftovers` asks, cloud-nuke style: one small unit per type, the
 * command a list of them (kinds/leftover-kinds.ts). What the Resource Groups Tagging API lists of this
 * type is confirmed by the kind's own API, because the Tagging API is eventually consistent: right after
 * a clean destroy it still lists deleted volumes, deleted NAT gateways, terminated instances and keys
 * pending deletion. A kind may also search its own API, for what no tag query finds (a log group EKS
 * re-created untagged) or what its API answers for better (volumes and network interfaces, with their
 * state and attachments, found by their EC2 tags).
 */
export interface LeftoverKind {
  /** `<service>:<resourceType>` as its ARNs name it, e.g. `ec2:natgateway`. */
  readonly kind: string;
  /** The IAM permissions its calls need (the command's permissions are the union of its units'). */
  readonly permissions: readonly string[];
  /** How what its own API returned is reported in `foundBy`. @default - not reported: only the Tagging API's source is */
  readonly source?: LeftoverSource;
  /** Why a resource the Tagging API lists but the kind's API does not have is not counted. */
  readonly gone: string;
  /** Its id from the resource part of an ARN (after the type). @default - that part as it is */
  idFromArn?(id: string): string;
  /** Its resources in `scope`, by its own API. @default - none: it only confirms what the Tagging API lists */
  find?(clients: KindClients, scope: LeftoverScope): Promise<FoundResource[]>;
  /**
   * What its API says about `ids` (the Tagging API listed them in `scope`, `find` did not return them),
   * by id; an id missing from the map is gone.
   */
  confirm(clients: KindClients, ids: readonly string[], scope: LeftoverScope): Promise<ReadonlyMap<string, Confirmation>>;
}
