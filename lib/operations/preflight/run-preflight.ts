import type { STSClient } from '@aws-sdk/client-sts';
import type { LabAccount, LabEnvironment } from '../../plan/lab-environment';
import { ClassMode, LabPlan } from '../../plan/lab-plan';
import { AwsCallError } from '../aws-call-error';
import { mapInFlight } from '../concurrency';
import { permissionsOf } from '../iam-permissions';
import { CALLER_IDENTITY_PERMISSIONS, CallerIdentity, callerIdentity } from './caller-identity';
import { PreflightCheck, PreflightClients, PreflightContext, PreflightResult, PreflightRow, PreflightScope, runPreflightCheck } from './preflight-check';
import { PREFLIGHT_CHECKS } from './preflight-checks';
import type { PreflightReport } from './preflight-report';
import { STATE_READER_PERMISSIONS, StateReader, stateReaderFor } from './terraform-state';

/**
 * The IAM permissions the preflight needs: the caller identity's, every check's, and the state
 * reader's (the existing-name checks read the state too). In a class of accounts per participant the
 * deploying identity needs `sts:AssumeRole` on each account role, and the role these (it usually has
 * AdministratorAccess: OrganizationAccountAccessRole does).
 */
export const PREFLIGHT_PERMISSIONS: readonly string[] = permissionsOf(
  CALLER_IDENTITY_PERMISSIONS,
  ...PREFLIGHT_CHECKS.map((check) => check.permissions),
  STATE_READER_PERMISSIONS,
);

/** The clients the checks and the identity use, in one account. */
export type PreflightAccountClients = PreflightClients & { readonly sts: STSClient };

/** Participants' accounts asked at once. */
const ACCOUNTS_IN_FLIGHT = 5;

/** What {@link runPreflight} checks, and with what. */
export interface RunPreflightOptions {
  /** The plan of the lab or class. */
  readonly plan: LabPlan;
  /** The clients of the checks, and STS for the identity, in the deploying account. */
  readonly clients: PreflightAccountClients;
  /**
   * The same clients in a participant's own account, through its account role.
   * @default - none: a class of accounts per participant cannot be checked without it
   */
  readonly clientsFor?: (account: LabAccount) => PreflightAccountClients;
  /** The project folder (local state files). */
  readonly projectDir: string;
  /** Only this participant's lab (and the network it needs). @default - every lab */
  readonly participantId?: string;
  /** The checks to run. @default PREFLIGHT_CHECKS */
  readonly checks?: readonly PreflightCheck[];
  /** The moment the preflight runs. @default - now */
  readonly now?: Date;
}

/**
 * Asks who the credentials are (STS GetCallerIdentity: when that fails nothing can be checked, and
 * the AwsCallError goes to the runner, exit 2), then runs every check at once and collects their rows
 * in the checks' order, the identity first.
 *
 * With accounts per participant, the checks of the deploying account (the state, the instructors)
 * run there, and every other check runs in each participant's account through its account role, its
 * rows named after the participant and the account; an account whose role cannot be assumed is one
 * FAIL row naming the participant, and the others go on.
 */
export async function runPreflight(options: RunPreflightOptions): Promise<PreflightReport> {
  const { plan, clients, projectDir, participantId } = options;
  const { config } = plan;
  const environments = plan.labs.filter((e) => participantId === undefined || e.participant?.id === participantId);
  const identity = await callerIdentity(clients);
  const state = stateReaderFor(config.state, projectDir, clients.s3);
  const checks = options.checks ?? PREFLIGHT_CHECKS;
  const identityRow: PreflightRow = {
    check: 'AWS identity',
    result: PreflightResult.PASS,
    figure: `${identity.arn} in account ${identity.account}${identity.principalArn !== undefined && identity.principalArn !== identity.arn ? ` (IAM principal ${identity.principalArn})` : ''}`,
  };

  let rows: PreflightRow[];
  if (plan.mode !== ClassMode.ACCOUNT_PER_PARTICIPANT) {
    const networks = plan.networks.filter((n) => environments.some((e) => e.networkStackName === n.stackName));
    const context = checkContext(options, environments, networks, identity, clients, state);
    rows = (await Promise.all(checks.map((check) => runPreflightCheck(check, context)))).flat();
  } else {
    const deploying = checkContext(options, environments, [], identity, clients, state);
    const inDeploying = checks.filter((c) => c.scope === PreflightScope.DEPLOYING_ACCOUNT || c.scope === PreflightScope.BOTH);
    const inAccounts = checks.filter((c) => (c.scope ?? PreflightScope.LAB_ACCOUNT) !== PreflightScope.DEPLOYING_ACCOUNT);
    const [own, perAccount] = await Promise.all([
      Promise.all(inDeploying.map((check) => runPreflightCheck(check, deploying))),
      mapInFlight(environments, ACCOUNTS_IN_FLIGHT, (lab) => checkAccount(options, lab, inAccounts, state)),
    ]);
    rows = [...own.flat(), ...perAccount.flat()];
  }
  const all = [identityRow, ...rows];
  const count = (result: PreflightResult) => all.filter((r) => r.result === result).length;
  return {
    labName: config.labName,
    region: config.region,
    ...(participantId === undefined ? {} : { participantId }),
    labs: environments.length,
    identity: { account: identity.account, arn: identity.arn, ...(identity.principalArn === undefined ? {} : { principalArn: identity.principalArn }) },
    rows: all,
    counts: {
      pass: count(PreflightResult.PASS),
      warn: count(PreflightResult.WARN),
      fail: count(PreflightResult.FAIL),
      notChecked: count(PreflightResult.NOT_CHECKED),
    },
  };
}

/** The checks of one participant's account, each row named after the participant and the account. */
async function checkAccount(options: RunPreflightOptions, lab: LabEnvironment, checks: readonly PreflightCheck[], state: StateReader): Promise<PreflightRow[]> {
  const account = lab.account as LabAccount;
  const who = `${lab.participant?.id ?? lab.clusterName} (${account.accountId})`;
  if (options.clientsFor === undefined) throw new Error('runPreflight: a class of accounts per participant needs clientsFor');
  const clients = options.clientsFor(account);
  let identity: CallerIdentity;
  try {
    identity = await callerIdentity(clients);
  } catch (error) {
    // The deploying identity's credentials work (its identity was read first): whatever fails here is
    // this account's role, and only this participant cannot be checked.
    if (!(error instanceof AwsCallError)) throw error;
    return [
      {
        check: `${who}: account role`,
        result: PreflightResult.FAIL,
        figure: `cannot assume ${account.roleArn}: ${error.message}`,
        fix:
          `in account ${account.accountId}, the role ${account.roleName} must exist and trust the deploying identity ` +
          `(sts:AssumeRole); AWS Organizations creates OrganizationAccountAccessRole in the accounts it creates, or set roster.accountRoleName`,
      },
    ];
  }
  const network = options.plan.networks.filter((n) => n.stackName === lab.networkStackName);
  const context = { ...checkContext(options, [lab], network, identity, clients, state), account };
  const rows = (await Promise.all(checks.map((check) => runPreflightCheck(check, context)))).flat();
  return [
    { check: `${who}: account role`, result: PreflightResult.PASS, figure: `assumed ${account.roleArn} (${identity.arn})` },
    ...rows.map((row) => ({ ...row, check: `${who}: ${row.check}` })),
  ];
}

function checkContext(
  { plan, now }: Pick<RunPreflightOptions, 'plan' | 'now'>,
  environments: readonly LabEnvironment[],
  networks: PreflightContext['networks'],
  identity: CallerIdentity,
  clients: PreflightClients,
  state: StateReader,
): PreflightContext {
  const memos = new Map<string, Promise<unknown>>();
  return {
    config: plan.config,
    plan,
    environments,
    networks,
    identity,
    clients,
    state,
    now: now ?? new Date(),
    memo<T>(key: string, fetch: () => Promise<T>): Promise<T> {
      let value = memos.get(key) as Promise<T> | undefined;
      if (value === undefined) {
        value = fetch();
        memos.set(key, value);
      }
      return value;
    },
  };
}
