import { paginateDescribeInstances } from '@aws-sdk/client-ec2';
import { allItems } from '../../aws-call-error';
import { KindAnswer, TaggedKind } from './tagged-kind';

/** EC2 instances, confirmed with `ec2:DescribeInstances` (terminated instances stay listed for about an hour). */
export const instances: TaggedKind = {
  kind: 'ec2:instance',
  permission: 'ec2:DescribeInstances',
  async ask(clients, ids) {
    // A filter, not InstanceIds: an id EC2 no longer knows fails the whole call with InvalidInstanceID.NotFound.
    const found = await allItems(
      'ec2:DescribeInstances',
      paginateDescribeInstances({ client: clients.ec2 }, { Filters: [{ Name: 'instance-id', Values: [...ids] }] }),
      (page) => page.Reservations?.flatMap((r) => r.Instances ?? []),
    );
    return new Map(
      found.map((instance): [string, KindAnswer] => {
        const state = instance.State?.Name;
        return [
          instance.InstanceId ?? '',
          state === 'terminated'
            ? { exists: false, why: 'instance terminated' }
            : { exists: true, ...(state === undefined ? {} : { state }), ...(instance.InstanceType ? { detail: instance.InstanceType } : {}) },
        ];
      }),
    );
  },
};
