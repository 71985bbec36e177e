import { EC2Client, Filter, paginateDescribeVolumes, Volume } from '@aws-sdk/client-ec2';
import { allItems } from '../../aws-call-error';
import { chunks, concat } from '../../batches';
import { kubernetesClusterTagKey, ownedByOneOf, tagRecord } from '../cluster-tags';
import { LeftoverSource } from '../leftover-report';
import { ec2LabTagFilters, EC2_VALUES_PER_CALL } from './ec2-filters';
import type { Confirmation, FoundResource, LeftoverKind } from './leftover-kind';

/** Tags the EBS CSI driver puts on a volume: the claim it was created for. */
const PVC_NAME_TAG = 'kubernetes.io/created-for/pvc/name';
const PVC_NAMESPACE_TAG = 'kubernetes.io/created-for/pvc/namespace';

/**
 * EBS volumes. EC2 is the authority on them: found by the labs' tags and by the tag key
 * `kubernetes.io/cluster/<cluster>` (what the EBS CSI driver creates for a claim, when a checked
 * cluster owns it), with their state, size, claim and attachment; what the Tagging API lists besides
 * is looked up by id, and gone when EC2 no longer has it.
 */
export const volumes: LeftoverKind = {
  kind: 'ec2:volume',
  permissions: ['ec2:DescribeVolumes'],
  source: LeftoverSource.EC2_VOLUMES,
  gone: 'recently deleted volume (EC2 no longer has it)',
  async find(clients, scope) {
    const [byLabTags, byClusterTags] = await Promise.all([
      describeVolumes(clients.ec2, ec2LabTagFilters(scope)),
      concat(
        chunks(scope.clusterNames.map(kubernetesClusterTagKey), EC2_VALUES_PER_CALL).map((keys) => describeVolumes(clients.ec2, [{ Name: 'tag-key', Values: keys }])),
      ),
    ]);
    // Found by a cluster tag only, a volume counts when a checked cluster owns it (the tag is not `shared`).
    return [...byLabTags, ...byClusterTags.filter((v) => ownedByOneOf(tagRecord(v.Tags), scope.clusterNames))].flatMap(found);
  },
  async confirm(clients, ids) {
    const confirmed = await concat(chunks(ids, EC2_VALUES_PER_CALL).map((batch) => describeVolumes(clients.ec2, [{ Name: 'volume-id', Values: batch }])));
    return new Map(confirmed.flatMap(found).map((resource): [string, Confirmation] => [resource.id, { exists: true, resource }]));
  },
};

function describeVolumes(client: EC2Client, filters: Filter[]): Promise<Volume[]> {
  return allItems('ec2:DescribeVolumes', paginateDescribeVolumes({ client }, { Filters: filters, MaxResults: 500 }), (page) => page.Volumes);
}

/** The volume as the report describes it: size, the claim the EBS CSI driver created it for, what it is attached to. */
function found(volume: Volume): FoundResource[] {
  if (volume.VolumeId === undefined) return [];
  const tags = tagRecord(volume.Tags);
  const attachedInstanceId = volume.Attachments?.find((a) => a.State !== 'detached')?.InstanceId;
  const pvc = tags[PVC_NAME_TAG];
  const detail = [
    volume.Size === undefined ? undefined : `${volume.Size} GiB`,
    pvc === undefined ? undefined : `created by the EBS CSI driver for PVC ${tags[PVC_NAMESPACE_TAG] ?? '?'}/${pvc}`,
    attachedInstanceId === undefined ? undefined : `attached to ${attachedInstanceId}`,
  ].filter((d) => d !== undefined);
  return [
    {
      id: volume.VolumeId,
      ...(volume.State === undefined ? {} : { state: volume.State }),
      ...(attachedInstanceId === undefined ? {} : { attachedInstanceId }),
      ...(detail.length === 0 ? {} : { detail: detail.join(', ') }),
      tags,
    },
  ];
}
