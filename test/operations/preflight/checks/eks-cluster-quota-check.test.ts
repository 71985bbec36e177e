import { ListClustersCommand } from '@aws-sdk/client-eks';
import { eksClusterQuotaCheck } from '../../../../lib/operations/preflight/checks/eks-cluster-quota-check';
import { runPreflightCheck } from '../../../../lib/operations/preflight/preflight-check';
import { regionClusterNames } from '../../../../lib/operations/preflight/region-clusters';
import { classConfig, labConfig } from '../../../support/fixtures';
import { checkContext, mocks, serve } from '../fake-account';

describe('eksClusterQuotaCheck', () => {
  test('room for every participant: PASS; clusters of the lab that exist need no new room', async () => {
    serve({ clusters: ['other-1', 'eks-workshop-p01', 'other-2'] });
    expect(await runPreflightCheck(eksClusterQuotaCheck, checkContext(classConfig(3)))).toEqual([
      { check: 'EKS clusters', result: 'PASS', figure: "2 to create (1 of the lab's exist); 3 in the region, quota 100 (AWS default): 95 clusters to spare" },
    ]);
  });

  test('more than the quota: FAIL with the value to ask for', async () => {
    serve({ clusters: ['a', 'b', 'c'], appliedQuotas: { 'L-1194D53C': 5 } });
    const [row] = await runPreflightCheck(eksClusterQuotaCheck, checkContext(classConfig(3, { roster: { eksClusterQuota: 5 } })));
    expect(row).toMatchObject({ result: 'FAIL', figure: '3 to create; 3 in the region, quota 5 (applied)' });
    expect(row.fix).toMatch(/raise "Clusters" \(eks L-1194D53C\) in us-west-2 to at least 6 /);
  });

  test('roster.eksClusterQuota above the account\'s quota: WARN, so synth stops checking against a number that is not true', async () => {
    serve({ appliedQuotas: { 'L-1194D53C': 20 } });
    const rows = await runPreflightCheck(eksClusterQuotaCheck, checkContext(classConfig(3)));
    expect(rows[1]).toEqual({
      check: 'roster.eksClusterQuota',
      result: 'WARN',
      figure: "configured 100, the account's quota 20 (applied)",
      fix: 'set roster.eksClusterQuota to 20, so that synth checks the roster against the real quota',
    });
    expect(await runPreflightCheck(eksClusterQuotaCheck, checkContext(labConfig()))).toHaveLength(1);
  });

  test('ListClusters is asked once, all pages, however many checks need it', async () => {
    serve({ clusters: ['a', 'b', 'c', 'd', 'e'], pageSize: 2 });
    const context = checkContext(labConfig());
    const [first, second] = await Promise.all([regionClusterNames(context), regionClusterNames(context)]);
    expect([...first]).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(second).toBe(first);
    expect(mocks.eks.commandCalls(ListClustersCommand)).toHaveLength(3);
  });
});
