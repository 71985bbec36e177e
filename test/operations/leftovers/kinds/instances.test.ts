import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { instances } from '../../../../lib/operations/leftovers/kinds/instances';
import { ec2Mock, fakeClients, serve } from '../fake-aws';

const SCOPE = { labTags: [{ key: 'lab', value: 'eks-workshop' }], clusterNames: ['eks-workshop'] };

describe('instances kind', () => {
  test('a running instance counts with its type; a terminated one does not; one EC2 does not list is gone', async () => {
    serve({
      instances: [
        { InstanceId: 'i-running', State: { Name: 'running' }, InstanceType: 'm5.large' },
        { InstanceId: 'i-terminated', State: { Name: 'terminated' } },
      ],
    });
    const answers = await instances.confirm(fakeClients(), ['i-running', 'i-terminated', 'i-unknown'], SCOPE);
    expect(Object.fromEntries(answers)).toEqual({
      'i-running': { exists: true, resource: { id: 'i-running', state: 'running', detail: 'm5.large' } },
      'i-terminated': { exists: false, why: 'instance terminated' },
    });
    expect(instances.gone).toBe('recently deleted instance (its own API no longer has it)');
  });

  test('asks by an instance-id filter, not InstanceIds (an unknown id fails such a call)', async () => {
    serve({});
    await instances.confirm(fakeClients(), ['i-1', 'i-2'], SCOPE);
    expect(ec2Mock.commandCalls(DescribeInstancesCommand).map((c) => c.args[0].input)).toEqual([{ Filters: [{ Name: 'instance-id', Values: ['i-1', 'i-2'] }] }]);
  });
});
