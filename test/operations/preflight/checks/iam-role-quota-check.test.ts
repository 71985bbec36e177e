import { iamRoleQuotaCheck } from '../../../../lib/operations/preflight/checks/iam-role-quota-check';
import { runPreflightCheck } from '../../../../lib/operations/preflight/preflight-check';
import { classConfig, labConfig, ssoClassConfig } from '../../../support/fixtures';
import { checkContext, serve } from '../fake-account';

describe('iamRoleQuotaCheck', () => {
  test('room for the roles: PASS with the figures (4 roles a lab: cluster, node, EBS CSI driver, VPC CNI)', async () => {
    serve({ iamSummary: { otherRoles: 40 } });
    expect(await runPreflightCheck(iamRoleQuotaCheck, checkContext(classConfig(2)))).toEqual([
      { check: 'IAM roles', result: 'PASS', figure: '8 to create (2 labs, 4 a lab); 40 in the account, quota 1000: 952 roles to spare' },
    ]);
  });

  test('a large class beyond the quota: FAIL, with the size to request and the other way out', async () => {
    serve({ iamSummary: { otherRoles: 990, rolesQuota: 1000 } });
    const [row] = await runPreflightCheck(iamRoleQuotaCheck, checkContext(classConfig(4)));
    expect(row).toMatchObject({ result: 'FAIL', figure: '16 to create (4 labs, 4 a lab); 990 in the account, quota 1000' });
    expect(row.fix).toMatch(/request "Roles per account" of at least 1006 .*or give participants accounts of their own/);
  });

  test("the lab's own roles from an earlier deploy need no room", async () => {
    serve({ roles: [{ name: 'eks-workshop-cluster' }, { name: 'eks-workshop-node' }, { name: 'eks-workshop-ebs-csi-driver' }, { name: 'eks-workshop-vpc-cni' }], iamSummary: { otherRoles: 996, rolesQuota: 1000 } });
    expect((await runPreflightCheck(iamRoleQuotaCheck, checkContext(labConfig())))[0]).toMatchObject({
      result: 'PASS',
      figure: "0 to create (1 lab, 4 a lab), 4 of the lab's exist; 1000 in the account, quota 1000: 0 roles to spare",
    });
  });

  test("IAM Identity Center participants' labs have a learner role more: the figure says the range", async () => {
    serve({ iamSummary: { otherRoles: 40 } });
    expect((await runPreflightCheck(iamRoleQuotaCheck, checkContext(ssoClassConfig())))[0]).toMatchObject({
      result: 'PASS',
      figure: '14 to create (3 labs, 4 to 5 a lab); 40 in the account, quota 1000: 946 roles to spare',
    });
  });

  test('GetAccountSummary denied: NOT CHECKED', async () => {
    serve({ denied: ['iam:GetAccountSummary'] });
    expect((await runPreflightCheck(iamRoleQuotaCheck, checkContext(labConfig())))[0]).toMatchObject({ result: 'NOT CHECKED', figure: 'not checked: iam:GetAccountSummary was denied' });
  });
});
