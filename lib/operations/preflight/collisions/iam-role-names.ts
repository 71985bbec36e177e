import { GetRoleCommand } from '@aws-sdk/client-iam';
import { UniqueNameKind } from '../../../plan/unique-names';
import { awsCall } from '../../aws-call-error';
import { mapInFlight } from '../../concurrency';
import { isNoSuchEntity } from '../preflight-check';
import type { ExistingNameFinder } from './existing-name-finder';

/** IAM reads in flight at once (IAM's request rate is account-wide and low). */
const IAM_CALLS_IN_FLIGHT = 5;

/** IAM roles, by name (GetRole; NoSuchEntityException: it does not exist). IAM is global: every region's labs share the names. */
export const iamRoleNames: ExistingNameFinder = {
  kind: UniqueNameKind.IAM_ROLE,
  label: 'IAM roles',
  permissions: ['iam:GetRole'],
  async existing(names, context) {
    const found = await mapInFlight(names, IAM_CALLS_IN_FLIGHT, async (name) => {
      try {
        await awsCall('iam:GetRole', () => context.clients.iam.send(new GetRoleCommand({ RoleName: name })));
        return name;
      } catch (error) {
        if (isNoSuchEntity(error)) return undefined;
        throw error;
      }
    });
    return new Set(found.filter((n): n is string => n !== undefined));
  },
  removal: (name) =>
    `aws iam delete-role --role-name ${name} (first: aws iam list-attached-role-policies --role-name ${name}, then detach-role-policy for each)`,
  note: 'IAM role names are global: a lab of the same name in another region uses the same roles.',
};
