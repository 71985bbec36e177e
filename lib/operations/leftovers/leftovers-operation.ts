import { ClassMode } from '../../plan/lab-plan';
import type { Operation } from '../run-operation';
import { OperationExitCode } from '../run-operation';
import type { LeftoverReport } from './leftover-report';

/** Usage text of `npm run leftovers`. */
export const LEFTOVERS_USAGE = `Usage: npm run leftovers -- [--participant <id>] [--json]

Lists every AWS resource still tagged for the lab (per participant, and what a class shares) after
\`cdktf destroy\`, with how to remove each. Reads the configuration like \`cdktf synth\` does (lab.yaml or
the file LAB_CONFIG names, cdktf.json context "lab", LAB_* variables) and uses the usual AWS credentials.

  --participant <id>  check one participant of the roster only
  --json              print the report as JSON
  --help              print this help

Exit codes: 0 nothing left, 1 something left, 2 cannot check (configuration or AWS error).
`;

/**
 * `npm run leftovers`: what is still tagged for the lab after `cdktf destroy` (see findLeftovers).
 * The finder and its SDK clients are loaded only when it runs: a usage or configuration error does
 * not wait for the SDK, most of the command's start-up time.
 */
export const leftoversOperation: Operation<LeftoverReport> = {
  name: 'leftovers',
  usage: LEFTOVERS_USAGE,
  cannotAsk: 'Cannot check for leftovers',
  permissions() {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { LEFTOVERS_PERMISSIONS } = require('./find-leftovers') as typeof import('./find-leftovers');
    return LEFTOVERS_PERMISSIONS;
  },
  async run({ plan, session, args }) {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { EC2Client } = require('@aws-sdk/client-ec2') as typeof import('@aws-sdk/client-ec2');
    const { ResourceGroupsTaggingAPIClient } = require('@aws-sdk/client-resource-groups-tagging-api') as typeof import('@aws-sdk/client-resource-groups-tagging-api');
    const { KMSClient } = require('@aws-sdk/client-kms') as typeof import('@aws-sdk/client-kms');
    const { CloudWatchLogsClient } = require('@aws-sdk/client-cloudwatch-logs') as typeof import('@aws-sdk/client-cloudwatch-logs');
    const { findLeftovers } = require('./find-leftovers') as typeof import('./find-leftovers');
    const { findLeftoversInAccounts } = require('./account-leftovers') as typeof import('./account-leftovers');
    /* eslint-enable @typescript-eslint/no-require-imports */
    const clientsOf = (s: typeof session) => ({
      ec2: s.client(EC2Client),
      tagging: s.client(ResourceGroupsTaggingAPIClient),
      kms: s.client(KMSClient),
      logs: s.client(CloudWatchLogsClient),
    });
    const options = args.participant === undefined ? {} : { participantId: args.participant };
    // A class of accounts per participant: each lab looked for in its own account.
    if (plan.mode === ClassMode.ACCOUNT_PER_PARTICIPANT) return findLeftoversInAccounts(plan, (account) => clientsOf(session.forAccount(account)), options);
    return findLeftovers(plan, clientsOf(session), options);
  },
  // An account that could not be asked proves nothing: not OK.
  exitCode: (report) => (report.total === 0 && (report.accountsNotChecked ?? []).length === 0 ? OperationExitCode.OK : OperationExitCode.FINDINGS),
  formatText(report) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { formatLeftovers } = require('./format-leftovers') as typeof import('./format-leftovers');
    return formatLeftovers(report);
  },
};
