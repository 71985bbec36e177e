import { GetResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
import { findExpiredLabs } from '../../../lib/operations/verify/expired-labs';
import { classConfig, planOf } from '../../support/fixtures';
import { fakeVerifyClients, serveEks, taggingMock } from './fake-verify-aws';

const NOW = new Date('2027-01-05T09:00:00Z');
const clusterTags = (cluster: string, lab: string, expiresOn: string | undefined, participant?: string) => ({
  ResourceARN: `arn:aws:eks:us-west-2:123456789012:cluster/${cluster}`,
  Tags: [
    { Key: 'lab', Value: lab },
    ...(participant === undefined ? [] : [{ Key: 'participant', Value: participant }]),
    { Key: 'created-by', Value: 'eks-workshop-lab' },
    ...(expiresOn === undefined ? [] : [{ Key: 'expires-on', Value: expiresOn }]),
  ],
});
const running = { endpoint: 'https://127.0.0.1:1', caPem: 'unused' };

describe('findExpiredLabs: labs of any configuration past expires-on that still exist', () => {
  test("most overdue first; this configuration's labs get their destroy command, others what to run instead", async () => {
    const config = classConfig(2); // eks-workshop-p01, -p02, expiring 2026-12-31
    serveEks(
      { 'eks-workshop-p01': running, 'eks-workshop-p02': running, 'old-lab': running, 'fresh-lab': running, 'no-date': running },
      [
        clusterTags('eks-workshop-p02', 'eks-workshop', '2026-12-31', 'p02'),
        clusterTags('old-lab', 'old-lab', '2026-11-30'),
        clusterTags('fresh-lab', 'fresh-lab', '2027-01-05'), // expires today: not yet
        clusterTags('no-date', 'no-date', undefined), // a single lab without expiresOn
        clusterTags('deleted-yesterday', 'gone', '2026-12-01'), // the Tagging API still lists it; EKS does not
      ],
    );
    const expired = await findExpiredLabs(planOf(config), fakeVerifyClients(), NOW);
    expect(expired.map((e) => [e.clusterName, e.expiresOn, e.daysOverdue, e.inConfiguration])).toEqual([
      ['old-lab', '2026-11-30', 36, false],
      ['eks-workshop-p02', '2026-12-31', 5, true],
    ]);
    expect(expired[1].destroy).toBe('npx cdktf destroy eks-workshop-p02-workloads eks-workshop-p02-cluster --auto-approve');
    expect(expired[0].destroy).toMatch(/^not in this configuration: run npx cdktf destroy old-lab-workloads old-lab-cluster --auto-approve with the configuration that deployed it \(lab old-lab: /);
    // One query for everything this project created, clusters only.
    expect(taggingMock.commandCalls(GetResourcesCommand).map((c) => c.args[0].input)).toEqual([
      { TagFilters: [{ Key: 'created-by', Values: ['eks-workshop-lab'] }], ResourceTypeFilters: ['eks:cluster'], ResourcesPerPage: 100 },
    ]);
  });

  test('a participant dropped from the roster is not in the configuration any more', async () => {
    serveEks({ 'eks-workshop-p09': running }, [clusterTags('eks-workshop-p09', 'eks-workshop', '2026-12-31', 'p09')]);
    const [lab] = await findExpiredLabs(planOf(classConfig(2)), fakeVerifyClients(), NOW);
    expect(lab).toMatchObject({ clusterName: 'eks-workshop-p09', participantId: 'p09', inConfiguration: false });
  });
});
