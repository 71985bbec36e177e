import { _InstanceType, paginateDescribeInstanceTypeOfferings } from '@aws-sdk/client-ec2';
import { allItems } from '../../aws-call-error';
import { PreflightCheck, PreflightResult } from '../preflight-check';

const CHECK = 'Instance types offered per zone';

/**
 * Whether every configured instance type is offered in every zone of the lab: a managed node group
 * spreads its nodes over the private subnets of all the zones, and a type a zone does not offer fails
 * the node group's creation about ten minutes into each cluster stack (or, listed after an offered
 * type, silently narrows it). One `DescribeInstanceTypeOfferings` by availability zone, filtered to
 * the lab's zones and types.
 *
 * FAIL for each type missing from a zone, naming the zones that lack it and the zones that offer it.
 *
 * @see https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeInstanceTypeOfferings.html
 */
export const instanceTypeOfferingsCheck: PreflightCheck = {
  name: CHECK,
  permissions: ['ec2:DescribeInstanceTypeOfferings'],
  async run({ config, clients }) {
    const types = [...new Set(config.nodeGroup.instanceTypes)];
    const zones = config.availabilityZones;
    const offerings = await allItems(
      'ec2:DescribeInstanceTypeOfferings',
      paginateDescribeInstanceTypeOfferings(
        { client: clients.ec2 },
        {
          LocationType: 'availability-zone',
          Filters: [
            { Name: 'location', Values: [...zones] },
            { Name: 'instance-type', Values: types },
          ],
          MaxResults: 1000,
        },
      ),
      (page) => page.InstanceTypeOfferings,
    );
    const offered = (type: string, zone: string) => offerings.some((o) => o.InstanceType === (type as _InstanceType) && o.Location === zone);
    const rows = types.flatMap((type) => {
      const missing = zones.filter((zone) => !offered(type, zone));
      if (missing.length === 0) return [];
      const present = zones.filter((zone) => offered(type, zone));
      return [
        {
          check: CHECK,
          result: PreflightResult.FAIL,
          figure: `${type} is not offered in ${missing.join(', ')}` + (present.length > 0 ? ` (offered in ${present.join(', ')})` : ' (in none of the lab\'s zones)'),
          fix:
            `choose nodeGroup.instanceTypes offered in every zone, or availabilityZones where ${type} is: ` +
            `aws ec2 describe-instance-type-offerings --region ${config.region} --location-type availability-zone ` +
            `--filters Name=instance-type,Values=${type} --query "InstanceTypeOfferings[].Location"`,
        },
      ];
    });
    if (rows.length > 0) return rows;
    return [{ check: CHECK, result: PreflightResult.PASS, figure: `${types.join(', ')} offered in ${zones.join(', ')}` }];
  },
};
