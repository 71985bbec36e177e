import { paginateDescribeNatGateways } from '@aws-sdk/client-ec2';
import { allItems } from '../../aws-call-error';
import { chunks, concat } from '../../batches';
import { EC2_VALUES_PER_CALL } from './ec2-filters';
import type { Confirmation, LeftoverKind } from './leftover-kind';

/** States of a NAT gateway that no longer bills (a failed one is removed by AWS within an hour). */
const GONE_STATES = new Set(['deleted', 'failed']);

/** NAT gateways, confirmed with `ec2:DescribeNatGateways` (it lists deleted ones for about an hour, in state `deleted`). */
export const natGateways: LeftoverKind = {
  kind: 'ec2:natgateway',
  permissions: ['ec2:DescribeNatGateways'],
  gone: 'recently deleted natgateway (its own API no longer has it)',
  async confirm(clients, ids) {
    // A filter, not NatGatewayIds: an id EC2 no longer knows would fail the whole call.
    const found = await concat(
      chunks(ids, EC2_VALUES_PER_CALL).map((batch) =>
        allItems(
          'ec2:DescribeNatGateways',
          paginateDescribeNatGateways({ client: clients.ec2 }, { Filter: [{ Name: 'nat-gateway-id', Values: batch }] }),
          (page) => page.NatGateways,
        ),
      ),
    );
    return new Map(
      found.map((gateway): [string, Confirmation] => {
        const id = gateway.NatGatewayId ?? '';
        return [
          id,
          GONE_STATES.has(gateway.State ?? '')
            ? { exists: false, why: `NAT gateway in state ${gateway.State}` }
            : { exists: true, resource: { id, ...(gateway.State === undefined ? {} : { state: gateway.State }) } },
        ];
      }),
    );
  },
};
