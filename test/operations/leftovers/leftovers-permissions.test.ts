import { findLeftovers } from '../../../lib/operations/leftovers/find-leftovers';
import { LEFTOVER_KINDS } from '../../../lib/operations/leftovers/kinds/leftover-kinds';
import { leftoversOperation } from '../../../lib/operations/leftovers/leftovers-operation';
import { findTaggedResources, TAGGED_RESOURCES_PERMISSIONS } from '../../../lib/operations/leftovers/tagged-resources';
import { planOf } from '../../support/fixtures';
import { iamActionsSent, notPermitted } from '../../support/iam-actions';
import {
  arn,
  classConfig,
  cniInterface,
  csiVolume,
  ec2Mock,
  eksClusterSecurityGroup,
  FakeAccount,
  fakeClients,
  kmsMock,
  labTagsOf,
  logGroup,
  logsMock,
  serve,
  tagList,
  taggingMock,
} from './fake-aws';

/** Every client `leftovers` uses, as aws-sdk-client-mock records their calls. */
const MOCKS = [ec2Mock, taggingMock, kmsMock, logsMock];

const SCOPE = { labTags: [{ key: 'lab', value: 'eks-workshop' }], clusterNames: ['eks-workshop-alice', 'eks-workshop-bob'] };

/** Something of every kind, some of it listed by the Tagging API only (so that every kind has something to confirm). */
function everything(): FakeAccount {
  const byEks = tagList({ 'aws:eks:cluster-name': 'eks-workshop-alice' });
  return {
    volumes: [csiVolume('vol-alice', 'alice', 'available'), { VolumeId: 'vol-eks', State: 'available', Tags: byEks }],
    networkInterfaces: [cniInterface('eni-cni', 'eks-workshop-bob'), { NetworkInterfaceId: 'eni-eks', Status: 'available', TagSet: byEks }],
    natGateways: [{ NatGatewayId: 'nat-0shared', State: 'available' }],
    instances: [{ InstanceId: 'i-0node', State: { Name: 'running' } }],
    keys: [{ KeyId: 'key-1', KeyState: 'Enabled' }],
    logGroups: [logGroup('/aws/eks/eks-workshop-alice/cluster'), logGroup('/lab/extra')],
    tagged: [
      { ResourceARN: arn('ec2', 'volume/vol-eks'), Tags: byEks },
      { ResourceARN: arn('ec2', 'network-interface/eni-eks'), Tags: byEks },
      { ResourceARN: arn('ec2', 'natgateway/nat-0shared'), Tags: tagList(labTagsOf()) },
      { ResourceARN: arn('ec2', 'instance/i-0node'), Tags: tagList(labTagsOf('bob')) },
      { ResourceARN: arn('kms', 'key/key-1'), Tags: tagList(labTagsOf('bob')) },
      { ResourceARN: arn('logs', 'log-group:/lab/extra'), Tags: tagList(labTagsOf()) },
      eksClusterSecurityGroup('eks-workshop-alice', 'sg-0eks'),
    ],
  };
}

describe('leftovers: the IAM permissions come from its units', () => {
  test("the command needs the Tagging API queries' permissions and every kind's, nothing else", () => {
    const units = [TAGGED_RESOURCES_PERMISSIONS, ...LEFTOVER_KINDS.map((kind) => kind.permissions)];
    expect([...leftoversOperation.permissions()].sort()).toEqual([...new Set(units.flat())].sort());
  });

  // Each unit alone: every AWS call it makes is covered by a permission it declares, and it makes a
  // call for every permission it declares (none is dead).
  test.each(LEFTOVER_KINDS.map((kind) => [kind.kind, kind] as const))('kind %s calls exactly the permissions it declares', async (_name, kind) => {
    serve(everything());
    await kind.find?.(fakeClients(), SCOPE);
    await kind.confirm(fakeClients(), ['id-1', 'id-2'], SCOPE);
    expect(iamActionsSent(MOCKS)).toEqual([...kind.permissions].sort());
  });

  test('the Tagging API queries call exactly the permissions they declare', async () => {
    serve(everything());
    await findTaggedResources(fakeClients().tagging, SCOPE);
    expect(iamActionsSent(MOCKS)).toEqual([...TAGGED_RESOURCES_PERMISSIONS].sort());
  });

  test('a whole run on an account with something of every kind calls nothing the command does not declare', async () => {
    serve(everything());
    const report = await findLeftovers(planOf(classConfig()), fakeClients());
    expect(report.total).toBeGreaterThan(0);
    expect(notPermitted(iamActionsSent(MOCKS), leftoversOperation.permissions())).toEqual([]);
  });
});
