import { ListCostAllocationTagsCommand } from '@aws-sdk/client-cost-explorer';
import { DescribeOrganizationCommand } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { BUDGET_GUARD_PERMISSIONS, budgetGuardStatus } from '../../../lib/operations/verify/budget-guard';
import { describeLabCluster, EKS_CLUSTER_PERMISSIONS } from '../../../lib/operations/verify/eks-cluster';
import { EXPIRED_LABS_PERMISSIONS, findExpiredLabs } from '../../../lib/operations/verify/expired-labs';
import { verifyLabs } from '../../../lib/operations/verify/verify-labs';
import { verifyOperation } from '../../../lib/operations/verify/verify-operation';
import { classConfig, planOf } from '../../support/fixtures';
import { iamActionsSent } from '../../support/iam-actions';
import { ceMock, eksMock, FakeEksCluster, fakeVerifyClients, organizationsMock, serveEks, stsMock, taggingMock } from './fake-verify-aws';

const MOCKS = [eksMock, taggingMock, ceMock, organizationsMock, stsMock];
const NOW = new Date('2027-01-05T09:00:00Z');
const CONFIG = classConfig(1, { budget: { alertEmails: ['instructor@example.com'] } });

/**
 * EKS has the lab's cluster (still being created: verify does not ask its Kubernetes API) and one of
 * another lab past its expiry; Cost Explorer answers that the tag is not active yet, in a member account.
 */
function serveEverything(): void {
  const creating: FakeEksCluster = { endpoint: 'https://127.0.0.1:1', caPem: 'unused', cluster: { status: 'CREATING' } };
  serveEks({ 'eks-workshop-p01': creating, 'old-lab': creating }, [
    {
      ResourceARN: 'arn:aws:eks:us-west-2:123456789012:cluster/old-lab',
      Tags: [
        { Key: 'lab', Value: 'old-lab' },
        { Key: 'created-by', Value: 'eks-workshop-lab' },
        { Key: 'expires-on', Value: '2026-11-30' },
      ],
    },
  ]);
  // Not active yet, in a member account: the guard asks whose account can activate it.
  ceMock.on(ListCostAllocationTagsCommand).resolves({ CostAllocationTags: [{ TagKey: 'lab', Type: 'UserDefined', Status: 'Inactive' }] });
  organizationsMock.on(DescribeOrganizationCommand).resolves({ Organization: { Id: 'o-abc123', MasterAccountId: '999999999999' } });
  stsMock.on(GetCallerIdentityCommand).resolves({ Account: '123456789012' });
}

/** The units of verify that call AWS, with what each declares, run alone. */
const UNITS: ReadonlyArray<readonly [string, readonly string[], () => Promise<unknown>]> = [
  ['describeLabCluster', EKS_CLUSTER_PERMISSIONS, () => describeLabCluster(fakeVerifyClients().eks, 'eks-workshop-p01')],
  ['findExpiredLabs', EXPIRED_LABS_PERMISSIONS, () => findExpiredLabs(planOf(CONFIG), fakeVerifyClients(), NOW)],
  ['budgetGuardStatus', BUDGET_GUARD_PERMISSIONS, () => budgetGuardStatus(CONFIG, fakeVerifyClients())],
];

describe('verify: the IAM permissions come from its units', () => {
  test("the command needs the EKS side's, the expiry report's and the budget guard's permissions, nothing else", () => {
    const units = [EKS_CLUSTER_PERMISSIONS, EXPIRED_LABS_PERMISSIONS, BUDGET_GUARD_PERMISSIONS];
    expect([...verifyOperation.permissions()].sort()).toEqual([...new Set(units.flat())].sort());
  });

  // Each unit alone: every AWS call it makes is covered by a permission it declares, and it makes a
  // call for every permission it declares (none is dead).
  test.each(UNITS)('%s calls exactly the permissions it declares', async (_name, permissions, run) => {
    serveEverything();
    await run();
    expect(iamActionsSent(MOCKS)).toEqual([...permissions].sort());
  });

  test('a whole run calls exactly the permissions the command declares', async () => {
    serveEverything();
    const report = await verifyLabs(planOf(CONFIG), fakeVerifyClients(), { now: NOW });
    expect(report.expired.map((e) => e.clusterName)).toEqual(['old-lab']);
    expect(iamActionsSent(MOCKS)).toEqual([...verifyOperation.permissions()].sort());
  });
});
