import { LogGroup, paginateDescribeLogGroups } from '@aws-sdk/client-cloudwatch-logs';
import { controlPlaneLogGroupName } from '../../../plan/lab-names';
import { allItems } from '../../aws-call-error';
import { mapInFlight } from '../../concurrency';
import { LeftoverSource } from '../leftover-report';
import type { Confirmation, FoundResource, KindClients, LeftoverKind, LeftoverScope } from './leftover-kind';

/** DescribeLogGroups calls in flight at once (CloudWatch Logs allows 10 per second by default). */
const CALLS_IN_FLIGHT = 5;

/**
 * CloudWatch log groups, by name. Each checked cluster's control-plane log group (`/aws/eks/<cluster>/cluster`)
 * is looked up by its name, because EKS re-creates it while it deletes the cluster, untagged: no tag
 * query finds it. A log group the Tagging API lists under another name is looked up by its name too,
 * and gone when CloudWatch Logs no longer has it.
 */
export const logGroups: LeftoverKind = {
  kind: 'logs:log-group',
  permissions: ['logs:DescribeLogGroups'],
  source: LeftoverSource.LOG_GROUPS_BY_NAME,
  gone: 'log group deleted (CloudWatch Logs no longer has it)',
  // The Tagging API's ARN of a log group may end with `:*`, as DescribeLogGroups' `arn` does.
  idFromArn: (id) => id.replace(/:\*$/, ''),
  find: (clients, scope) => logGroupsNamed(clients, scope.clusterNames.map(controlPlaneLogGroupName), scope),
  async confirm(clients, names, scope) {
    const found = await logGroupsNamed(clients, names, scope);
    return new Map(found.map((resource): [string, Confirmation] => [resource.id, { exists: true, resource }]));
  },
};

/** The log groups named exactly `names` that exist; a checked cluster's control-plane log group belongs to that cluster. */
async function logGroupsNamed(clients: Pick<KindClients, 'logs'>, names: readonly string[], scope: LeftoverScope): Promise<FoundResource[]> {
  const lists = await mapInFlight(names, CALLS_IN_FLIGHT, (name) =>
    allItems('logs:DescribeLogGroups', paginateDescribeLogGroups({ client: clients.logs }, { logGroupNamePrefix: name }), (page) => page.logGroups),
  );
  const wanted = new Set(names);
  return lists
    .flat()
    .filter((group): group is LogGroup & { logGroupName: string } => group.logGroupName !== undefined && wanted.has(group.logGroupName))
    .map((group) => {
      const clusterName = scope.clusterNames.find((name) => controlPlaneLogGroupName(name) === group.logGroupName);
      return {
        id: group.logGroupName,
        // Without the `:*` suffix DescribeLogGroups' `arn` carries, as the Tagging API writes it.
        arn: group.logGroupArn ?? (group.arn ?? '').replace(/:\*$/, ''),
        detail: logGroupDetail(group),
        tags: {},
        ...(clusterName === undefined ? {} : { clusterName }),
      };
    });
}

/** `2.5 MB stored, kept 7 days` / `never expires (no retention)`. */
function logGroupDetail(group: LogGroup): string {
  const stored = group.storedBytes === undefined ? undefined : `${(group.storedBytes / 1e6).toFixed(1)} MB stored`;
  const kept = group.retentionInDays === undefined ? 'never expires (no retention)' : `kept ${group.retentionInDays} days`;
  return [stored, kept].filter((part) => part !== undefined).join(', ');
}
