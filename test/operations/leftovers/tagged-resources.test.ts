import { GetResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
import { findTaggedResources } from '../../../lib/operations/leftovers/tagged-resources';
import { arn, eksClusterSecurityGroup, fakeClients, labTagsOf, serve, serviceLoadBalancer, tagList, taggingMock } from './fake-aws';

describe('findTaggedResources (Resource Groups Tagging API)', () => {
  test("by every lab tag of the scope, and by the checked clusters' tags, only what a checked cluster owns", async () => {
    serve({
      pageSize: 10,
      tagged: [
        { ResourceARN: arn('eks', 'cluster/eks-workshop-alice'), Tags: tagList(labTagsOf('alice')) },
        { ResourceARN: arn('eks', 'cluster/eks-workshop-bob'), Tags: tagList(labTagsOf('bob')) },
        ...serviceLoadBalancer('eks-workshop-alice', 'alice-lb', 'sg-0alicelb'),
        eksClusterSecurityGroup('eks-workshop-bob', 'sg-0bob'),
        { ResourceARN: arn('ec2', 'subnet/subnet-0shared'), Tags: tagList({ 'kubernetes.io/cluster/eks-workshop-alice': 'shared' }) },
      ],
    });
    const scope = {
      labTags: [
        { key: 'lab', value: 'eks-workshop' },
        { key: 'participant', value: 'alice' },
      ],
      clusterNames: ['eks-workshop-alice'],
    };
    const found = await findTaggedResources(fakeClients().tagging, scope);
    expect(found.byLabTags.map((m) => m.ResourceARN)).toEqual([arn('eks', 'cluster/eks-workshop-alice')]);
    expect(found.byClusterTags.map((m) => m.ResourceARN)).toEqual([arn('elasticloadbalancing', 'loadbalancer/alice-lb'), arn('ec2', 'security-group/sg-0alicelb')]);
    expect(taggingMock.commandCalls(GetResourcesCommand).map((c) => c.args[0].input.TagFilters)).toEqual([
      [
        { Key: 'lab', Values: ['eks-workshop'] },
        { Key: 'participant', Values: ['alice'] },
      ],
      [{ Key: 'kubernetes.io/cluster/eks-workshop-alice' }],
      [{ Key: 'aws:eks:cluster-name', Values: ['eks-workshop-alice'] }],
      [{ Key: 'elbv2.k8s.aws/cluster', Values: ['eks-workshop-alice'] }],
    ]);
  });
});
