import { DescribeVolumesCommand } from '@aws-sdk/client-ec2';
import { volumes } from '../../../../lib/operations/leftovers/kinds/volumes';
import { LeftoverSource } from '../../../../lib/operations/leftovers/leftover-report';
import { csiVolume, ec2Mock, fakeClients, labTagsOf, serve, tagList } from '../fake-aws';

const SCOPE = { labTags: [{ key: 'lab', value: 'eks-workshop' }], clusterNames: ['eks-workshop-alice', 'eks-workshop-bob'] };

describe('volumes kind', () => {
  test('finds volumes by the lab tags and by a checked cluster that owns them, with size, claim and attachment', async () => {
    serve({
      volumes: [
        csiVolume('vol-alice', 'alice', 'in-use', 'i-0aaaaaaaaaaaaaaaa'),
        { VolumeId: 'vol-k8s', State: 'available', Tags: tagList({ 'kubernetes.io/cluster/eks-workshop-bob': 'owned' }) },
        { VolumeId: 'vol-shared', State: 'available', Tags: tagList({ 'kubernetes.io/cluster/eks-workshop-bob': 'shared' }) },
        { VolumeId: 'vol-other', State: 'available', Tags: tagList(labTagsOf(undefined, 'other-lab')) },
      ],
    });
    const found = await volumes.find!(fakeClients(), SCOPE);
    expect([...new Set(found.map((v) => v.id))].sort()).toEqual(['vol-alice', 'vol-k8s']);
    expect(found.find((v) => v.id === 'vol-alice')).toMatchObject({
      state: 'in-use',
      attachedInstanceId: 'i-0aaaaaaaaaaaaaaaa',
      detail: '10 GiB, created by the EBS CSI driver for PVC catalog/data-catalog-mysql-0, attached to i-0aaaaaaaaaaaaaaaa',
    });
    expect(volumes).toMatchObject({ kind: 'ec2:volume', source: LeftoverSource.EC2_VOLUMES });
  });

  test('confirms by volume-id filters, 100 ids a call; an id EC2 does not have is left out (gone)', async () => {
    serve({ volumes: [{ VolumeId: 'vol-1', State: 'available', Size: 8 }] });
    const ids = Array.from({ length: 150 }, (_, i) => `vol-${i + 1}`);
    const answers = await volumes.confirm(fakeClients(), ids, SCOPE);
    expect([...answers]).toEqual([['vol-1', { exists: true, resource: { id: 'vol-1', state: 'available', detail: '8 GiB', tags: {} } }]]);
    expect(ec2Mock.commandCalls(DescribeVolumesCommand).map((c) => c.args[0].input.Filters?.[0].Values?.length)).toEqual([100, 50]);
    expect(volumes.gone).toBe('recently deleted volume (EC2 no longer has it)');
  });
});
