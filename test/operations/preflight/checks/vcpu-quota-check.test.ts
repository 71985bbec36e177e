import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { vcpuQuotaCheck } from '../../../../lib/operations/preflight/checks/vcpu-quota-check';
import { runPreflightCheck } from '../../../../lib/operations/preflight/preflight-check';
import { classConfig, labConfig } from '../../../support/fixtures';
import { checkContext, instance, mocks, serve } from '../fake-account';

const nodeTags = (participant: string) => ({ lab: 'eks-workshop', participant, env: `eks-workshop-${participant}` });

describe('vcpuQuotaCheck', () => {
  test('a class of 30 on a new account (32 vCPUs): FAIL, naming the quota and the value to ask for', async () => {
    serve({});
    const rows = await runPreflightCheck(vcpuQuotaCheck, checkContext(classConfig(30)));
    expect(rows).toEqual([
      {
        check: 'EC2 vCPUs (On-Demand Standard)',
        result: 'FAIL',
        figure: 'need 30 labs x 6 nodes (maxSize) x 2 vCPUs (t3a.large) = 360 vCPUs (180 at desiredSize 3); quota 32 (AWS default), 0 used by 0 other running instances: 32 free',
        fix:
          'raise "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances" (ec2 L-1216C47A) in us-west-2 to at least 360 ' +
          '(Service Quotas console, or: aws service-quotas request-service-quota-increase --region us-west-2 --service-code ec2 --quota-code L-1216C47A --desired-value 360); increases can take a day or more',
      },
    ]);
  });

  test('the applied value wins over the default, and what other instances use is subtracted', async () => {
    serve({
      appliedQuotas: { 'L-1216C47A': 400 },
      instances: [
        instance('i-1', 'm5.xlarge', 4),
        instance('i-2', 'c5.large', 2, {}, 'pending'),
        instance('i-3', 'm5.large', 2, {}, 'stopped'), // stopped instances do not count
        { ...instance('i-4', 'm5.large', 2), InstanceLifecycle: 'spot' }, // Spot has its own quota
        instance('i-5', 'g5.xlarge', 4), // G instances have their own quota
      ],
    });
    const [row] = await runPreflightCheck(vcpuQuotaCheck, checkContext(classConfig(30)));
    expect(row.result).toBe('PASS');
    expect(row.figure).toBe('need 30 labs x 6 nodes (maxSize) x 2 vCPUs (t3a.large) = 360 vCPUs (180 at desiredSize 3); quota 400 (applied), 6 used by 2 other running instances: 394 free');
    // The state filter is the API's, not the fake's choice.
    expect(mocks.ec2.commandCalls(DescribeInstancesCommand)[0].args[0].input.Filters).toEqual([{ Name: 'instance-state-name', Values: ['pending', 'running'] }]);
  });

  test("desiredSize fits but maxSize does not: WARN, the deploy works; the lab's own running nodes are not other use", async () => {
    serve({
      appliedQuotas: { 'L-1216C47A': 200 },
      instances: [instance('i-a', 'm5.large', 2, nodeTags('p01')), instance('i-b', 'm5.large', 2, nodeTags('p01')), instance('i-x', 'm5.large', 2)],
    });
    const [row] = await runPreflightCheck(vcpuQuotaCheck, checkContext(classConfig(30)));
    expect(row).toMatchObject({
      result: 'WARN',
      figure: "need 30 labs x 6 nodes (maxSize) x 2 vCPUs (t3a.large) = 360 vCPUs (180 at desiredSize 3); quota 200 (applied), 2 used by 1 other running instance (this lab's 4 not counted): 198 free, enough for desiredSize only",
    });
    expect(row.fix).toMatch(/^the deploy fits; for node groups to reach maxSize, raise .* to at least 362 /);
  });

  test('the largest configured type decides, from DescribeInstanceTypes; vCPUs of instances without CpuOptions come from their type', async () => {
    serve({
      appliedQuotas: { 'L-1216C47A': 100 },
      instances: [{ ...instance('i-1', 'm5.xlarge', 4), CpuOptions: undefined }],
    });
    const [row] = await runPreflightCheck(vcpuQuotaCheck, checkContext(labConfig({ nodeGroup: { instanceTypes: ['m5.large', 'm5.xlarge'] } })));
    expect(row.figure).toBe('need 1 lab x 6 nodes (maxSize) x 4 vCPUs (m5.xlarge) = 24 vCPUs (12 at desiredSize 3); quota 100 (applied), 4 used by 1 other running instance: 96 free');
  });

  test('an instance type EC2 does not know: FAIL naming it', async () => {
    serve({});
    const [row] = await runPreflightCheck(vcpuQuotaCheck, checkContext(labConfig({ nodeGroup: { instanceTypes: ['m5.lage'] } })));
    expect(row).toMatchObject({
      result: 'FAIL',
      figure: 'nodeGroup.instanceTypes (m5.lage): InvalidInstanceType: The following supplied instance types do not exist: [m5.lage]',
      fix: expect.stringMatching(/^choose instance types offered in us-west-2 \(aws ec2 describe-instance-type-offerings/),
    });
  });

  test('a type of another quota (G): WARN, not checked against the standard quota', async () => {
    serve({});
    const rows = await runPreflightCheck(vcpuQuotaCheck, checkContext(labConfig({ nodeGroup: { instanceTypes: ['g5.xlarge'] } })));
    expect(rows).toEqual([
      {
        check: 'EC2 vCPUs (On-Demand Standard)',
        result: 'WARN',
        figure: 'not checked for g5.xlarge: it counts against "Running On-Demand G and VT instances", not the standard quota',
        fix: 'check that quota in the Service Quotas console (EC2) for 6 nodes of g5.xlarge',
      },
    ]);
  });

  test('not allowed to read the quota: NOT CHECKED, naming the call and the permissions', async () => {
    serve({ denied: ['servicequotas:GetServiceQuota'] });
    const rows = await runPreflightCheck(vcpuQuotaCheck, checkContext(labConfig()));
    expect(rows).toEqual([
      {
        check: 'EC2 vCPUs (On-Demand Standard)',
        result: 'NOT CHECKED',
        figure: 'not checked: servicequotas:GetServiceQuota was denied',
        fix: 'allow ec2:DescribeInstanceTypes, ec2:DescribeInstances, servicequotas:GetServiceQuota, servicequotas:GetAWSDefaultServiceQuota to the deploying identity to run this check',
      },
    ]);
  });

  test('a participant alone needs only its own node group', async () => {
    serve({});
    const [row] = await runPreflightCheck(vcpuQuotaCheck, checkContext(classConfig(30), { participantId: 'p07' }));
    expect(row).toMatchObject({ result: 'PASS', figure: expect.stringMatching(/^need 1 lab x 6 nodes \(maxSize\) x 2 vCPUs \(t3a.large\) = 12 vCPUs/) });
  });
});
