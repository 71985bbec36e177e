import { EC2Client, Filter, NetworkInterface, paginateDescribeNetworkInterfaces } from '@aws-sdk/client-ec2';
import { allItems } from '../../aws-call-error';
import { chunks, concat } from '../../batches';
import { kubernetesClusterTagKey, ownedByOneOf, tagRecord, VPC_CNI_CLUSTER_TAG_KEY } from '../cluster-tags';
import { LeftoverSource } from '../leftover-report';
import { ec2LabTagFilters, EC2_VALUES_PER_CALL } from './ec2-filters';
import type { Confirmation, FoundResource, LeftoverKind } from './leftover-kind';

/**
 * Network interfaces. EC2 is the authority on them: found by the labs' tags, by the VPC CNI's
 * cluster-name tag (the interfaces it creates for a node carry no lab tag), and by the tag key
 * `kubernetes.io/cluster/<cluster>` (when a checked cluster owns them), with their status, attachment
 * and the service that manages them; what the Tagging API lists besides is looked up by id, and gone
 * when EC2 no longer has it.
 */
export const networkInterfaces: LeftoverKind = {
  kind: 'ec2:network-interface',
  permissions: ['ec2:DescribeNetworkInterfaces'],
  source: LeftoverSource.EC2_NETWORK_INTERFACES,
  gone: 'recently deleted network-interface (EC2 no longer has it)',
  async find(clients, scope) {
    const [byLabTags, byCniTag, byClusterTags] = await Promise.all([
      describeNetworkInterfaces(clients.ec2, ec2LabTagFilters(scope)),
      concat(
        chunks(scope.clusterNames, EC2_VALUES_PER_CALL).map((names) =>
          describeNetworkInterfaces(clients.ec2, [{ Name: `tag:${VPC_CNI_CLUSTER_TAG_KEY}`, Values: names }]),
        ),
      ),
      concat(
        chunks(scope.clusterNames.map(kubernetesClusterTagKey), EC2_VALUES_PER_CALL).map((keys) =>
          describeNetworkInterfaces(clients.ec2, [{ Name: 'tag-key', Values: keys }]),
        ),
      ),
    ]);
    // Found by a kubernetes.io/cluster tag only, an interface counts when a checked cluster owns it (the tag is not `shared`).
    return [...byLabTags, ...byCniTag, ...byClusterTags.filter((n) => ownedByOneOf(tagRecord(n.TagSet), scope.clusterNames))].flatMap(found);
  },
  async confirm(clients, ids) {
    const confirmed = await concat(
      chunks(ids, EC2_VALUES_PER_CALL).map((batch) => describeNetworkInterfaces(clients.ec2, [{ Name: 'network-interface-id', Values: batch }])),
    );
    return new Map(confirmed.flatMap(found).map((resource): [string, Confirmation] => [resource.id, { exists: true, resource }]));
  },
};

function describeNetworkInterfaces(client: EC2Client, filters: Filter[]): Promise<NetworkInterface[]> {
  return allItems(
    'ec2:DescribeNetworkInterfaces',
    paginateDescribeNetworkInterfaces({ client }, { Filters: filters, MaxResults: 1000 }),
    (page) => page.NetworkInterfaces,
  );
}

/** The interface as the report describes it: who created it, its description, what it is attached to. */
function found(eni: NetworkInterface): FoundResource[] {
  if (eni.NetworkInterfaceId === undefined) return [];
  const tags = tagRecord(eni.TagSet);
  const attachedInstanceId = eni.Attachment?.InstanceId;
  const managedBy = eni.RequesterManaged ? (eni.RequesterId ?? 'another AWS service') : undefined;
  const cniCluster = tags[VPC_CNI_CLUSTER_TAG_KEY];
  const detail = [
    cniCluster === undefined ? undefined : `created by the VPC CNI of cluster ${cniCluster}`,
    eni.Description ? `"${eni.Description}"` : undefined,
    attachedInstanceId === undefined ? undefined : `attached to ${attachedInstanceId}`,
  ].filter((d) => d !== undefined);
  return [
    {
      id: eni.NetworkInterfaceId,
      ...(eni.Status === undefined ? {} : { state: eni.Status }),
      ...(attachedInstanceId === undefined ? {} : { attachedInstanceId }),
      ...(managedBy === undefined ? {} : { managedBy }),
      ...(detail.length === 0 ? {} : { detail: detail.join(', ') }),
      tags,
    },
  ];
}
