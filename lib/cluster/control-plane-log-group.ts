import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { TerraformResource, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { assumeRoleLines, shellQuote, TerraformData } from '../private/terraform-data';
import { VOLUME_WAIT_DEFAULT_INTERVAL_SECONDS, VOLUME_WAIT_INTERVAL_ENV } from './volume-release-wait';

/** Props of {@link ControlPlaneLogGroup}. */
export interface ControlPlaneLogGroupProps {
  /** The EKS cluster that writes to it (a literal name: the guard's script may only use literals). */
  readonly clusterName: string;
  /** Region of the cluster. */
  readonly region: string;
  /** The log group's name: the one EKS writes to, `/aws/eks/<cluster>/cluster`. */
  readonly logGroupName: string;
  /** Retention, in days (a CloudWatch Logs retention value). */
  readonly retentionInDays: number;
  /**
   * A role to assume for the guard's `aws` calls: the deploy's role in a participant's own account.
   * @default - the credentials terraform runs with
   */
  readonly assumeRoleArn?: string;
}

/**
 * The log group EKS writes control-plane logs to, `/aws/eks/<cluster>/cluster`, created before the
 * cluster so it has a retention and destroy removes it; a guard that lets a lab be deployed again
 * after its destroy; and a destroy-time cleanup, so that a destroy leaves no log group behind.
 *
 * EKS re-creates the log group while a cluster is being deleted (its service-linked role writes the
 * last log events after Terraform deleted the group), untagged and without retention.
 *
 * - The cleanup, a `terraform_data` that the log group depends on (so Terraform destroys it after
 *   the group, which goes after the cluster), watches for the group for
 *   {@link LOG_GROUP_WATCH_DEFAULT_SECONDS} seconds once the cluster is gone ({@link LOG_GROUP_WATCH_ENV}
 *   changes that) and deletes it each time it appears; `npm run leftovers` then ends at exit 0.
 * - The guard, created just before the log group, handles a group re-created after the watch ended
 *   (or left by a destroy that ran before the cleanup existed): when one exists and no EKS cluster of
 *   that name does, it is a leftover nothing writes to, and the guard deletes it so Terraform can
 *   create its own instead of failing with ResourceAlreadyExistsException. When the cluster exists (the
 *   lab is running, for example a lab deployed before the guard existed), it leaves everything as it is.
 *   `npm run leftovers` finds a re-created group by its name.
 *
 * Needs the AWS CLI where `cdktf deploy` and `destroy` run (the kubernetes provider's `aws eks
 * get-token` needs it already).
 *
 * @see https://github.com/terraform-aws-modules/terraform-aws-eks/issues/2763
 * @see https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html
 * @see https://developer.hashicorp.com/terraform/language/resources/provisioners/syntax#destroy-time-provisioners
 */
export class ControlPlaneLogGroup extends Construct {
  /** The log group. */
  public readonly logGroup: CloudwatchLogGroup;
  /** The `terraform_data` whose create-time script removes a leftover group of the same name. */
  public readonly guard: TerraformResource;
  /** The `terraform_data` whose destroy-time script removes the group EKS re-creates, after the cluster and the group are gone. */
  public readonly cleanup: TerraformResource;
  /** `/aws/eks/<cluster>/cluster`. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: ControlPlaneLogGroupProps) {
    super(scope, id);
    this.name = props.logGroupName;
    // Destroy-time provisioners may only read their own resource: every value is literal here.
    const input = { region: props.region, logGroup: this.name, ...(props.assumeRoleArn === undefined ? {} : { assumeRoleArn: props.assumeRoleArn }) };
    this.guard = new TerraformData(this, 'LeftoverGuard', {
      input,
      provisioners: [
        { type: 'local-exec', interpreter: ['/bin/sh', '-c'], command: guardScript(props.region, props.clusterName, this.name, props.assumeRoleArn) },
      ],
    });
    this.cleanup = new TerraformData(this, 'LeftoverCleanup', {
      input,
      provisioners: [
        {
          type: 'local-exec',
          when: 'destroy',
          interpreter: ['/bin/sh', '-c'],
          command: cleanupScript(props.region, props.clusterName, this.name, props.assumeRoleArn),
        },
      ],
    });
    this.logGroup = new CloudwatchLogGroup(this, 'LogGroup', {
      name: this.name,
      retentionInDays: props.retentionInDays,
      // The cluster depends on the group, the group on the cleanup: destroy removes the cluster, then
      // the group, and only then runs the cleanup.
      dependsOn: [this.guard, this.cleanup],
    });
    // Before this construct the log group sat where the construct is now: it keeps that address, so a
    // running lab keeps its log group (Terraform would otherwise delete it and create a new one of the
    // same name, racing itself). Not a `moved` block: cdktf validates those by running `terraform
    // version` at every synth (cdktf/lib/synthesize/synthesizer.js), which needs terraform and costs a
    // process per stack.
    this.logGroup.overrideLogicalId(TerraformStack.of(this).getLogicalId(this.node));
  }
}

/**
 * Environment variable that sets for how many seconds, after the cluster is gone, destroy watches for
 * the log group EKS re-creates (a whole number from 0 to 900; 0 looks once). Read where `destroy` runs.
 */
export const LOG_GROUP_WATCH_ENV = 'LAB_LOG_GROUP_WATCH_SECONDS';

/**
 * Seconds destroy watches for the re-created log group when {@link LOG_GROUP_WATCH_ENV} is unset. EKS
 * writes the group while it finishes deleting the cluster; how late is not documented, so the watch
 * is generous. It polls as often as the volume wait ({@link VOLUME_WAIT_INTERVAL_ENV}, 15 s unset).
 */
export const LOG_GROUP_WATCH_DEFAULT_SECONDS = 180;

/** The log group `logGroup` if it exists (an exact match: a prefix query lists longer names too). */
function describeLogGroup(region: string, logGroup: string): string {
  // Cluster names are [a-z0-9-]: the name is safe inside the JMESPath string literal.
  const query = shellQuote(`logGroups[?logGroupName=='${logGroup}'].logGroupName`);
  return `aws logs describe-log-groups --region ${shellQuote(region)} --log-group-name-prefix ${shellQuote(logGroup)} --query ${query} --output text`;
}

/** Shell lines that exit 0 when the EKS cluster exists (it writes to the group: nothing to remove), 1 when AWS cannot say. */
function unlessClusterExists(region: string, cluster: string, logGroup: string, cannotTell: string): string[] {
  return [
    `if status=$(aws eks describe-cluster --region ${shellQuote(region)} --name ${shellQuote(cluster)} --query cluster.status --output text 2>&1); then`,
    `  echo "EKS cluster ${cluster} exists ($status): ${logGroup} is its log group; nothing to do"`,
    '  exit 0',
    'fi',
    'case "$status" in',
    '  *ResourceNotFoundException*) ;;',
    `  *) echo "aws eks describe-cluster failed, so ${cannotTell}: $status" >&2; exit 1 ;;`,
    'esac',
  ];
}

/** Consecutive failed `aws` calls the cleanup rides out before it gives up. */
const MAX_FAILED_CALLS = 5;

/**
 * POSIX shell, run at destroy after the cluster and the group are gone: watches for `logGroup` for
 * {@link LOG_GROUP_WATCH_ENV} seconds and deletes it each time EKS has re-created it. Changes nothing
 * when a cluster of that name exists; fails when AWS cannot be asked (5 failed calls in a row).
 */
function cleanupScript(region: string, cluster: string, logGroup: string, assumeRoleArn: string | undefined): string {
  const badInterval = `echo "${VOLUME_WAIT_INTERVAL_ENV} ($interval) must be a whole number of seconds from 1 to 60" >&2; exit 1`;
  const badWindow = `echo "${LOG_GROUP_WATCH_ENV} ($window) must be a whole number of seconds from 0 to 900" >&2; exit 1`;
  return [
    'set -u',
    ...(assumeRoleArn === undefined ? [] : assumeRoleLines(assumeRoleArn, region, 'lab-log-group-cleanup')),
    // printenv, not ${VAR:-15}: Terraform would read `${` in the command as its own interpolation.
    `interval=$(printenv ${VOLUME_WAIT_INTERVAL_ENV}) || interval=${VOLUME_WAIT_DEFAULT_INTERVAL_SECONDS}`,
    'case "$interval" in',
    `  ''|*[!0-9]*|0*) ${badInterval} ;;`,
    'esac',
    `if [ "$interval" -gt 60 ]; then ${badInterval}; fi`,
    `window=$(printenv ${LOG_GROUP_WATCH_ENV}) || window=${LOG_GROUP_WATCH_DEFAULT_SECONDS}`,
    'case "$window" in',
    `  ''|*[!0-9]*) ${badWindow} ;;`,
    'esac',
    `if [ "$window" -gt 900 ]; then ${badWindow}; fi`,
    ...unlessClusterExists(region, cluster, logGroup, `whether ${logGroup} is a leftover cannot be told; npm run leftovers lists it if it is`),
    `echo "watching for ${logGroup} for $window s: EKS re-creates it while it deletes the cluster"`,
    'deadline=$(( $(date +%s) + window ))',
    'failed=0',
    'removed=0',
    'while :; do',
    `  if found=$(${describeLogGroup(region, logGroup)}); then`,
    '    failed=0',
    '    if [ -n "$found" ] && [ "$found" != None ]; then',
    `      echo "deleting ${logGroup}: EKS re-created it after the cluster was deleted (untagged, never expires)"`,
    `      if out=$(aws logs delete-log-group --region ${shellQuote(region)} --log-group-name ${shellQuote(logGroup)} 2>&1); then`,
    '        removed=$((removed + 1))',
    '      else',
    '        case "$out" in',
    '          *ResourceNotFoundException*) ;;',
    '          *) echo "aws logs delete-log-group failed: $out" >&2; failed=$((failed + 1)) ;;',
    '        esac',
    '      fi',
    '    fi',
    '  else',
    '    failed=$((failed + 1))',
    '  fi',
    `  if [ "$failed" -ge ${MAX_FAILED_CALLS} ]; then echo "aws logs failed ${MAX_FAILED_CALLS} times in a row; ${logGroup} may be left: npm run leftovers lists it, the next deploy removes it" >&2; exit 1; fi`,
    '  if [ "$(date +%s)" -ge "$deadline" ]; then break; fi',
    '  sleep "$interval"',
    'done',
    `echo "${logGroup}: watched $window s after the cluster was deleted, removed it $removed times"`,
  ].join('\n');
}

/**
 * POSIX shell: deletes `logGroup` when it exists and no EKS cluster `cluster` does; succeeds without a
 * change when the cluster exists or the group does not; fails when AWS cannot be asked.
 */
function guardScript(region: string, cluster: string, logGroup: string, assumeRoleArn: string | undefined): string {
  return [
    'set -u',
    ...(assumeRoleArn === undefined ? [] : assumeRoleLines(assumeRoleArn, region, 'lab-log-group-guard')),
    ...unlessClusterExists(region, cluster, logGroup, `a leftover ${logGroup} cannot be told apart`),
    `found=$(${describeLogGroup(region, logGroup)}) || exit 1`,
    'if [ -z "$found" ] || [ "$found" = None ]; then',
    `  echo "no leftover ${logGroup}"`,
    '  exit 0',
    'fi',
    `echo "deleting ${logGroup}: left over from an earlier lab of this name (EKS re-creates it while it deletes a cluster); no cluster writes to it"`,
    `aws logs delete-log-group --region ${shellQuote(region)} --log-group-name ${shellQuote(logGroup)}`,
  ].join('\n');
}
