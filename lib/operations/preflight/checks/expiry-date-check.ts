import { PreflightCheck, PreflightResult, PreflightScope } from '../preflight-check';

const CHECK = 'Expiry date (expiresOn)';

/** Days ahead beyond which a class's expiry date is more likely a forgotten example than the class's end. */
export const FAR_EXPIRY_DAYS = 60;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The configured `expiresOn` against today (UTC): a date already past FAILs (every resource would be
 * tagged as removable, and the budget guard would alert from the first day); a date more than
 * {@link FAR_EXPIRY_DAYS} days ahead WARNs (a forgotten lab bills until then before verify and the
 * budget guard report it). Synth does not check it: a destroy after the date must still work.
 * No AWS call.
 */
export const expiryDateCheck: PreflightCheck = {
  name: CHECK,
  scope: PreflightScope.DEPLOYING_ACCOUNT,
  permissions: [],
  async run({ config, now }) {
    const today = now.toISOString().slice(0, 10);
    const expiresOn = config.expiresOn;
    if (expiresOn === undefined) {
      return [{ check: CHECK, result: PreflightResult.PASS, figure: 'not set (a single lab may leave it out): no expires-on tag and no budget guard' }];
    }
    const days = Math.round((Date.parse(`${expiresOn}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS);
    if (days < 0) {
      return [
        {
          check: CHECK,
          result: PreflightResult.FAIL,
          figure: `${expiresOn} is ${-days} day${days === -1 ? '' : 's'} past (today ${today}): every resource would be tagged as expired, and verify would report the labs as forgotten`,
          fix: 'set expiresOn to the day after the class, then run the preflight again',
        },
      ];
    }
    if (days > FAR_EXPIRY_DAYS) {
      return [
        {
          check: CHECK,
          result: PreflightResult.WARN,
          figure: `${expiresOn} is ${days} days away: a lab forgotten after the class would bill until then before verify and the budget guard report it`,
          fix: 'set expiresOn to the day after the class (the examples ship a far date on purpose, so that they never go stale)',
        },
      ];
    }
    return [{ check: CHECK, result: PreflightResult.PASS, figure: `${expiresOn}, in ${days} day${days === 1 ? '' : 's'}` }];
  },
};
