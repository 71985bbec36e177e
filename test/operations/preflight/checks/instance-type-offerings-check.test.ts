import { instanceTypeOfferingsCheck } from '../../../../lib/operations/preflight/checks/instance-type-offerings-check';
import { runPreflightCheck } from '../../../../lib/operations/preflight/preflight-check';
import { labConfig } from '../../../support/fixtures';
import { checkContext, sent, serve } from '../fake-account';

const zones = (...letters: string[]) => letters.map((l) => `us-west-2${l}`);

describe('instanceTypeOfferingsCheck', () => {
  test('every type in every zone: PASS, asked once by zone for the lab\'s zones and types, over pages', async () => {
    const config = labConfig({ nodeGroup: { instanceTypes: ['m5.large', 't3.large'] } });
    serve({ offerings: Object.fromEntries(zones('a', 'b', 'c', 'd').map((z) => [z, ['m5.large', 't3.large', 'c5.large']])) });
    expect(await runPreflightCheck(instanceTypeOfferingsCheck, checkContext(config))).toEqual([
      { check: 'Instance types offered per zone', result: 'PASS', figure: 'm5.large, t3.large offered in us-west-2a, us-west-2b, us-west-2c' },
    ]);
    // As sent: the paginator reuses one input object for every page.
    const inputs = sent.of('ec2:DescribeInstanceTypeOfferings') as Array<Record<string, unknown>>;
    expect(inputs[0]).toEqual({
      LocationType: 'availability-zone',
      Filters: [
        { Name: 'location', Values: zones('a', 'b', 'c') },
        { Name: 'instance-type', Values: ['m5.large', 't3.large'] },
      ],
      MaxResults: 1000,
    });
    expect(inputs[1]).toMatchObject({ NextToken: 'page-2' });
    expect(inputs.length).toBeGreaterThan(1); // 6 offerings, pages of 2
  });

  test('a type one zone does not offer: FAIL naming the type, the zone, where it is offered and how to look', async () => {
    serve({ offerings: { 'us-west-2a': ['m5.large'], 'us-west-2b': ['m5.large'], 'us-west-2c': [] } });
    const [row] = await runPreflightCheck(instanceTypeOfferingsCheck, checkContext(labConfig({ nodeGroup: { instanceTypes: ['m5.large'] } })));
    expect(row).toMatchObject({ result: 'FAIL', figure: 'm5.large is not offered in us-west-2c (offered in us-west-2a, us-west-2b)' });
    expect(row.fix).toBe(
      'choose nodeGroup.instanceTypes offered in every zone, or availabilityZones where m5.large is: aws ec2 describe-instance-type-offerings ' +
        '--region us-west-2 --location-type availability-zone --filters Name=instance-type,Values=m5.large --query "InstanceTypeOfferings[].Location"',
    );
  });

  test('one row per type missing somewhere; a type offered nowhere says so', async () => {
    serve({ offerings: Object.fromEntries(zones('a', 'b', 'c').map((z) => [z, ['m5.large']])) });
    const rows = await runPreflightCheck(instanceTypeOfferingsCheck, checkContext(labConfig({ nodeGroup: { instanceTypes: ['m5.large', 'm6a.large'] } })));
    expect(rows.map((r) => [r.result, r.figure])).toEqual([['FAIL', "m6a.large is not offered in us-west-2a, us-west-2b, us-west-2c (in none of the lab's zones)"]]);
  });

  test('DescribeInstanceTypeOfferings denied: NOT CHECKED, naming the permission', async () => {
    serve({ denied: ['ec2:DescribeInstanceTypeOfferings'] });
    expect((await runPreflightCheck(instanceTypeOfferingsCheck, checkContext(labConfig())))[0]).toMatchObject({
      result: 'NOT CHECKED',
      figure: 'not checked: ec2:DescribeInstanceTypeOfferings was denied',
      fix: 'allow ec2:DescribeInstanceTypeOfferings to the deploying identity to run this check',
    });
  });
});
