import { LabConfig } from '../config/lab-config';

/** Value of the `created-by` tag on everything the project creates. */
export const CREATED_BY_TAG_VALUE = 'eks-workshop-lab';

/**
 * Tags on every AWS resource of a lab (through the provider's `default_tags`, the launch template's
 * tag specifications and the EBS CSI driver's volume tags). The configuration's tags come first so
 * they cannot overwrite the ones that identify the lab.
 */
export function labTags(config: Pick<LabConfig, 'labName' | 'tags'>): Record<string, string> {
  return { ...config.tags, lab: config.labName, env: config.labName, 'created-by': CREATED_BY_TAG_VALUE };
}
