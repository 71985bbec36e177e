import { availabilityZonesCheck } from '../../../../lib/operations/preflight/checks/availability-zones-check';
import { expiryDateCheck } from '../../../../lib/operations/preflight/checks/expiry-date-check';
import { runPreflightCheck } from '../../../../lib/operations/preflight/preflight-check';
import { classConfig, labConfig } from '../../../support/fixtures';
import { checkContext, serve } from '../fake-account';

describe('expiryDateCheck', () => {
  const at = (day: string) => new Date(`${day}T15:00:00Z`);

  test('a date in the coming weeks: PASS with the days left', async () => {
    expect(await runPreflightCheck(expiryDateCheck, checkContext(classConfig(1), { now: at('2026-12-20') }))).toEqual([
      { check: 'Expiry date (expiresOn)', result: 'PASS', figure: '2026-12-31, in 11 days' },
    ]);
  });

  test('a date already past: FAIL, though synth keeps working (a destroy must)', async () => {
    const [row] = await runPreflightCheck(expiryDateCheck, checkContext(classConfig(1), { now: at('2027-01-02') }));
    expect(row).toMatchObject({ result: 'FAIL', figure: expect.stringMatching(/^2026-12-31 is 2 days past \(today 2027-01-02\)/), fix: 'set expiresOn to the day after the class, then run the preflight again' });
  });

  test('a date months away (an example copied unchanged): WARN', async () => {
    const [row] = await runPreflightCheck(expiryDateCheck, checkContext(classConfig(1, { expiresOn: '2099-12-31' }), { now: at('2026-12-07') }));
    expect(row).toMatchObject({ result: 'WARN', figure: expect.stringMatching(/^2099-12-31 is 26687 days away/) });
  });

  test('a single lab without a date: PASS, saying what it goes without', async () => {
    expect((await runPreflightCheck(expiryDateCheck, checkContext(labConfig())))[0]).toMatchObject({ result: 'PASS', figure: expect.stringMatching(/^not set/) });
  });
});

describe('availabilityZonesCheck', () => {
  test('zones the account has, available: PASS', async () => {
    serve({});
    expect(await runPreflightCheck(availabilityZonesCheck, checkContext(labConfig()))).toEqual([
      { check: 'Availability zones', result: 'PASS', figure: 'us-west-2a, us-west-2b, us-west-2c: available in us-west-2' },
    ]);
  });

  test('a zone the account does not have, and an impaired one: FAIL naming each field, with the zones there are', async () => {
    serve({ zones: [{ name: 'us-west-2a' }, { name: 'us-west-2b', state: 'impaired' }, { name: 'us-west-2c' }] });
    const [row] = await runPreflightCheck(availabilityZonesCheck, checkContext(labConfig({ availabilityZones: ['us-west-2a', 'us-west-2b', 'us-west-2e'] })));
    expect(row).toEqual({
      check: 'Availability zones',
      result: 'FAIL',
      figure: 'availabilityZones[1] (us-west-2b) is impaired; availabilityZones[2] (us-west-2e) is not a zone of us-west-2 in this account',
      fix: "set availabilityZones to 2 or 3 of the region's available zones: us-west-2a, us-west-2b, us-west-2c",
    });
  });

  test('DescribeAvailabilityZones denied: NOT CHECKED', async () => {
    serve({ denied: ['ec2:DescribeAvailabilityZones'] });
    expect((await runPreflightCheck(availabilityZonesCheck, checkContext(labConfig())))[0]).toMatchObject({ result: 'NOT CHECKED' });
  });
});
