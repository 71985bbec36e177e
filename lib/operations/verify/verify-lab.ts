import { setMaxListeners } from 'node:events';
import type { EKSClient } from '@aws-sdk/client-eks';
import type { LabEnvironment } from '../../plan/lab-environment';
import type { LabWorkloadRef } from '../../plan/workload-inventory';
import { readClusterSnapshot } from './cluster-snapshot';
import { cronJobCheck } from './cron-job-check';
import { daemonSetCheck } from './daemon-set-check';
import { deploymentCheck } from './deployment-check';
import { describeLabCluster, eksChecks } from './eks-cluster';
import { eksToken, EksTokenSigner } from './eks-token';
import { jobCheck } from './job-check';
import { KubernetesApi, KubernetesApiError, KubernetesFailureKind } from './kubernetes-api';
import { statefulSetRows } from './kubectl-view';
import { failed, LabCheck, worstRemedy } from './lab-check';
import { nodesCheck } from './nodes-check';
import { statefulSetCheck } from './stateful-set-check';
import { CheckResult, LabVerdict, Remedy } from './verify-report';

/** The checks of a lab's Kubernetes side, in the order the report lists them. */
export const LAB_CHECKS: readonly LabCheck[] = [nodesCheck, statefulSetCheck, deploymentCheck, daemonSetCheck, jobCheck, cronJobCheck];

/** The commands that repair one lab (lib/fleet/fleet-commands.ts). */
export interface LabRepairCommands {
  /** Deploys or repairs the lab (`npx cdktf deploy <network> <cluster> <workloads> --auto-approve`). */
  readonly deploy: string;
  /** Destroys and re-creates its workloads stack, as one line. */
  readonly resetWorkloads: string;
}

/** What verifying one lab needs. */
export interface VerifyLabContext {
  /** EKS client of the lab's region. */
  readonly eks: EKSClient;
  /** Signs the EKS token. */
  readonly signer: EksTokenSigner;
  /** The lab's region. */
  readonly region: string;
  /** The workloads the configuration deploys. */
  readonly workloads: readonly LabWorkloadRef[];
  /** CIDRs the public endpoint admits, named when it does not answer. */
  readonly publicAccessCidrs: readonly string[];
  /** The moment verify runs. */
  readonly now: Date;
}

/** Where a lab's verification is, so a timeout can say what did not answer. */
export interface VerifyProgress {
  /** What is being asked. */
  phase: 'EKS' | 'Kubernetes API';
}

/**
 * Verifies one lab: asks EKS for the cluster and its node group, then (when the cluster is ACTIVE) its
 * Kubernetes API with an EKS token from the caller's credentials, reads what the checks need in one
 * round of requests, and runs {@link LAB_CHECKS}. A Kubernetes API that refuses the token (401), the
 * caller (403) or does not answer makes the lab not ready with the fix; `signal` cancels every request.
 *
 * @throws AwsCallError when EKS cannot be asked (credentials, permissions): the whole command cannot ask.
 */
export async function verifyLab(
  env: LabEnvironment,
  context: VerifyLabContext,
  commands: LabRepairCommands,
  signal?: AbortSignal,
  progress: VerifyProgress = { phase: 'EKS' },
): Promise<LabVerdict> {
  // Every request of the lab listens on the one signal: more than Node's default of 10 listeners is expected.
  if (signal !== undefined) setMaxListeners(50, signal);
  progress.phase = 'EKS';
  const described = await describeLabCluster(context.eks, env.clusterName, signal);
  const eks = eksChecks(described, env.clusterName);
  const base = { clusterName: env.clusterName, ...(env.participant === undefined ? {} : { participantId: env.participant.id }) };
  if (!eks.canAskKubernetes || described.cluster?.endpoint === undefined || described.cluster.certificateAuthority?.data === undefined) {
    return verdict(base, eks.results, commands, env, context);
  }

  progress.phase = 'Kubernetes API';
  const token = await eksToken(context.signer, { clusterName: env.clusterName, region: context.region, now: context.now });
  const api = new KubernetesApi({
    endpoint: described.cluster.endpoint,
    certificateAuthorityData: described.cluster.certificateAuthority.data,
    token,
    ...(signal === undefined ? {} : { signal }),
  });
  try {
    const snapshot = await readClusterSnapshot(api, context.workloads);
    const desiredNodes = described.nodegroup?.scalingConfig?.desiredSize ?? 0;
    const checkContext = { workloads: context.workloads, desiredNodes, now: context.now };
    const results = [...eks.results, ...LAB_CHECKS.flatMap((check) => check.results(snapshot, checkContext))];
    return { ...verdict(base, results, commands, env, context), statefulSets: statefulSetRows(snapshot.labPageStatefulSets, context.now) };
  } catch (error) {
    if (!(error instanceof KubernetesApiError)) throw error;
    return verdict(base, [...eks.results, apiFailure(error)], commands, env, context);
  } finally {
    api.close();
  }
}

/** The result of a Kubernetes API that could not be asked. */
function apiFailure(error: KubernetesApiError): CheckResult {
  const remedy: Record<KubernetesFailureKind, Remedy> = {
    [KubernetesFailureKind.UNAUTHORIZED]: Remedy.CHECK_ACCESS,
    [KubernetesFailureKind.FORBIDDEN]: Remedy.CHECK_ACCESS,
    [KubernetesFailureKind.NOT_FOUND]: Remedy.REDEPLOY,
    [KubernetesFailureKind.UNREACHABLE]: Remedy.CHECK_NETWORK,
    [KubernetesFailureKind.TLS]: Remedy.CHECK_NETWORK,
    [KubernetesFailureKind.OTHER]: Remedy.WAIT,
  };
  const what: Record<KubernetesFailureKind, string> = {
    [KubernetesFailureKind.UNAUTHORIZED]: 'rejected the token',
    [KubernetesFailureKind.FORBIDDEN]: 'refused the caller',
    [KubernetesFailureKind.NOT_FOUND]: 'has no such API',
    [KubernetesFailureKind.UNREACHABLE]: 'unreachable',
    [KubernetesFailureKind.TLS]: 'answered with a certificate that is not the cluster\'s',
    [KubernetesFailureKind.OTHER]: 'answered with an error',
  };
  return failed('Kubernetes API', `${what[error.kind]}: ${error.message}`, remedy[error.kind]);
}

/** The verdict of a lab whose checks are `results`, with the fix for the worst of them. */
export function verdict(
  base: Pick<LabVerdict, 'clusterName' | 'participantId'>,
  results: readonly CheckResult[],
  commands: LabRepairCommands,
  env: Pick<LabEnvironment, 'participant'>,
  context: Pick<VerifyLabContext, 'publicAccessCidrs'>,
): LabVerdict {
  const failures = results.filter((r) => !r.ok);
  if (failures.length === 0) return { ...base, ready: true, checks: results };
  const remedy = worstRemedy(failures.map((f) => f.remedy ?? Remedy.RESET_WORKLOADS));
  const kubernetesFailure = failures.find((f) => f.check === 'Kubernetes API');
  return { ...base, ready: false, checks: results, remedy, fix: fixText(remedy, commands, env, context, kubernetesFailure?.detail) };
}

/** What to do about `remedy`, naming the command. */
export function fixText(
  remedy: Remedy,
  commands: LabRepairCommands,
  env: Pick<LabEnvironment, 'participant'>,
  context: Pick<VerifyLabContext, 'publicAccessCidrs'>,
  apiDetail?: string,
): string {
  const who = env.participant === undefined ? 'the lab' : 'this participant';
  const whose = env.participant === undefined ? "the lab's" : "this participant's";
  switch (remedy) {
    case Remedy.DEPLOY:
      return `deploy ${who}: ${commands.deploy}`;
    case Remedy.REDEPLOY:
      return `redeploy ${who}: ${commands.deploy}`;
    case Remedy.RESET_WORKLOADS:
      return `reset ${whose} workloads: ${commands.resetWorkloads}`;
    case Remedy.CHECK_NETWORK:
      return (
        `the API endpoint did not answer: check that this machine's public address is in publicAccessCidrs (${context.publicAccessCidrs.join(', ')}) ` +
        `and run verify again; if it still does not answer, redeploy ${who}: ${commands.deploy}`
      );
    case Remedy.CHECK_ACCESS:
      return apiDetail?.startsWith('refused')
        ? `the caller has no Kubernetes access on this cluster: run verify as an instructor (an ARN in roster.instructorPrincipalArns or adminPrincipalArns), or add yours there and redeploy ${who}: ${commands.deploy}`
        : 'the cluster rejected the token: refresh the AWS credentials (aws sts get-caller-identity shows whose they are), check this machine\'s clock, and run verify again';
    case Remedy.WAIT:
    default:
      return 'it is still starting: wait a few minutes and run npm run verify again';
  }
}
