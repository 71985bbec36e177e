import { EC2Client, NatGateway, paginateDescribeNatGateways, paginateDescribeSubnets } from '@aws-sdk/client-ec2';
import { LAB_TAG_KEYS } from '../../../config/lab-tags';
import { allItems } from '../../aws-call-error';
import { PreflightCheck, PreflightResult, tagValue } from '../preflight-check';
import { LAB_QUOTAS, QUOTA_PERMISSIONS, quotaFigure, quotaIncreaseFix, quotaValue } from '../service-quota';

const CHECK = 'NAT gateways per zone';

/** States in which a NAT gateway counts against the quota ("pending, active, and deleting", Amazon VPC quotas). */
const COUNTED_STATES = ['pending', 'available', 'deleting'];

/** Values per EC2 filter in one call (EC2 rejects more than 200 in all). */
const FILTER_VALUES_PER_CALL = 200;

/**
 * The NAT gateways of the networks the checked labs create (one in the first zone, or one per zone
 * with `natGateways: per-az`: the gateway of zone i sits in public subnet i; several networks put
 * several in a zone) against "NAT gateways per Availability Zone" and the
 * gateways already in each zone (DescribeNatGateways in the counted states; a gateway's zone is its
 * subnet's, from DescribeSubnets). A gateway tagged with the lab's name is its own.
 *
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html
 */
export const natGatewayQuotaCheck: PreflightCheck = {
  name: CHECK,
  permissions: ['ec2:DescribeNatGateways', 'ec2:DescribeSubnets', ...QUOTA_PERMISSIONS],
  async run({ config, networks, clients }) {
    const [quota, gateways] = await Promise.all([
      quotaValue(clients.serviceQuotas, LAB_QUOTAS.natGatewaysPerZone),
      allItems(
        'ec2:DescribeNatGateways',
        paginateDescribeNatGateways({ client: clients.ec2 }, { Filter: [{ Name: 'state', Values: COUNTED_STATES }], MaxResults: 1000 }),
        (page) => page.NatGateways,
      ),
    ]);
    const zoneOf = await subnetZones(clients.ec2, [...new Set(gateways.map((g) => g.SubnetId).filter((s): s is string => s !== undefined))]);
    // The gateways each zone gets: network by network, the first n zones for n gateways.
    const wanted = networks.flatMap((n) => n.zones.slice(0, n.natGateways).map((z) => z.availabilityZone));
    const zones = [...new Set(wanted)];
    const inZone = (zone: string, list: readonly NatGateway[]) => list.filter((g) => zoneOf.get(g.SubnetId ?? '') === zone);
    const ours = gateways.filter((g) => tagValue(g.Tags, LAB_TAG_KEYS.lab) === config.labName);
    const perZone = zones.map((zone) => {
      const used = inZone(zone, gateways).length;
      const toCreate = Math.max(wanted.filter((z) => z === zone).length - inZone(zone, ours).length, 0);
      return { zone, used, toCreate, over: used + toCreate > quota.value };
    });
    const figure = `${perZone.map((z) => `${z.zone}: ${z.toCreate} to create, ${z.used} in use`).join('; ')}; ${quotaFigure(quota)} per zone`;
    const full = perZone.filter((z) => z.over);
    if (full.length > 0) {
      const desired = Math.max(...full.map((z) => z.used + z.toCreate));
      return [
        {
          check: CHECK,
          result: PreflightResult.FAIL,
          figure,
          fix: `${full.map((z) => z.zone).join(', ')} has no room: delete unused NAT gateways there (aws ec2 describe-nat-gateways --region ${config.region}) or ${quotaIncreaseFix(LAB_QUOTAS.natGatewaysPerZone, config.region, desired)}`,
        },
      ];
    }
    return [{ check: CHECK, result: PreflightResult.PASS, figure }];
  },
};

/** The availability zone of each subnet (by a `subnet-id` filter: a missing subnet is skipped, not an error). */
async function subnetZones(ec2: EC2Client, subnetIds: readonly string[]): Promise<Map<string, string>> {
  const zones = new Map<string, string>();
  for (let i = 0; i < subnetIds.length; i += FILTER_VALUES_PER_CALL) {
    const chunk = subnetIds.slice(i, i + FILTER_VALUES_PER_CALL);
    const subnets = await allItems('ec2:DescribeSubnets', paginateDescribeSubnets({ client: ec2 }, { Filters: [{ Name: 'subnet-id', Values: chunk }] }), (page) => page.Subnets);
    subnets.forEach((s) => s.SubnetId !== undefined && s.AvailabilityZone !== undefined && zones.set(s.SubnetId, s.AvailabilityZone));
  }
  return zones;
}
