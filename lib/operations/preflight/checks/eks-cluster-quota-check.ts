import { PreflightCheck, PreflightResult, PreflightRow, plural } from '../preflight-check';
import { regionClusterNames } from '../region-clusters';
import { LAB_QUOTAS, QUOTA_PERMISSIONS, quotaFigure, quotaIncreaseFix, quotaValue } from '../service-quota';

const CHECK = 'EKS clusters';

/**
 * The checked labs' clusters against the EKS "Clusters" quota and the clusters already in the region
 * (ListClusters); a lab whose cluster exists needs no new one. With a roster, also compares the
 * configured `roster.eksClusterQuota` (what synth checks the roster against, offline) with the
 * account's value: a configured value above it makes that offline check pass when the deploy would not.
 */
export const eksClusterQuotaCheck: PreflightCheck = {
  name: CHECK,
  permissions: ['eks:ListClusters', ...QUOTA_PERMISSIONS],
  async run(context) {
    const { config, environments, clients } = context;
    const [quota, existing] = await Promise.all([quotaValue(clients.serviceQuotas, LAB_QUOTAS.eksClusters), regionClusterNames(context)]);
    const ours = environments.filter((e) => existing.has(e.clusterName)).length;
    const toCreate = environments.length - ours;
    const figure = `${toCreate} to create${ours > 0 ? ` (${ours} of the lab's exist)` : ''}; ${existing.size} in the region, ${quotaFigure(quota)}`;
    if (existing.size + toCreate > quota.value) {
      return [
        {
          check: CHECK,
          result: PreflightResult.FAIL,
          figure,
          fix: `delete unused clusters (aws eks list-clusters --region ${config.region}) or ${quotaIncreaseFix(LAB_QUOTAS.eksClusters, config.region, existing.size + toCreate)}`,
        },
      ];
    }
    const rows: PreflightRow[] = [{ check: CHECK, result: PreflightResult.PASS, figure: `${figure}: ${plural(quota.value - existing.size - toCreate, 'cluster')} to spare` }];
    // With accounts per participant each account holds one cluster: the roster's quota is not used.
    const configured = context.account === undefined ? config.roster?.eksClusterQuota : undefined;
    if (configured !== undefined && configured > quota.value) {
      rows.push({
        check: 'roster.eksClusterQuota',
        result: PreflightResult.WARN,
        figure: `configured ${configured}, the account's ${quotaFigure(quota)}`,
        fix: `set roster.eksClusterQuota to ${quota.value}, so that synth checks the roster against the real quota`,
      });
    }
    return rows;
  },
};
