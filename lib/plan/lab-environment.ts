import type { LabConfig, Participant } from '../config/lab-config';
import { labTags, LAB_TAG_KEYS } from '../config/lab-tags';
import { clusterNameOf, labResourceNames, LabResourceNames, labStackNames } from './lab-names';

/**
 * One isolated lab: an EKS cluster and its workloads, for one participant of a class or for the
 * single lab of a configuration without a roster. Every account- or region-unique name the lab
 * creates is derived from {@link clusterName} ({@link names}).
 */
export interface LabEnvironment {
  /** EKS cluster name and prefix of every name: `<labName>` or `<labName>-<participant id>`. */
  readonly clusterName: string;
  /** The participant, when the lab belongs to a class. @default - none (single lab) */
  readonly participant?: Participant;
  /** Principals with cluster-admin on this cluster: the instructors', `adminPrincipalArns` and the participant's. */
  readonly adminPrincipalArns: readonly string[];
  /** Whether the identity that deploys becomes cluster admin too. */
  readonly bootstrapCreatorAdmin: boolean;
  /** Terraform stack of the AWS side. */
  readonly clusterStackName: string;
  /** Terraform stack of the Kubernetes side. */
  readonly workloadsStackName: string;
  /** Tags on every AWS resource of this lab. */
  readonly tags: Readonly<Record<string, string>>;
  /**
   * The tags that single out this lab's EBS volumes among the account's (`lab`, `participant` in a
   * class, `env`): the driver adds them to every volume it creates, and destroy waits until no volume
   * carries them.
   */
  readonly volumeOwnerTags: Readonly<Record<string, string>>;
  /** The names of the lab's AWS resources. */
  readonly names: LabResourceNames;
  /** The command that points kubectl at the cluster, under a context named like the cluster. */
  readonly updateKubeconfigCommand: string;
}

/**
 * Why `participantId` does not name a lab of `config`, as `("<id>") must ...`, or undefined when it can.
 */
export function participantProblem(config: Pick<LabConfig, 'labName' | 'roster'>, participantId: string): string | undefined {
  const ids = (config.roster?.participants ?? []).map((p) => p.id);
  if (ids.length === 0) {
    return `(${JSON.stringify(participantId)}) needs a roster: the configuration describes the single lab ${config.labName}`;
  }
  if (!ids.includes(participantId)) {
    return `(${JSON.stringify(participantId)}) must be one of roster.participants: ${ids.join(', ')}`;
  }
  return undefined;
}

/** The labs `config` describes: one per participant with a roster, else the single lab. */
export function labEnvironments(config: LabConfig): LabEnvironment[] {
  if (config.roster === undefined) return [environment(config, undefined, config.adminPrincipalArns)];
  const instructors = [...config.roster.instructorPrincipalArns, ...config.adminPrincipalArns];
  return config.roster.participants.map((participant) => environment(config, participant, [...instructors, participant.principalArn]));
}

function environment(config: LabConfig, participant: Participant | undefined, adminPrincipalArns: readonly string[]): LabEnvironment {
  const clusterName = clusterNameOf(config.labName, participant?.id);
  const tags = labTags(config, participant?.id);
  const ownerKeys = [LAB_TAG_KEYS.lab, LAB_TAG_KEYS.participant, LAB_TAG_KEYS.env].filter((key) => key in tags);
  const stacks = labStackNames(clusterName);
  return {
    clusterName,
    ...(participant === undefined ? {} : { participant }),
    adminPrincipalArns,
    bootstrapCreatorAdmin: config.bootstrapCreatorAdmin,
    clusterStackName: stacks.cluster,
    workloadsStackName: stacks.workloads,
    tags,
    volumeOwnerTags: Object.fromEntries(ownerKeys.map((key) => [key, tags[key]])),
    names: labResourceNames(clusterName),
    updateKubeconfigCommand: `aws eks update-kubeconfig --name ${clusterName} --region ${config.region} --alias ${clusterName}`,
  };
}
