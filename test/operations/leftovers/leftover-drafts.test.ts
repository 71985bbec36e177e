import type { LeftoverKind } from '../../../lib/operations/leftovers/kinds/leftover-kind';
import { LeftoverDrafts } from '../../../lib/operations/leftovers/leftover-drafts';
import { LeftoverSource } from '../../../lib/operations/leftovers/leftover-report';
import { arn, tagList } from './fake-aws';

/** A kind that searches (like volumes) and one that only confirms (like NAT gateways). */
const searched: LeftoverKind = { kind: 'ec2:volume', permissions: [], source: LeftoverSource.EC2_VOLUMES, gone: 'volume gone', confirm: async () => new Map() };
const confirmed: LeftoverKind = { kind: 'ec2:natgateway', permissions: [], gone: 'NAT gateway gone', confirm: async () => new Map() };

describe('LeftoverDrafts', () => {
  test("what the kind's API found comes first and keeps its state; the Tagging API adds its ARN, tags and source", () => {
    const drafts = new LeftoverDrafts([searched, confirmed]);
    drafts.addFound(searched, { id: 'vol-1', state: 'in-use', detail: '8 GiB', tags: { a: '1' } });
    drafts.addTagged({ ResourceARN: arn('ec2', 'volume/vol-1'), Tags: tagList({ b: '2' }) }, LeftoverSource.TAGGING_API);
    drafts.addTagged({ ResourceARN: arn('ec2', 'volume/vol-1'), Tags: tagList({ c: '3' }) }, LeftoverSource.TAGGING_API_CLUSTER_TAGS);
    expect(drafts.resources).toEqual([
      {
        service: 'ec2',
        resourceType: 'volume',
        id: 'vol-1',
        arn: arn('ec2', 'volume/vol-1'),
        state: 'in-use',
        detail: '8 GiB',
        tags: { a: '1', b: '2', c: '3' },
        foundBy: new Set([LeftoverSource.EC2_VOLUMES, LeftoverSource.TAGGING_API, LeftoverSource.TAGGING_API_CLUSTER_TAGS]),
      },
    ]);
    expect(drafts.ignored).toEqual([]);
  });

  test("a Tagging API entry of a kind its API does not have is ignored, with the kind's reason or the one its API gave", () => {
    const drafts = new LeftoverDrafts([searched, confirmed]);
    drafts.addGone(confirmed, 'nat-deleted', 'NAT gateway in state deleted');
    drafts.addTagged({ ResourceARN: arn('ec2', 'natgateway/nat-deleted') }, LeftoverSource.TAGGING_API);
    drafts.addTagged({ ResourceARN: arn('ec2', 'volume/vol-gone') }, LeftoverSource.TAGGING_API);
    expect(drafts.resources).toEqual([]);
    expect(drafts.ignored).toEqual([
      { arn: arn('ec2', 'natgateway/nat-deleted'), why: 'NAT gateway in state deleted' },
      { arn: arn('ec2', 'volume/vol-gone'), why: 'volume gone' },
    ]);
  });

  test('a type no kind asks about is counted as the Tagging API lists it, keyed by ARN', () => {
    const drafts = new LeftoverDrafts([searched]);
    drafts.addTagged({ ResourceARN: arn('ec2', 'vpc/vpc-0lab'), Tags: tagList({ lab: 'eks-workshop' }) }, LeftoverSource.TAGGING_API);
    expect(drafts.resources).toEqual([
      { service: 'ec2', resourceType: 'vpc', id: 'vpc-0lab', arn: arn('ec2', 'vpc/vpc-0lab'), tags: { lab: 'eks-workshop' }, foundBy: new Set([LeftoverSource.TAGGING_API]) },
    ]);
    expect(drafts.kindOf(arn('ec2', 'vpc/vpc-0lab'))).toBeUndefined();
  });
});
