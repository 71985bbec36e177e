import { paginateDescribeLaunchTemplates } from '@aws-sdk/client-ec2';
import { UniqueNameKind } from '../../../plan/unique-names';
import { allItems } from '../../aws-call-error';
import type { ExistingNameFinder } from './existing-name-finder';

/** Values per EC2 filter in one call (EC2 rejects more than 200 in all). */
const FILTER_VALUES_PER_CALL = 200;

/**
 * EC2 launch templates, by a `launch-template-name` filter (LaunchTemplateNames would fail the whole
 * call for one name that does not exist).
 */
export const launchTemplateNames: ExistingNameFinder = {
  kind: UniqueNameKind.LAUNCH_TEMPLATE,
  label: 'launch templates',
  permissions: ['ec2:DescribeLaunchTemplates'],
  async existing(names, context) {
    const found = new Set<string>();
    for (let i = 0; i < names.length; i += FILTER_VALUES_PER_CALL) {
      const chunk = names.slice(i, i + FILTER_VALUES_PER_CALL);
      const templates = await allItems(
        'ec2:DescribeLaunchTemplates',
        paginateDescribeLaunchTemplates({ client: context.clients.ec2 }, { Filters: [{ Name: 'launch-template-name', Values: chunk }] }),
        (page) => page.LaunchTemplates,
      );
      templates.forEach((t) => t.LaunchTemplateName !== undefined && found.add(t.LaunchTemplateName));
    }
    return found;
  },
  removal: (name, region) => `aws ec2 delete-launch-template --region ${region} --launch-template-name ${name}`,
};
