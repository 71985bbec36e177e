import { verifyLabs } from '../../../lib/operations/verify/verify-labs';
import type { LabAccount } from '../../../lib/plan/lab-environment';
import { labPlan } from '../../support/fixtures';
import { fakeVerifyClients, serveEks } from './fake-verify-aws';

const PLAN = labPlan({
  expiresOn: '2030-12-31',
  budget: { alertEmails: ['i@example.com'] },
  roster: {
    participants: [
      { id: 'ana', accountId: '200000000001', principalArn: 'arn:aws:iam::200000000001:role/Learner' },
      { id: 'ben', accountId: '200000000002', principalArn: 'arn:aws:iam::200000000002:role/Learner' },
    ],
  },
});

describe('verify of a class of one account per participant', () => {
  test("each lab is asked in its own account; a role that cannot be assumed fails that lab only, naming the account; no cost allocation tag is asked about", async () => {
    // No cluster exists in the fake EKS: each lab that can be asked says its cluster is missing.
    serveEks({});
    const asked: string[] = [];
    const report = await verifyLabs(
      PLAN,
      {
        ...fakeVerifyClients(),
        costExplorer: { send: () => Promise.reject(new Error('Cost Explorer asked in a class of accounts')) } as never,
        forAccount: (account: LabAccount) => {
          asked.push(account.accountId);
          const clients = fakeVerifyClients();
          if (account.accountId === '200000000002') {
            const cause = Object.assign(new Error(`User is not authorized to perform: sts:AssumeRole on resource: ${account.roleArn}`), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
            Object.assign(clients.eks, { send: () => Promise.reject(cause) });
            Object.assign(clients.tagging, { send: () => Promise.reject(cause) });
          }
          return clients;
        },
      },
      { now: new Date('2030-12-01T00:00:00Z') },
    );
    expect([...new Set(asked)].sort()).toEqual(['200000000001', '200000000002']);
    const [ana, ben] = report.labs;
    expect(ana).toMatchObject({ participantId: 'ana', ready: false, remedy: 'deploy' });
    expect(ben).toMatchObject({ participantId: 'ben', ready: false, remedy: 'check-access' });
    expect(ben.checks).toEqual([
      expect.objectContaining({ check: 'account role', ok: false, detail: expect.stringMatching(/^cannot ask account 200000000002 through arn:aws:iam::200000000002:role\/OrganizationAccountAccessRole: .*sts:AssumeRole/) }),
    ]);
    // The budgets of a participant's account count the whole account: no cost allocation tag to ask about.
    expect(report.budgetGuard).toMatchObject({ active: true, detail: "each participant's budgets count their whole account: no cost allocation tag needed" });
  });
});
