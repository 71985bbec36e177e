import type { STSClient } from '@aws-sdk/client-sts';
import type { LabPlan } from '../../plan/lab-plan';
import { permissionsOf } from '../iam-permissions';
import { CALLER_IDENTITY_PERMISSIONS, callerIdentity } from './caller-identity';
import { PreflightCheck, PreflightClients, PreflightResult, PreflightRow, runPreflightCheck } from './preflight-check';
import { PREFLIGHT_CHECKS } from './preflight-checks';
import type { PreflightReport } from './preflight-report';
import { STATE_READER_PERMISSIONS, stateReaderFor } from './terraform-state';

/**
 * The IAM permissions the preflight needs: the caller identity's, every check's, and the state
 * reader's (the existing-name checks read the state too).
 */
export const PREFLIGHT_PERMISSIONS: readonly string[] = permissionsOf(
  CALLER_IDENTITY_PERMISSIONS,
  ...PREFLIGHT_CHECKS.map((check) => check.permissions),
  STATE_READER_PERMISSIONS,
);

/** What {@link runPreflight} checks, and with what. */
export interface RunPreflightOptions {
  /** The plan of the lab or class. */
  readonly plan: LabPlan;
  /** The clients of the checks, and STS for the identity. */
  readonly clients: PreflightClients & { readonly sts: STSClient };
  /** The project folder (local state files). */
  readonly projectDir: string;
  /** Only this participant's lab (and the network it needs). @default - every lab */
  readonly participantId?: string;
  /** The checks to run. @default PREFLIGHT_CHECKS */
  readonly checks?: readonly PreflightCheck[];
}

/**
 * Asks who the credentials are (STS GetCallerIdentity: when that fails nothing can be checked, and
 * the AwsCallError goes to the runner, exit 2), then runs every check at once and collects their rows
 * in the checks' order, the identity first.
 */
export async function runPreflight(options: RunPreflightOptions): Promise<PreflightReport> {
  const { plan, clients, projectDir, participantId } = options;
  const { config } = plan;
  const environments = plan.labs.filter((e) => participantId === undefined || e.participant?.id === participantId);
  const identity = await callerIdentity(clients);
  const memos = new Map<string, Promise<unknown>>();
  const context = {
    config,
    plan,
    environments,
    identity,
    clients,
    state: stateReaderFor(config.state, projectDir, clients.s3),
    memo<T>(key: string, fetch: () => Promise<T>): Promise<T> {
      let value = memos.get(key) as Promise<T> | undefined;
      if (value === undefined) {
        value = fetch();
        memos.set(key, value);
      }
      return value;
    },
  };
  const identityRow: PreflightRow = {
    check: 'AWS identity',
    result: PreflightResult.PASS,
    figure: `${identity.arn} in account ${identity.account}${identity.principalArn !== undefined && identity.principalArn !== identity.arn ? ` (IAM principal ${identity.principalArn})` : ''}`,
  };
  const checked = await Promise.all((options.checks ?? PREFLIGHT_CHECKS).map((check) => runPreflightCheck(check, context)));
  const rows = [identityRow, ...checked.flat()];
  const count = (result: PreflightResult) => rows.filter((r) => r.result === result).length;
  return {
    labName: config.labName,
    region: config.region,
    ...(participantId === undefined ? {} : { participantId }),
    labs: environments.length,
    identity: { account: identity.account, arn: identity.arn, ...(identity.principalArn === undefined ? {} : { principalArn: identity.principalArn }) },
    rows,
    counts: { pass: count(PreflightResult.PASS), warn: count(PreflightResult.WARN), fail: count(PreflightResult.FAIL) },
  };
}
