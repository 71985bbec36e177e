import { STSClient } from '@aws-sdk/client-sts';
import { PreflightResult } from '../../../lib/operations/preflight/preflight-check';
import { runPreflight } from '../../../lib/operations/preflight/run-preflight';
import type { LabAccount } from '../../../lib/plan/lab-environment';
import { labPlan } from '../../support/fixtures';
import { awsError, fakeClients, iamArn, serve } from './fake-account';

/** A class of two participants in accounts of their own; the instructor in the deploying account. */
const PLAN = labPlan({
  expiresOn: '2030-12-31',
  budget: { enabled: false },
  roster: {
    instructorPrincipalArns: [iamArn('role', 'Instructor')],
    participants: [
      { id: 'ana', accountId: '200000000001', principalArn: 'arn:aws:iam::200000000001:role/Learner' },
      { id: 'ben', accountId: '200000000002', principalArn: 'arn:aws:iam::200000000002:role/Learner' },
    ],
  },
});

describe('preflight of a class of one account per participant', () => {
  test("each participant's checks run in their account, named after them; the deploying account's checks once", async () => {
    serve({ callerArn: 'arn:aws:sts::123456789012:assumed-role/Instructor/me', roles: [{ name: 'Instructor' }] });
    const asked: string[] = [];
    const report = await runPreflight({
      plan: PLAN,
      projectDir: '/nonexistent-project',
      clients: fakeClients(),
      clientsFor: (account: LabAccount) => {
        asked.push(account.roleArn);
        return fakeClients();
      },
    });
    expect(asked).toEqual([
      'arn:aws:iam::200000000001:role/OrganizationAccountAccessRole',
      'arn:aws:iam::200000000002:role/OrganizationAccountAccessRole',
    ]);
    const checks = report.rows.map((r) => r.check);
    // The state (deploying account) once, and the instructor's principal there.
    expect(checks.filter((c) => c === 'Terraform state')).toHaveLength(1);
    expect(checks).toContain('IAM principals exist');
    for (const who of ['ana (200000000001)', 'ben (200000000002)']) {
      expect(report.rows.find((r) => r.check === `${who}: account role`)).toMatchObject({ result: PreflightResult.PASS });
      for (const check of ['EC2 vCPUs (On-Demand Standard)', 'VPCs', 'Elastic IPs', 'EKS clusters', 'IAM roles', 'Existing names: EKS clusters']) {
        expect(checks).toContain(`${who}: ${check}`);
      }
      expect(checks).not.toContain(`${who}: Terraform state`);
    }
    // One lab's network, NAT gateway and cluster in each account, whatever the class's size.
    expect(report.rows.find((r) => r.check === 'ana (200000000001): VPCs')?.figure).toMatch(/^1 to create;/);
    expect(report.rows.find((r) => r.check === 'ana (200000000001): EKS clusters')?.figure).toMatch(/^1 to create;/);
  });

  test('an account whose role cannot be assumed is one FAIL row naming the participant; the others are checked', async () => {
    serve({ callerArn: 'arn:aws:sts::123456789012:assumed-role/Instructor/me', roles: [{ name: 'Instructor' }] });
    const report = await runPreflight({
      plan: PLAN,
      projectDir: '/nonexistent-project',
      clients: fakeClients(),
      clientsFor: (account: LabAccount) => {
        if (account.accountId !== '200000000002') return fakeClients();
        // What the SDK raises when the credential provider's AssumeRole is denied.
        const sts = { send: () => Promise.reject(awsError('AccessDenied', `User is not authorized to perform: sts:AssumeRole on resource: ${account.roleArn}`, 403)) };
        return { ...fakeClients(), sts: sts as unknown as STSClient };
      },
    });
    const ben = report.rows.filter((r) => r.check.startsWith('ben (200000000002)'));
    expect(ben).toEqual([
      {
        check: 'ben (200000000002): account role',
        result: PreflightResult.FAIL,
        figure: expect.stringMatching(/^cannot assume arn:aws:iam::200000000002:role\/OrganizationAccountAccessRole: .*not authorized to perform: sts:AssumeRole/),
        fix: expect.stringMatching(/^in account 200000000002, the role OrganizationAccountAccessRole must exist and trust the deploying identity/),
      },
    ]);
    expect(report.rows.find((r) => r.check === 'ana (200000000001): account role')).toMatchObject({ result: PreflightResult.PASS });
    expect(report.counts.fail).toBeGreaterThanOrEqual(1);
  });
});
