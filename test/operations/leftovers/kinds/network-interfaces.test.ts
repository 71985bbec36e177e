import { DescribeNetworkInterfacesCommand } from '@aws-sdk/client-ec2';
import { networkInterfaces } from '../../../../lib/operations/leftovers/kinds/network-interfaces';
import { LeftoverSource } from '../../../../lib/operations/leftovers/leftover-report';
import { cniInterface, ec2Mock, fakeClients, labTagsOf, serve, tagList } from '../fake-aws';

const SCOPE = { labTags: [{ key: 'lab', value: 'eks-workshop' }], clusterNames: ['eks-workshop-alice'] };

describe('network interfaces kind', () => {
  test("finds interfaces by the lab tags, the VPC CNI's cluster tag and an owning cluster tag; a shared one is not the cluster's", async () => {
    serve({
      networkInterfaces: [
        { NetworkInterfaceId: 'eni-lab', Status: 'in-use', RequesterManaged: true, RequesterId: 'amazon-elb', Attachment: { InstanceId: 'i-0lb' }, TagSet: tagList(labTagsOf()) },
        cniInterface('eni-cni', 'eks-workshop-alice'),
        { NetworkInterfaceId: 'eni-k8s', Status: 'available', TagSet: tagList({ 'kubernetes.io/cluster/eks-workshop-alice': 'owned' }) },
        { NetworkInterfaceId: 'eni-shared', Status: 'available', TagSet: tagList({ 'kubernetes.io/cluster/eks-workshop-alice': 'shared' }) },
        cniInterface('eni-elsewhere', 'someone-else'),
      ],
    });
    const found = await networkInterfaces.find!(fakeClients(), SCOPE);
    expect(found.map((n) => n.id).sort()).toEqual(['eni-cni', 'eni-k8s', 'eni-lab']);
    expect(found.find((n) => n.id === 'eni-lab')).toMatchObject({ state: 'in-use', managedBy: 'amazon-elb', attachedInstanceId: 'i-0lb', detail: 'attached to i-0lb' });
    expect(found.find((n) => n.id === 'eni-cni')?.detail).toBe('created by the VPC CNI of cluster eks-workshop-alice, "aws-K8S-i-0123456789abcdef0"');
    expect(networkInterfaces.source).toBe(LeftoverSource.EC2_NETWORK_INTERFACES);
  });

  test('confirms by network-interface-id filters; an id EC2 does not have is left out (gone)', async () => {
    serve({ networkInterfaces: [{ NetworkInterfaceId: 'eni-1', Status: 'available' }] });
    const answers = await networkInterfaces.confirm(fakeClients(), ['eni-1', 'eni-2'], SCOPE);
    expect([...answers.keys()]).toEqual(['eni-1']);
    expect(ec2Mock.commandCalls(DescribeNetworkInterfacesCommand).map((c) => c.args[0].input.Filters)).toEqual([[{ Name: 'network-interface-id', Values: ['eni-1', 'eni-2'] }]]);
  });
});
