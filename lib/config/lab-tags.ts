import type { LabConfig } from './lab-config';

/** Value of the `created-by` tag on everything the project creates. */
export const CREATED_BY_TAG_VALUE = 'eks-workshop-lab';

/** Keys of the tags that identify what a resource belongs to. */
export const LAB_TAG_KEYS = {
  /** The lab (the configuration's `labName`). */
  lab: 'lab',
  /** The participant id, on a class's per-participant resources. */
  participant: 'participant',
  /** The EKS cluster name, as the workshop tags `env`. */
  env: 'env',
  /** Always {@link CREATED_BY_TAG_VALUE}. */
  createdBy: 'created-by',
  /** The configured `expiresOn` date. */
  expiresOn: 'expires-on',
} as const;

/**
 * Tags on every AWS resource of a lab (through the provider's `default_tags`, the launch template's
 * tag specifications and the EBS CSI driver's volume tags). The configuration's tags come first so
 * they cannot overwrite the ones that identify the lab. Every value comes from configuration: nothing
 * is computed at synth, so the plan does not change between runs.
 *
 * @param participantId the participant the resources belong to; absent for a single lab and for the
 *   network a class shares
 */
export function labTags(
  config: Pick<LabConfig, 'labName' | 'tags' | 'expiresOn'>,
  participantId?: string,
): Record<string, string> {
  return {
    ...config.tags,
    [LAB_TAG_KEYS.lab]: config.labName,
    ...(participantId === undefined ? {} : { [LAB_TAG_KEYS.participant]: participantId }),
    // The cluster's name (lib/plan/lab-names.ts clusterNameOf), as the workshop tags `env`.
    [LAB_TAG_KEYS.env]: participantId === undefined ? config.labName : `${config.labName}-${participantId}`,
    [LAB_TAG_KEYS.createdBy]: CREATED_BY_TAG_VALUE,
    ...(config.expiresOn === undefined ? {} : { [LAB_TAG_KEYS.expiresOn]: config.expiresOn }),
  };
}
