import { paginateDescribeLogGroups } from '@aws-sdk/client-cloudwatch-logs';
import { allItems } from '../../aws-call-error';
import { mapInFlight } from '../../concurrency';
import { KindClients } from './tagged-kind';

/** DescribeLogGroups calls in flight at once (CloudWatch Logs allows 10 per second by default). */
const CALLS_IN_FLIGHT = 5;

/** A log group CloudWatch Logs has, as the leftovers report needs it. */
export interface FoundLogGroup {
  /** The name, e.g. `/aws/eks/<cluster>/cluster`. */
  readonly name: string;
  /** The ARN without the `:*` suffix DescribeLogGroups' `arn` carries (as the Tagging API writes it). */
  readonly arn: string;
  /** Stored bytes. @default - unknown */
  readonly storedBytes?: number;
  /** Retention in days. @default - never expires */
  readonly retentionInDays?: number;
}

/**
 * The log groups named exactly `names` that exist. Looked up by name because EKS re-creates a
 * cluster's control-plane log group while it deletes the cluster, untagged: no tag query finds it.
 */
export async function logGroupsNamed(clients: Pick<KindClients, 'logs'>, names: readonly string[]): Promise<FoundLogGroup[]> {
  const lists = await mapInFlight(names, CALLS_IN_FLIGHT, (name) =>
    allItems('logs:DescribeLogGroups', paginateDescribeLogGroups({ client: clients.logs }, { logGroupNamePrefix: name }), (page) => page.logGroups),
  );
  const wanted = new Set(names);
  return lists
    .flat()
    .filter((group) => group.logGroupName !== undefined && wanted.has(group.logGroupName))
    .map((group) => ({
      name: group.logGroupName as string,
      arn: group.logGroupArn ?? (group.arn ?? '').replace(/:\*$/, ''),
      ...(group.storedBytes === undefined ? {} : { storedBytes: group.storedBytes }),
      ...(group.retentionInDays === undefined ? {} : { retentionInDays: group.retentionInDays }),
    }));
}

/** `12.3 MB stored, kept 7 days` / `never expires`. */
export function logGroupDetail(group: FoundLogGroup): string {
  const stored = group.storedBytes === undefined ? undefined : `${(group.storedBytes / 1e6).toFixed(1)} MB stored`;
  const kept = group.retentionInDays === undefined ? 'never expires (no retention)' : `kept ${group.retentionInDays} days`;
  return [stored, kept].filter((part) => part !== undefined).join(', ');
}
