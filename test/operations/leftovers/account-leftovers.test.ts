import { findLeftoversInAccounts } from '../../../lib/operations/leftovers/account-leftovers';
import { leftoversOperation } from '../../../lib/operations/leftovers/leftovers-operation';
import { OperationExitCode } from '../../../lib/operations/run-operation';
import type { LabAccount } from '../../../lib/plan/lab-environment';
import { labPlan } from '../../support/fixtures';
import { csiVolume, fakeClients, serve } from './fake-aws';

const PLAN = labPlan({
  expiresOn: '2030-12-31',
  roster: {
    participants: [
      { id: 'ana', accountId: '200000000001', principalArn: 'arn:aws:iam::200000000001:role/Learner' },
      { id: 'ben', accountId: '200000000002', principalArn: 'arn:aws:iam::200000000002:role/Learner' },
    ],
  },
});

describe('leftovers of a class of one account per participant', () => {
  test("each participant's lab is looked for in their account, and the reports are merged in roster order", async () => {
    serve({ volumes: [csiVolume('vol-1', 'ana', 'available')] });
    const asked: string[] = [];
    const report = await findLeftoversInAccounts(PLAN, (account: LabAccount) => {
      asked.push(account.accountId);
      return fakeClients();
    });
    expect(asked.sort()).toEqual(['200000000001', '200000000002']);
    expect(report.clusterNames).toEqual(['eks-workshop-ana', 'eks-workshop-ben']);
    // The fake answers both accounts alike; narrowed to its participant, each account finds only its own.
    expect(report.groups.map((g) => [g.participantId, g.resources.map((r) => r.id)])).toEqual([['ana', ['vol-1']]]);
    expect(report.total).toBe(1);
    expect(report.accountsNotChecked).toEqual([]);
    // IAM roles are global, not in the Tagging API of a region: each account's are listed to check by name.
    expect(report.iamRolesNotChecked).toEqual(['ana', 'ben'].flatMap((id) => ['cluster', 'node', 'ebs-csi-driver', 'vpc-cni'].map((role) => `eks-workshop-${id}-${role}`)));
  });

  test('an account whose role cannot be assumed is named, not checked, and keeps the exit code off 0', async () => {
    serve({});
    const report = await findLeftoversInAccounts(PLAN, (account: LabAccount) => {
      if (account.accountId === '200000000001') return fakeClients();
      // What the SDK throws when the credential provider's AssumeRole is denied, as awsCall wraps it.
      const cause = Object.assign(new Error(`User is not authorized to perform: sts:AssumeRole on resource: ${account.roleArn}`), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
      const clients = fakeClients();
      for (const client of Object.values(clients)) Object.assign(client, { send: () => Promise.reject(cause) });
      return clients;
    });
    expect(report.total).toBe(0);
    expect(report.accountsNotChecked).toEqual([
      { participantId: 'ben', accountId: '200000000002', why: expect.stringMatching(/^cannot assume arn:aws:iam::200000000002:role\/OrganizationAccountAccessRole: .*sts:AssumeRole/) },
    ]);
    expect(leftoversOperation.exitCode(report)).toBe(OperationExitCode.FINDINGS);
    expect(leftoversOperation.formatText(report)).toContain("NOT CHECKED: participant ben's account 200000000002: cannot assume");
  });
});
