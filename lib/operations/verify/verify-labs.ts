import type { EKSClient } from '@aws-sdk/client-eks';
import type { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { STSClient } from '@aws-sdk/client-sts';
import type { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { fleetCommands, shellLine } from '../../fleet/fleet-commands';
import { type LabAccount, participantProblem } from '../../plan/lab-environment';
import type { LabPlan } from '../../plan/lab-plan';
import { AwsCallError } from '../aws-call-error';
import { mapInFlight, TimeoutError, withTimeout } from '../concurrency';
import { permissionsOf } from '../iam-permissions';
import { BUDGET_GUARD_PERMISSIONS, budgetGuardStatus } from './budget-guard';
import { EKS_CLUSTER_PERMISSIONS } from './eks-cluster';
import { EksTokenSigner } from './eks-token';
import { EXPIRED_LABS_PERMISSIONS, findExpiredLabs } from './expired-labs';
import { failed } from './lab-check';
import { LabRepairCommands, verdict, verifyLab, VerifyProgress } from './verify-lab';
import { Remedy, VerifyReport } from './verify-report';

/**
 * The AWS permissions `verify` needs (besides Kubernetes read access on the clusters): the EKS side of
 * each lab, the expiry report's and the budget guard's. The EKS token needs none: STS answers
 * GetCallerIdentity to any identity.
 */
export const VERIFY_PERMISSIONS: readonly string[] = permissionsOf(EKS_CLUSTER_PERMISSIONS, EXPIRED_LABS_PERMISSIONS, BUDGET_GUARD_PERMISSIONS);

/** Clusters asked at once: a class of 30 in three rounds, without a burst EKS would throttle. */
export const LABS_IN_FLIGHT = 10;

/** How long one cluster may take, EKS and Kubernetes API together, before it counts as unreachable. */
export const DEFAULT_CLUSTER_TIMEOUT_MS = 30_000;

/** The clients `verify` uses. */
export interface VerifyClients {
  /** EKS, in the lab's region. */
  readonly eks: EKSClient;
  /** Resource Groups Tagging API, in the lab's region (the expiry report). */
  readonly tagging: ResourceGroupsTaggingAPIClient;
  /** Signs the EKS tokens with the caller's credentials. */
  readonly signer: EksTokenSigner;
  /** Cost Explorer (the budget guard's tag), in its partition's region. */
  readonly costExplorer: CostExplorerClient;
  /** Organizations (whether the account can activate the tag), in Cost Explorer's region. */
  readonly organizations: OrganizationsClient;
  /** STS (the credentials' account). */
  readonly sts: STSClient;
  /**
   * The EKS, Tagging and signing clients in a participant's own account, through its account role.
   * @default - none: a class of accounts per participant cannot be verified without it
   */
  forAccount?(account: LabAccount): Pick<VerifyClients, 'eks' | 'tagging' | 'signer'>;
}

/** The clients of one lab: its account's, or the deploying account's. */
function labClients(clients: VerifyClients, account: LabAccount | undefined): Pick<VerifyClients, 'eks' | 'tagging' | 'signer'> {
  if (account === undefined) return clients;
  if (clients.forAccount === undefined) throw new Error('verifyLabs: a class of accounts per participant needs clients.forAccount');
  return clients.forAccount(account);
}

/** What to verify. */
export interface VerifyOptions {
  /** Only this participant's lab. @default - every lab */
  readonly participantId?: string;
  /** Per-cluster timeout. @default DEFAULT_CLUSTER_TIMEOUT_MS */
  readonly clusterTimeoutMs?: number;
  /** Clusters asked at once. @default LABS_IN_FLIGHT */
  readonly labsInFlight?: number;
  /** The moment verify runs. @default - now */
  readonly now?: Date;
}

/**
 * Verifies every lab of `plan` (or one participant's) live, {@link LABS_IN_FLIGHT} clusters at a time,
 * each within its own timeout (its requests are cancelled when it passes; the lab is then not ready,
 * unreachable), lists the labs of any configuration in the account and region past their expiry, and
 * says whether the budget guard (when configured) can see the costs.
 *
 * @throws AwsCallError when AWS cannot be asked (no credentials, access denied): exit 2
 */
export async function verifyLabs(plan: LabPlan, clients: VerifyClients, options: VerifyOptions = {}): Promise<VerifyReport> {
  const { config } = plan;
  const { participantId } = options;
  if (participantId !== undefined) {
    const problem = participantProblem(config, participantId);
    if (problem !== undefined) throw new Error(`participant ${problem}`);
  }
  const now = options.now ?? new Date();
  const timeoutMs = options.clusterTimeoutMs ?? DEFAULT_CLUSTER_TIMEOUT_MS;
  const commands = fleetCommands(plan);
  const environments = plan.labs
    .map((env, i) => ({ env, perLab: commands.perLab[i] }))
    .filter(({ env }) => participantId === undefined || env.participant?.id === participantId);
  const shared = {
    region: config.region,
    workloads: plan.workloads,
    publicAccessCidrs: config.publicAccessCidrs,
    now,
  };

  const [labs, expired, budgetGuard] = await Promise.all([
    mapInFlight(environments, options.labsInFlight ?? LABS_IN_FLIGHT, async ({ env, perLab }) => {
      const repair: LabRepairCommands = {
        deploy: shellLine(perLab.deploy),
        resetWorkloads: `${shellLine(perLab.resetWorkloads[0])}, then ${shellLine(perLab.resetWorkloads[1])}`,
      };
      const progress: VerifyProgress = { phase: 'EKS' };
      const context = { ...shared, ...labClients(clients, env.account) };
      const base = { clusterName: env.clusterName, ...(env.participant === undefined ? {} : { participantId: env.participant.id }) };
      try {
        return await withTimeout(`cluster ${env.clusterName}`, timeoutMs, (signal) => verifyLab(env, context, repair, signal, progress));
      } catch (error) {
        // In a participant's own account, a role that cannot be assumed fails that lab, not the command.
        if (error instanceof AwsCallError && env.account !== undefined) {
          return verdict(base, [failed('account role', `cannot ask account ${env.account.accountId} through ${env.account.roleArn}: ${error.message}`, Remedy.CHECK_ACCESS)], repair, env, shared);
        }
        if (!(error instanceof TimeoutError)) throw error;
        const check = progress.phase === 'EKS' ? 'cluster' : 'Kubernetes API';
        return verdict(base, [failed(check, `unreachable: ${progress.phase} ${error.message}`, Remedy.CHECK_NETWORK)], repair, env, shared);
      }
    }),
    expiredLabs(plan, clients, environments.map(({ env }) => env.account), now),
    budgetGuardStatus(config, clients),
  ]);
  return {
    labName: config.labName,
    region: config.region,
    ...(participantId === undefined ? {} : { participantId }),
    isClass: config.roster !== undefined,
    labs,
    readyCount: labs.filter((l) => l.ready).length,
    expired,
    ...(budgetGuard === undefined ? {} : { budgetGuard }),
  };
}

/**
 * The expired labs of the deploying account's region, or of each checked participant's account: a lab
 * past its date is found where it runs. An account whose role cannot be assumed is skipped here (its
 * lab's row says so).
 */
async function expiredLabs(
  plan: LabPlan,
  clients: VerifyClients,
  accounts: ReadonlyArray<LabAccount | undefined>,
  now: Date,
): ReturnType<typeof findExpiredLabs> {
  const asked = accounts.filter((a): a is LabAccount => a !== undefined);
  if (asked.length === 0) return findExpiredLabs(plan, clients, now);
  const lists = await mapInFlight(asked, LABS_IN_FLIGHT, async (account) => {
    try {
      return await findExpiredLabs(plan, labClients(clients, account), now);
    } catch (error) {
      if (error instanceof AwsCallError) return [];
      throw error;
    }
  });
  return lists.flat();
}
