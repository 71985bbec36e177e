import type { Filter } from '@aws-sdk/client-ec2';
import type { LeftoverScope } from './leftover-kind';

/**
 * Values per EC2 filter in one call: EC2 rejects a call with more than 200 filter values in all
 * (`FilterLimitExceeded`), and the names of a whole class usually fit in 100.
 */
export const EC2_VALUES_PER_CALL = 100;

/** The EC2 filters that find what carries every tag of the scope's labs (`tag:lab`, `tag:participant`). */
export function ec2LabTagFilters(scope: LeftoverScope): Filter[] {
  return scope.labTags.map(({ key, value }) => ({ Name: `tag:${key}`, Values: [value] }));
}
