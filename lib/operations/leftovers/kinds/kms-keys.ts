import { DescribeKeyCommand } from '@aws-sdk/client-kms';
import { awsCall } from '../../aws-call-error';
import type { Confirmation, LeftoverKind } from './leftover-kind';

/**
 * KMS keys, confirmed with `kms:DescribeKey`. Destroy schedules a key's deletion (the lab's window is
 * 7 days); a key pending deletion can no longer be used and is deleted by KMS on its date, so it is
 * not a leftover.
 */
export const kmsKeys: LeftoverKind = {
  kind: 'kms:key',
  permissions: ['kms:DescribeKey'],
  gone: 'recently deleted key (its own API no longer has it)',
  async confirm(clients, ids) {
    const answers = new Map<string, Confirmation>();
    for (const id of ids) {
      let metadata;
      try {
        metadata = (await awsCall('kms:DescribeKey', () => clients.kms.send(new DescribeKeyCommand({ KeyId: id })))).KeyMetadata;
      } catch (error) {
        if ((error as { awsErrorName?: string }).awsErrorName === 'NotFoundException') continue; // gone
        throw error;
      }
      const state = metadata?.KeyState;
      answers.set(
        id,
        state === 'PendingDeletion' || state === 'PendingReplicaDeletion'
          ? { exists: false, why: `key pending deletion${metadata?.DeletionDate ? ` on ${metadata.DeletionDate.toISOString().slice(0, 10)}` : ''}` }
          : { exists: true, resource: { id, ...(state === undefined ? {} : { state }) } },
      );
    }
    return answers;
  },
};
