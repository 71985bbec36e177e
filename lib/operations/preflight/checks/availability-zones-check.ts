import { DescribeAvailabilityZonesCommand } from '@aws-sdk/client-ec2';
import { awsCall } from '../../aws-call-error';
import { PreflightCheck, PreflightResult } from '../preflight-check';

const CHECK = 'Availability zones';

/**
 * Every configured zone is a zone of the lab's region in this account, available, and usable without
 * opting in (DescribeAvailabilityZones with AllAvailabilityZones, which also lists zones not opted
 * into). The configuration knows only the names' shape (the region and a letter): whether
 * `us-west-2d` exists, or is impaired, only the account says.
 *
 * @see https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeAvailabilityZones.html
 */
export const availabilityZonesCheck: PreflightCheck = {
  name: CHECK,
  permissions: ['ec2:DescribeAvailabilityZones'],
  async run({ config, clients }) {
    const answer = await awsCall('ec2:DescribeAvailabilityZones', () =>
      clients.ec2.send(new DescribeAvailabilityZonesCommand({ AllAvailabilityZones: true, Filters: [{ Name: 'region-name', Values: [config.region] }] })),
    );
    const zones = new Map((answer.AvailabilityZones ?? []).filter((z) => z.ZoneName !== undefined).map((z) => [z.ZoneName as string, z]));
    const offered = [...zones.values()].filter((z) => z.ZoneType === undefined || z.ZoneType === 'availability-zone').map((z) => z.ZoneName).sort();
    const problems = config.availabilityZones.flatMap((name, i) => {
      const zone = zones.get(name);
      if (zone === undefined) return [`availabilityZones[${i}] (${name}) is not a zone of ${config.region} in this account`];
      if (zone.OptInStatus === 'not-opted-in') return [`availabilityZones[${i}] (${name}) needs opting in`];
      if (zone.State !== undefined && zone.State !== 'available') return [`availabilityZones[${i}] (${name}) is ${zone.State}`];
      return [];
    });
    if (problems.length > 0) {
      return [
        {
          check: CHECK,
          result: PreflightResult.FAIL,
          figure: problems.join('; '),
          fix: `set availabilityZones to 2 or 3 of the region's available zones: ${offered.join(', ')}`,
        },
      ];
    }
    return [{ check: CHECK, result: PreflightResult.PASS, figure: `${config.availabilityZones.join(', ')}: available in ${config.region}` }];
  },
};
