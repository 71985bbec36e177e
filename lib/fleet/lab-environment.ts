import { LabConfig, Participant } from '../config/lab-config';
import { labTags } from '../config/lab-tags';

/**
 * One isolated lab: an EKS cluster and its workloads, for one participant of a class or for the
 * single lab of a configuration without a roster. Every account- or region-unique name the lab
 * creates is derived from {@link clusterName}.
 */
export interface LabEnvironment {
  /** EKS cluster name and prefix of every name: `<labName>` or `<labName>-<participant id>`. */
  readonly clusterName: string;
  /** The participant, when the lab belongs to a class. @default - none (single lab) */
  readonly participant?: Participant;
  /** Principals with cluster-admin on this cluster: the participant's, the instructors' and `adminPrincipalArns`. */
  readonly adminPrincipalArns: readonly string[];
  /** Whether the identity that deploys becomes cluster admin too. */
  readonly bootstrapCreatorAdmin: boolean;
  /** Terraform stack of the AWS side. */
  readonly clusterStackName: string;
  /** Terraform stack of the Kubernetes side. */
  readonly workloadsStackName: string;
  /** Tags on every AWS resource of this lab. */
  readonly tags: Readonly<Record<string, string>>;
  /** The command that points kubectl at the cluster, under a context named like the cluster. */
  readonly updateKubeconfigCommand: string;
}

/**
 * Why `participantId` does not name a lab of `config`, as `("<id>") must ...`, or undefined when it can.
 */
export function participantProblem(config: LabConfig, participantId: string): string | undefined {
  const ids = (config.roster?.participants ?? []).map((p) => p.id);
  if (ids.length === 0) {
    return `(${JSON.stringify(participantId)}) needs a roster: the configuration describes the single lab ${config.labName}`;
  }
  if (!ids.includes(participantId)) {
    return `(${JSON.stringify(participantId)}) must be one of roster.participants: ${ids.join(', ')}`;
  }
  return undefined;
}

/** Stack of the network a class shares. */
export function sharedNetworkStackName(labName: string): string {
  return `${labName}-network`;
}

/**
 * The Terraform stacks of the lab whose cluster is `clusterName`: `<cluster>-cluster` and
 * `<cluster>-workloads`. Also names the stacks of a lab another configuration deployed, from its
 * cluster name alone.
 */
export function labStackNames(clusterName: string): { readonly cluster: string; readonly workloads: string } {
  return { cluster: `${clusterName}-cluster`, workloads: `${clusterName}-workloads` };
}

/** The labs `config` describes: one per participant with a roster, else the single lab. */
export function labEnvironments(config: LabConfig): LabEnvironment[] {
  if (config.roster === undefined) return [environment(config, config.labName, undefined, config.adminPrincipalArns)];
  const instructors = [...config.roster.instructorPrincipalArns, ...config.adminPrincipalArns];
  return config.roster.participants.map((participant) =>
    environment(config, `${config.labName}-${participant.id}`, participant, [...instructors, participant.principalArn]),
  );
}

function environment(
  config: LabConfig,
  clusterName: string,
  participant: Participant | undefined,
  adminPrincipalArns: readonly string[],
): LabEnvironment {
  return {
    clusterName,
    ...(participant === undefined ? {} : { participant }),
    adminPrincipalArns,
    bootstrapCreatorAdmin: config.bootstrapCreatorAdmin,
    clusterStackName: labStackNames(clusterName).cluster,
    workloadsStackName: labStackNames(clusterName).workloads,
    tags: labTags(config, participant?.id),
    updateKubeconfigCommand: `aws eks update-kubeconfig --name ${clusterName} --region ${config.region} --alias ${clusterName}`,
  };
}
