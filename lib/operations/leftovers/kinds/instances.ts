import { paginateDescribeInstances } from '@aws-sdk/client-ec2';
import { allItems } from '../../aws-call-error';
import { chunks, concat } from '../../batches';
import { EC2_VALUES_PER_CALL } from './ec2-filters';
import type { Confirmation, LeftoverKind } from './leftover-kind';

/** EC2 instances, confirmed with `ec2:DescribeInstances` (terminated instances stay listed for about an hour). */
export const instances: LeftoverKind = {
  kind: 'ec2:instance',
  permissions: ['ec2:DescribeInstances'],
  gone: 'recently deleted instance (its own API no longer has it)',
  async confirm(clients, ids) {
    // A filter, not InstanceIds: an id EC2 no longer knows fails the whole call with InvalidInstanceID.NotFound.
    const found = await concat(
      chunks(ids, EC2_VALUES_PER_CALL).map((batch) =>
        allItems(
          'ec2:DescribeInstances',
          paginateDescribeInstances({ client: clients.ec2 }, { Filters: [{ Name: 'instance-id', Values: batch }] }),
          (page) => page.Reservations?.flatMap((r) => r.Instances ?? []),
        ),
      ),
    );
    return new Map(
      found.map((instance): [string, Confirmation] => {
        const id = instance.InstanceId ?? '';
        const state = instance.State?.Name;
        return [
          id,
          state === 'terminated'
            ? { exists: false, why: 'instance terminated' }
            : { exists: true, resource: { id, ...(state === undefined ? {} : { state }), ...(instance.InstanceType ? { detail: instance.InstanceType } : {}) } },
        ];
      }),
    );
  },
};
