import { GetAWSDefaultServiceQuotaCommand, GetServiceQuotaCommand } from '@aws-sdk/client-service-quotas';
import { LAB_QUOTAS, quotaIncreaseFix, quotaValue, QuotaSource } from '../../../lib/operations/preflight/service-quota';
import { fakeClients, mocks, serve } from './fake-account';

describe('quotaValue', () => {
  test('the applied value when Service Quotas has one, without asking for the default', async () => {
    serve({ appliedQuotas: { 'L-F678F1CE': 20 } });
    expect(await quotaValue(fakeClients().serviceQuotas, LAB_QUOTAS.vpcs)).toEqual({ quota: LAB_QUOTAS.vpcs, value: 20, source: QuotaSource.APPLIED });
    expect(mocks.serviceQuotas.commandCalls(GetServiceQuotaCommand)[0].args[0].input).toEqual({ ServiceCode: 'vpc', QuotaCode: 'L-F678F1CE' });
    expect(mocks.serviceQuotas.commandCalls(GetAWSDefaultServiceQuotaCommand)).toHaveLength(0);
  });

  test("AWS's default when there is no applied value (NoSuchResourceException)", async () => {
    serve({});
    expect(await quotaValue(fakeClients().serviceQuotas, LAB_QUOTAS.eksClusters)).toMatchObject({ value: 100, source: QuotaSource.DEFAULT });
  });

  test('a denial is not taken for a missing value', async () => {
    serve({ denied: ['servicequotas:GetServiceQuota'] });
    await expect(quotaValue(fakeClients().serviceQuotas, LAB_QUOTAS.vpcs)).rejects.toMatchObject({ operation: 'servicequotas:GetServiceQuota', kind: 'access-denied' });
  });
});

test('quotaIncreaseFix names the quota, its code, the region and the value, with the CLI command', () => {
  expect(quotaIncreaseFix(LAB_QUOTAS.natGatewaysPerZone, 'eu-west-1', 7)).toBe(
    'raise "NAT gateways per Availability Zone" (vpc L-FE5A380F) in eu-west-1 to at least 7 (Service Quotas console, or: ' +
      'aws service-quotas request-service-quota-increase --region eu-west-1 --service-code vpc --quota-code L-FE5A380F --desired-value 7); increases can take a day or more',
  );
});
