import type { Operation } from '../run-operation';
import { OperationExitCode, OperationInputError } from '../run-operation';
import type { VerifyReport } from './verify-report';

/** Usage text of `npm run verify`. */
export const VERIFY_USAGE = `Usage: npm run verify -- [--participant <id>] [--timeout <seconds>] [--json]

Checks every lab of the configuration live: the EKS cluster and node group, then the cluster's
Kubernetes API (an EKS token from your AWS credentials, as aws eks get-token makes one): nodes Ready,
the StatefulSets 1/1 with their claims Bound, the DaemonSet on every node, the Job complete, the
CronJob's last run successful, and the store's Deployments available. Then lists labs of any
configuration in the account and region that are past their expires-on date and still running, and
whether the budget guard (budget.enabled) can see the costs.
Reads the configuration like \`cdktf synth\` does (lab.yaml or the file LAB_CONFIG names, cdktf.json
context "lab", LAB_* variables). Your identity needs Kubernetes access to the clusters (an instructor).

  --participant <id>   check one participant of the roster only
  --timeout <seconds>  how long one cluster may take before it counts as unreachable (default 30)
  --json               print the report as JSON
  --help               print this help

Exit codes: 0 every lab ready and none expired, 1 a lab is not ready or one has expired,
2 cannot check (configuration or AWS error, no credentials).
`;

/**
 * `npm run verify`: is every lab ready right now, and what has expired (see verifyLabs). The SDK and
 * the checks are loaded only when it runs: a usage or configuration error does not wait for them.
 */
export const verifyOperation: Operation<VerifyReport> = {
  name: 'verify',
  usage: VERIFY_USAGE,
  cannotAsk: 'Cannot verify the labs',
  permissions() {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { VERIFY_PERMISSIONS } = require('./verify-labs') as typeof import('./verify-labs');
    return VERIFY_PERMISSIONS;
  },
  options: { timeout: { type: 'string' } },
  async run({ config, plan, session, args, now, progress }) {
    const timeout = args.timeout;
    let clusterTimeoutMs: number | undefined;
    if (typeof timeout === 'string') {
      const seconds = Number(timeout);
      if (!/^\d+$/.test(timeout) || seconds < 1 || seconds > 600) {
        throw new OperationInputError(`--timeout (${JSON.stringify(timeout)}) must be a whole number of seconds from 1 to 600`);
      }
      clusterTimeoutMs = seconds * 1000;
    }
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { EKSClient } = require('@aws-sdk/client-eks') as typeof import('@aws-sdk/client-eks');
    const { ResourceGroupsTaggingAPIClient } = require('@aws-sdk/client-resource-groups-tagging-api') as typeof import('@aws-sdk/client-resource-groups-tagging-api');
    const { CostExplorerClient } = require('@aws-sdk/client-cost-explorer') as typeof import('@aws-sdk/client-cost-explorer');
    const { OrganizationsClient } = require('@aws-sdk/client-organizations') as typeof import('@aws-sdk/client-organizations');
    const { STSClient } = require('@aws-sdk/client-sts') as typeof import('@aws-sdk/client-sts');
    const { costExplorerRegion } = require('./budget-guard') as typeof import('./budget-guard');
    const { verifyLabs } = require('./verify-labs') as typeof import('./verify-labs');
    /* eslint-enable @typescript-eslint/no-require-imports */
    const eks = session.client(EKSClient);
    const labs = args.participant === undefined ? (config.roster?.participants.length ?? 1) : 1;
    progress(`verifying ${labs} lab${labs === 1 ? '' : 's'} in ${config.region} ...`);
    return verifyLabs(
      plan,
      // The token is signed with the credentials and hash the EKS client resolved: the SDK's default chain.
      {
        eks,
        tagging: session.client(ResourceGroupsTaggingAPIClient),
        costExplorer: session.clientIn(CostExplorerClient, costExplorerRegion(config.region)),
        organizations: session.clientIn(OrganizationsClient, costExplorerRegion(config.region)),
        sts: session.client(STSClient),
        signer: { credentials: eks.config.credentials, sha256: eks.config.sha256 },
        // A participant's own account: its EKS and Tagging clients, and tokens signed with the account role's credentials.
        forAccount: (account) => {
          const inAccount = session.forAccount(account);
          const accountEks = inAccount.client(EKSClient);
          return {
            eks: accountEks,
            tagging: inAccount.client(ResourceGroupsTaggingAPIClient),
            signer: { credentials: accountEks.config.credentials, sha256: accountEks.config.sha256 },
          };
        },
      },
      {
        now,
        ...(args.participant === undefined ? {} : { participantId: args.participant }),
        ...(clusterTimeoutMs === undefined ? {} : { clusterTimeoutMs }),
      },
    );
  },
  exitCode: (report) =>
    report.readyCount === report.labs.length && report.expired.length === 0 ? OperationExitCode.OK : OperationExitCode.FINDINGS,
  formatText(report) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { formatVerify } = require('./format-verify') as typeof import('./format-verify');
    return formatVerify(report);
  },
};
