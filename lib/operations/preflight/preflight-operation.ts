import type { Operation } from '../run-operation';
import { OperationExitCode } from '../run-operation';
import type { PreflightReport } from './preflight-report';

/** Usage text of `npm run preflight`. */
export const PREFLIGHT_USAGE = `Usage: npm run preflight -- [--participant <id>] [--json]

Checks, before a deploy, what the AWS account must allow for the lab or class: the EC2 vCPU, VPC,
Elastic IP, NAT gateway and EKS cluster quotas against what already runs, that every configured IAM
principal exists, that the deploying identity gets cluster access, that none of the names the stacks
create exists outside their state, the state bucket, and the participants' IAM policy. Reads the
configuration like \`cdktf synth\` does (lab.yaml or the file LAB_CONFIG names, cdktf.json context
"lab", LAB_* variables) and uses the credentials the deploy would use.

  --participant <id>  check one participant's lab only (and the network it needs)
  --json              print the report as JSON
  --help              print this help

Exit codes: 0 every check ran and passed (nothing would fail), 1 something would make the deploy
fail (a FAIL row), 2 cannot check (configuration error, no or expired credentials, AWS unreachable)
or a check could not run (a NOT CHECKED row).
`;

/**
 * `npm run preflight`: what the account must allow before a deploy (see runPreflight and
 * PREFLIGHT_CHECKS). The checks and their SDK clients are loaded only when it runs: a usage or
 * configuration error does not wait for the SDK.
 */
export const preflightOperation: Operation<PreflightReport> = {
  name: 'preflight',
  usage: PREFLIGHT_USAGE,
  cannotAsk: 'Cannot run the preflight',
  // Its checks' (each names its own in its WARN row when one is denied): see PREFLIGHT_PERMISSIONS.
  permissions() {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { PREFLIGHT_PERMISSIONS } = require('./run-preflight') as typeof import('./run-preflight');
    return PREFLIGHT_PERMISSIONS;
  },
  async run({ config, plan, session, args, projectDir, progress, now }) {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { CloudWatchLogsClient } = require('@aws-sdk/client-cloudwatch-logs') as typeof import('@aws-sdk/client-cloudwatch-logs');
    const { EC2Client } = require('@aws-sdk/client-ec2') as typeof import('@aws-sdk/client-ec2');
    const { EKSClient } = require('@aws-sdk/client-eks') as typeof import('@aws-sdk/client-eks');
    const { IAMClient } = require('@aws-sdk/client-iam') as typeof import('@aws-sdk/client-iam');
    const { KMSClient } = require('@aws-sdk/client-kms') as typeof import('@aws-sdk/client-kms');
    const { S3Client } = require('@aws-sdk/client-s3') as typeof import('@aws-sdk/client-s3');
    const { ServiceQuotasClient } = require('@aws-sdk/client-service-quotas') as typeof import('@aws-sdk/client-service-quotas');
    const { STSClient } = require('@aws-sdk/client-sts') as typeof import('@aws-sdk/client-sts');
    const { runPreflight } = require('./run-preflight') as typeof import('./run-preflight');
    /* eslint-enable @typescript-eslint/no-require-imports */
    progress(`Checking the account in ${config.region} for lab ${config.labName}...`);
    const clientsOf = (s: typeof session) => ({
      sts: s.client(STSClient),
      ec2: s.client(EC2Client),
      serviceQuotas: s.client(ServiceQuotasClient),
      eks: s.client(EKSClient),
      iam: s.client(IAMClient),
      logs: s.client(CloudWatchLogsClient),
      kms: s.client(KMSClient),
      s3: (region: string) => s.clientIn(S3Client, region),
    });
    return runPreflight({
      plan,
      projectDir,
      now,
      ...(args.participant === undefined ? {} : { participantId: args.participant }),
      clients: clientsOf(session),
      // A class of accounts per participant: each participant's checks through its account role.
      clientsFor: (account) => clientsOf(session.forAccount(account)),
    });
  },
  // 0 only when every check ran and passed: a check that could not run proves nothing (exit 2, cannot check).
  exitCode: (report) =>
    report.counts.fail > 0 ? OperationExitCode.FINDINGS : report.counts.notChecked > 0 ? OperationExitCode.CANNOT_ASK : OperationExitCode.OK,
  formatText(report) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { formatPreflight } = require('./format-preflight') as typeof import('./format-preflight');
    return formatPreflight(report);
  },
};
