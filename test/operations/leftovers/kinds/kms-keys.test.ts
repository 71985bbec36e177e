import { DescribeKeyCommand, KMSServiceException } from '@aws-sdk/client-kms';
import { AwsFailureKind } from '../../../../lib/operations/aws-call-error';
import { kmsKeys } from '../../../../lib/operations/leftovers/kinds/kms-keys';
import { fakeClients, kmsMock, serve } from '../fake-aws';

const SCOPE = { labTags: [{ key: 'lab', value: 'eks-workshop' }], clusterNames: ['eks-workshop'] };

describe('KMS keys kind', () => {
  test('an enabled key counts; one pending deletion does not, with its date; one KMS does not know is gone', async () => {
    serve({
      keys: [
        { KeyId: 'key-enabled', KeyState: 'Enabled' },
        { KeyId: 'key-pending', KeyState: 'PendingDeletion', DeletionDate: new Date('2026-12-08T10:00:00Z') },
        { KeyId: 'key-replica', KeyState: 'PendingReplicaDeletion' },
      ],
    });
    const answers = await kmsKeys.confirm(fakeClients(), ['key-enabled', 'key-pending', 'key-replica', 'key-gone'], SCOPE);
    expect(Object.fromEntries(answers)).toEqual({
      'key-enabled': { exists: true, resource: { id: 'key-enabled', state: 'Enabled' } },
      'key-pending': { exists: false, why: 'key pending deletion on 2026-12-08' },
      'key-replica': { exists: false, why: 'key pending deletion' },
    });
  });

  test('any other error than NotFoundException fails the check, naming kms:DescribeKey', async () => {
    serve({});
    kmsMock.on(DescribeKeyCommand).rejects(new KMSServiceException({ name: 'AccessDeniedException', $fault: 'client', $metadata: {}, message: 'not authorized' }));
    await expect(kmsKeys.confirm(fakeClients(), ['key-1'], SCOPE)).rejects.toMatchObject({ operation: 'kms:DescribeKey', kind: AwsFailureKind.ACCESS_DENIED });
  });
});
