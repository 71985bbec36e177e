import { DescribeNatGatewaysCommand } from '@aws-sdk/client-ec2';
import { natGateways } from '../../../../lib/operations/leftovers/kinds/nat-gateways';
import { ec2Mock, fakeClients, serve } from '../fake-aws';

const SCOPE = { labTags: [{ key: 'lab', value: 'eks-workshop' }], clusterNames: ['eks-workshop'] };

describe('NAT gateways kind', () => {
  test('available counts; deleted and failed do not, with why; one EC2 does not list is gone', async () => {
    serve({
      natGateways: [
        { NatGatewayId: 'nat-left', State: 'available' },
        { NatGatewayId: 'nat-deleted', State: 'deleted' },
        { NatGatewayId: 'nat-failed', State: 'failed' },
      ],
    });
    const answers = await natGateways.confirm(fakeClients(), ['nat-left', 'nat-deleted', 'nat-failed', 'nat-unknown'], SCOPE);
    expect(Object.fromEntries(answers)).toEqual({
      'nat-left': { exists: true, resource: { id: 'nat-left', state: 'available' } },
      'nat-deleted': { exists: false, why: 'NAT gateway in state deleted' },
      'nat-failed': { exists: false, why: 'NAT gateway in state failed' },
    });
    expect(natGateways.gone).toBe('recently deleted natgateway (its own API no longer has it)');
  });

  test('asks by a nat-gateway-id filter (an unknown id would fail a call by ids), 100 a call, and finds nothing by itself', async () => {
    serve({});
    await natGateways.confirm(fakeClients(), Array.from({ length: 101 }, (_, i) => `nat-${i}`), SCOPE);
    expect(ec2Mock.commandCalls(DescribeNatGatewaysCommand).map((c) => [c.args[0].input.Filter?.[0].Name, c.args[0].input.Filter?.[0].Values?.length])).toEqual([
      ['nat-gateway-id', 100],
      ['nat-gateway-id', 1],
    ]);
    expect(natGateways.find).toBeUndefined();
  });
});
