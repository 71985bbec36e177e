import { DescribeAddressesCommand } from '@aws-sdk/client-ec2';
import { LAB_TAG_KEYS } from '../../../config/lab-tags';
import { awsCall } from '../../aws-call-error';
import { PreflightCheck, PreflightResult, plural, tagValue } from '../preflight-check';
import { LAB_QUOTAS, QUOTA_PERMISSIONS, quotaFigure, quotaIncreaseFix, quotaValue } from '../service-quota';

const CHECK = 'Elastic IPs';

/**
 * The Elastic IPs of the NAT gateways of the networks the checked labs create (one per network, or
 * one per zone with `natGateways: per-az`; none for a class's labs in the deploying account) against
 * "EC2-VPC Elastic IPs" and the addresses allocated in the region (DescribeAddresses, which is not
 * paginated). Addresses tagged with the lab's name are its own from an earlier deploy.
 */
export const elasticIpQuotaCheck: PreflightCheck = {
  name: CHECK,
  permissions: ['ec2:DescribeAddresses', ...QUOTA_PERMISSIONS],
  async run({ config, networks, clients }) {
    const [quota, answer] = await Promise.all([
      quotaValue(clients.serviceQuotas, LAB_QUOTAS.elasticIps),
      awsCall('ec2:DescribeAddresses', () => clients.ec2.send(new DescribeAddressesCommand({}))),
    ]);
    const addresses = answer.Addresses ?? [];
    const needed = networks.reduce((n, network) => n + network.natGateways, 0);
    const ours = addresses.filter((a) => tagValue(a.Tags, LAB_TAG_KEYS.lab) === config.labName).length;
    const toCreate = Math.max(needed - ours, 0);
    const figure = `${toCreate} to allocate (${plural(needed, 'NAT gateway')}${ours > 0 ? `, ${ours} of the lab's exist` : ''}); ${addresses.length} allocated, ${quotaFigure(quota)}`;
    if (addresses.length + toCreate > quota.value) {
      return [
        {
          check: CHECK,
          result: PreflightResult.FAIL,
          figure,
          fix: `release unused addresses (aws ec2 describe-addresses --region ${config.region}) or ${quotaIncreaseFix(LAB_QUOTAS.elasticIps, config.region, addresses.length + toCreate)}`,
        },
      ];
    }
    return [{ check: CHECK, result: PreflightResult.PASS, figure: `${figure}: ${quota.value - addresses.length - toCreate} to spare` }];
  },
};
