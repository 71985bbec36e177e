import { paginateDescribeNatGateways } from '@aws-sdk/client-ec2';
import { allItems } from '../../aws-call-error';
import { KindAnswer, TaggedKind } from './tagged-kind';

/** States of a NAT gateway that no longer bills (a failed one is removed by AWS within an hour). */
const GONE_STATES = new Set(['deleted', 'failed']);

/** NAT gateways, confirmed with `ec2:DescribeNatGateways` (it lists deleted ones for about an hour, in state `deleted`). */
export const natGateways: TaggedKind = {
  kind: 'ec2:natgateway',
  permission: 'ec2:DescribeNatGateways',
  async ask(clients, ids) {
    // A filter, not NatGatewayIds: an id EC2 no longer knows would fail the whole call.
    const found = await allItems(
      'ec2:DescribeNatGateways',
      paginateDescribeNatGateways({ client: clients.ec2 }, { Filter: [{ Name: 'nat-gateway-id', Values: [...ids] }] }),
      (page) => page.NatGateways,
    );
    return new Map(
      found.map((gateway): [string, KindAnswer] => [
        gateway.NatGatewayId ?? '',
        GONE_STATES.has(gateway.State ?? '')
          ? { exists: false, why: `NAT gateway in state ${gateway.State}` }
          : { exists: true, ...(gateway.State === undefined ? {} : { state: gateway.State }) },
      ]),
    );
  },
};
