import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { KMSClient } from '@aws-sdk/client-kms';

/** The clients the kinds ask. */
export interface KindClients {
  /** EC2: NAT gateways, instances. */
  readonly ec2: EC2Client;
  /** KMS: keys. */
  readonly kms: KMSClient;
  /** CloudWatch Logs: log groups. */
  readonly logs: CloudWatchLogsClient;
}

/** What a kind's own API says about one resource the Tagging API listed. */
export type KindAnswer =
  /** It exists and bills: a leftover, with its state. */
  | { readonly exists: true; readonly state?: string; readonly detail?: string }
  /** It is gone (or as good as gone, e.g. a NAT gateway in state `deleted`): not a leftover. */
  | { readonly exists: false; readonly why: string };

/**
 * One resource kind whose own API is the authority on it. The Resource Groups Tagging API is
 * eventually consistent: right after a clean destroy it still lists deleted NAT gateways, terminated
 * instances and keys pending deletion, so what it lists of these kinds is confirmed before it counts.
 */
export interface TaggedKind {
  /** `<service>:<resourceType>` as in the ARN, e.g. `ec2:natgateway`. */
  readonly kind: string;
  /** IAM permission the confirmation needs. */
  readonly permission: string;
  /** Answers for `ids` (the resource part of each ARN), keyed by id; an id missing from the map is gone. */
  ask(clients: KindClients, ids: readonly string[]): Promise<ReadonlyMap<string, KindAnswer>>;
}
