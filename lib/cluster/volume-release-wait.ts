import { ITerraformDependable, TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { assumeRoleLines, shellQuote, TerraformData } from '../private/terraform-data';
import { EBS_CSI_VOLUME_TAG } from '../plan/lab-names';

/** Props of {@link VolumeReleaseWait}. */
export interface VolumeReleaseWaitProps {
  /** Region of the cluster. */
  readonly region: string;
  /**
   * Tags every volume the EBS CSI driver creates for this cluster carries (its `extraVolumeTags`);
   * values non-empty and without commas.
   */
  readonly volumeTags: Readonly<Record<string, string>>;
  /**
   * What deletes the volumes and must outlive the wait: the EBS CSI add-on and its role, the nodes,
   * and whatever gives the nodes their way to the EC2 API (NAT, routes).
   */
  readonly keepUntilReleased: readonly ITerraformDependable[];
  /** How long destroy waits before it fails, in seconds. @default 900 */
  readonly timeoutSeconds?: number;
  /**
   * A role to assume for the `aws` calls: the deploy's role in a participant's own account.
   * @default - the credentials terraform runs with
   */
  readonly assumeRoleArn?: string;
}

/**
 * Makes `destroy` wait, while the EBS CSI driver and the nodes still run, until every EBS volume the
 * driver created for the cluster is gone.
 *
 * When the workloads stack is destroyed, deleting a StatefulSet (PVC retention `whenDeleted: Delete`)
 * makes Kubernetes delete its volume claims, and the driver then deletes the volumes asynchronously.
 * This `terraform_data` resource depends on everything that deletion needs, so Terraform destroys it
 * first; its destroy-time `local-exec` polls `aws ec2 describe-volumes` by the lab's tags and the
 * driver's own volume tag until none is left. If volumes remain after the timeout (for example claims a learner created by hand), destroy
 * stops here with the volume IDs, the cluster still running, instead of leaving them billing.
 *
 * Needs the AWS CLI v2 and a POSIX shell where `cdktf destroy` runs (the kubernetes provider's
 * `aws eks get-token` needs the CLI already). It polls every 15 seconds, or as often as
 * {@link VOLUME_WAIT_INTERVAL_ENV} says.
 *
 * @see https://developer.hashicorp.com/terraform/language/resources/provisioners/syntax#destroy-time-provisioners
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#persistentvolumeclaim-retention
 */
export class VolumeReleaseWait extends Construct {
  /** The `terraform_data` resource carrying the destroy-time wait. */
  public readonly resource: TerraformResource;
  /** Resolved timeout, in seconds. */
  public readonly timeoutSeconds: number;

  constructor(scope: Construct, id: string, props: VolumeReleaseWaitProps) {
    super(scope, id);
    this.timeoutSeconds = props.timeoutSeconds ?? 900;
    if (!Number.isInteger(this.timeoutSeconds) || this.timeoutSeconds < 60) {
      throw new Error(`VolumeReleaseWait: timeoutSeconds (${props.timeoutSeconds}) must be a whole number >= 60`);
    }
    if (Object.keys(props.volumeTags).length === 0) {
      throw new Error('VolumeReleaseWait: volumeTags ({}) must name at least one tag, or the wait would match every volume');
    }
    Object.entries(props.volumeTags).forEach(([key, value]) => {
      // The tags become `Name=tag:<key>,Values=<value>` filters, where a comma separates values.
      if (value.includes(',') || value === '') {
        throw new Error(`VolumeReleaseWait: volumeTags.${key} (${JSON.stringify(value)}) must be non-empty and contain no comma`);
      }
    });
    this.resource = new TerraformData(this, 'Wait', {
      // Destroy-time provisioners may only read their own resource: every value is literal here.
      input: { region: props.region, volumeTags: props.volumeTags, ...(props.assumeRoleArn === undefined ? {} : { assumeRoleArn: props.assumeRoleArn }) },
      dependsOn: [...props.keepUntilReleased],
      provisioners: [
        {
          type: 'local-exec',
          when: 'destroy',
          interpreter: ['/bin/sh', '-c'],
          command: waitScript(props.region, props.volumeTags, this.timeoutSeconds, props.assumeRoleArn),
        },
      ],
    });
  }
}


/** Consecutive failed `aws` calls (throttling, a network error) the wait rides out before it gives up. */
const MAX_FAILED_CALLS = 5;

/**
 * What the AWS CLI says when the credentials destroy runs with have expired or are gone: STS's and
 * the services' error codes for an expired session, the SSO token's refresh failure, and no credentials
 * at all. Retrying cannot help: the wait stops at once and says so.
 * @see https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html (ExpiredTokenException, InvalidClientTokenId)
 */
export const EXPIRED_CREDENTIAL_PATTERNS: readonly string[] = [
  'ExpiredToken',
  'RequestExpired',
  'security token included in the request is expired',
  'Token has expired',
  'SSO session',
  'Unable to locate credentials',
  'InvalidClientTokenId',
  'AuthFailure',
];

/** What the wait says when the credentials expired mid-destroy (the CLI's own words follow it). */
export const EXPIRED_CREDENTIALS_MESSAGE =
  'destroy stopped: the AWS credentials it runs with have expired (or are gone), so the wait for the EBS volumes cannot ask EC2. ' +
  'Nothing is lost: refresh the credentials (aws sso login for an SSO profile; new keys if you exported AWS_ACCESS_KEY_ID and AWS_SESSION_TOKEN) ' +
  'and run the same destroy again; it resumes where it stopped (docs/teardown-and-safety.md#long-runs-and-credentials).';

/**
 * Environment variable that sets the seconds between two polls of the wait (and of the log group
 * cleanup, lib/cluster/control-plane-log-group.ts), read where `destroy` runs (a whole number from 1
 * to 60). Unset, they poll every {@link VOLUME_WAIT_DEFAULT_INTERVAL_SECONDS} seconds; tests against
 * an emulator set 1 so a round trip does not sit out 15 s per poll.
 */
export const VOLUME_WAIT_INTERVAL_ENV = 'LAB_VOLUME_WAIT_INTERVAL_SECONDS';

/** Seconds between two polls when {@link VOLUME_WAIT_INTERVAL_ENV} is unset. */
export const VOLUME_WAIT_DEFAULT_INTERVAL_SECONDS = 15;

/**
 * POSIX shell that polls until no volume created by the EBS CSI driver carries `tags`, or fails after
 * `timeout` seconds (or after {@link MAX_FAILED_CALLS} failed calls in a row).
 */
function waitScript(region: string, tags: Readonly<Record<string, string>>, timeout: number, assumeRoleArn: string | undefined): string {
  // The driver's own tag as well as the lab's: the nodes' root volumes carry the lab's tags too (from
  // the launch template) and exist until after the wait, so the lab's tags alone would never match nothing.
  const filters = [...Object.entries(tags), [EBS_CSI_VOLUME_TAG.key, EBS_CSI_VOLUME_TAG.value]]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => shellQuote(`Name=tag:${key},Values=${value}`))
    .join(' ');
  const describe = `aws ec2 describe-volumes --region ${shellQuote(region)} --filters ${filters} --query 'Volumes[].VolumeId' --output text`;
  const badInterval = `echo "${VOLUME_WAIT_INTERVAL_ENV} ($interval) must be a whole number of seconds from 1 to 60" >&2; exit 1`;
  return [
    'set -u',
    ...(assumeRoleArn === undefined ? [] : assumeRoleLines(assumeRoleArn, region, 'lab-volume-wait')),
    // printenv, not ${VAR:-15}: Terraform would read `${` in the command as its own interpolation.
    `interval=$(printenv ${VOLUME_WAIT_INTERVAL_ENV}) || interval=${VOLUME_WAIT_DEFAULT_INTERVAL_SECONDS}`,
    // A value sleep rejects would turn the wait into a loop hammering the EC2 API.
    'case "$interval" in',
    `  ''|*[!0-9]*|0*) ${badInterval} ;;`,
    'esac',
    `if [ "$interval" -gt 60 ]; then ${badInterval}; fi`,
    `deadline=$(( $(date +%s) + ${timeout} ))`,
    'failed=0',
    // The CLI's error goes to a file, so the wait can say why a call failed.
    'err=$(mktemp) || exit 1',
    'trap \'rm -f "$err"\' EXIT',
    'while :; do',
    `  if left=$(${describe} 2>"$err"); then`,
    '    failed=0',
    '    if [ -z "$left" ] || [ "$left" = None ]; then echo "EBS volumes of this lab: none left"; exit 0; fi',
    '    echo "waiting for the EBS CSI driver to delete: $left"',
    '  else',
    '    failed=$((failed + 1))',
    '    reason=$(tr \'\\n\' \' \' < "$err")',
    '    case "$reason" in',
    `      ${EXPIRED_CREDENTIAL_PATTERNS.map((p) => `*${shellQuote(p)}*`).join('|')})`,
    `        echo "${EXPIRED_CREDENTIALS_MESSAGE} AWS said: $reason" >&2`,
    '        exit 1 ;;',
    '    esac',
    '    echo "aws ec2 describe-volumes failed ($failed in a row): $reason" >&2',
    `    if [ "$failed" -ge ${MAX_FAILED_CALLS} ]; then echo "aws ec2 describe-volumes failed ${MAX_FAILED_CALLS} times in a row (last: $reason); run destroy again once AWS answers (npm run leftovers lists what is left)" >&2; exit 1; fi`,
    '  fi',
    '  if [ "$(date +%s)" -ge "$deadline" ]; then',
    `    echo "EBS volumes still exist after ${timeout}s: $left. Delete the remaining PersistentVolumeClaims (kubectl get pvc -A) or the volumes, then run destroy again; npm run leftovers lists them." >&2`,
    '    exit 1',
    '  fi',
    '  sleep "$interval"',
    'done',
  ].join('\n');
}
