import { paginateDescribeLogGroups } from '@aws-sdk/client-cloudwatch-logs';
import { UniqueNameKind } from '../../../plan/unique-names';
import { allItems } from '../../aws-call-error';
import { regionClusterNames } from '../region-clusters';
import type { ExistingNameFinder } from './existing-name-finder';

/**
 * Control-plane log groups `/aws/eks/<cluster>/cluster`, by the prefix `/aws/eks/<labName>` (one
 * listing for the whole class). One without a cluster of that name is what EKS leaves when it
 * re-creates the group while a cluster is deleted: untagged, and nothing writes to it any more.
 *
 * @see https://github.com/terraform-aws-modules/terraform-aws-eks/issues/2763
 */
export const logGroupNames: ExistingNameFinder = {
  kind: UniqueNameKind.LOG_GROUP,
  label: 'log groups',
  permissions: ['logs:DescribeLogGroups', 'eks:ListClusters'],
  async existing(names, context) {
    const groups = await allItems(
      'logs:DescribeLogGroups',
      paginateDescribeLogGroups({ client: context.clients.logs }, { logGroupNamePrefix: `/aws/eks/${context.config.labName}` }),
      (page) => page.logGroups,
    );
    const existing = new Set(groups.map((g) => g.logGroupName));
    return new Set(names.filter((n) => existing.has(n)));
  },
  removal: (name, region) => `aws logs delete-log-group --region ${region} --log-group-name ${name}`,
  async leftover(name, context) {
    const clusters = await regionClusterNames(context);
    if (clusters.has(name.clusterName)) return undefined;
    return 'no cluster of that name exists: EKS re-created it while an earlier cluster was deleted (terraform-aws-eks #2763); the deploy removes such a group before creating its own';
  },
};
