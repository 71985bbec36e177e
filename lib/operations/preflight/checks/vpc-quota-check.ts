import { paginateDescribeVpcs } from '@aws-sdk/client-ec2';
import { LAB_TAG_KEYS } from '../../../config/lab-tags';
import { allItems } from '../../aws-call-error';
import { PreflightCheck, PreflightResult, plural, tagValue } from '../preflight-check';
import { LAB_QUOTAS, QUOTA_PERMISSIONS, quotaFigure, quotaIncreaseFix, quotaValue } from '../service-quota';

const CHECK = 'VPCs';

/**
 * The VPCs the checked labs create (a single lab's own, the networks a class shares, or a
 * participant's own in their account) against "VPCs per Region" and the VPCs of the region
 * (DescribeVpcs, the default VPC included: it counts). A VPC tagged with the lab's name and named like
 * one of these networks (`<prefix>-vpc`) is its own from an earlier deploy: nothing new is needed then.
 */
export const vpcQuotaCheck: PreflightCheck = {
  name: CHECK,
  permissions: ['ec2:DescribeVpcs', ...QUOTA_PERMISSIONS],
  async run({ config, networks, clients }) {
    const [quota, vpcs] = await Promise.all([
      quotaValue(clients.serviceQuotas, LAB_QUOTAS.vpcs),
      allItems('ec2:DescribeVpcs', paginateDescribeVpcs({ client: clients.ec2 }, { MaxResults: 1000 }), (page) => page.Vpcs),
    ]);
    const names = new Set(networks.map((n) => `${n.namePrefix}-vpc`));
    const ours = vpcs.filter((v) => tagValue(v.Tags, LAB_TAG_KEYS.lab) === config.labName && names.has(tagValue(v.Tags, 'Name') ?? ''));
    const toCreate = Math.max(networks.length - ours.length, 0);
    const figure = `${toCreate} to create${ours.length > 0 ? ` (this lab's ${ours.map((v) => v.VpcId).join(', ')} exists)` : ''}; ${vpcs.length} in use, ${quotaFigure(quota)}`;
    if (vpcs.length + toCreate > quota.value) {
      return [
        {
          check: CHECK,
          result: PreflightResult.FAIL,
          figure,
          fix: `delete an unused VPC (aws ec2 describe-vpcs --region ${config.region}) or ${quotaIncreaseFix(LAB_QUOTAS.vpcs, config.region, vpcs.length + toCreate)}`,
        },
      ];
    }
    return [{ check: CHECK, result: PreflightResult.PASS, figure: `${figure}: ${plural(quota.value - vpcs.length - toCreate, 'VPC')} to spare` }];
  },
};
