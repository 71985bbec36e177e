import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { TerraformResource, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { assumeRoleLines, shellQuote, TerraformData } from '../private/terraform-data';

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
 * cluster so it has a retention and destroy removes it; and a guard that lets a lab be deployed again
 * after its destroy.
 *
 * EKS re-creates the log group while a cluster is being deleted (its service-linked role writes the
 * last log events after Terraform deleted the group), untagged and without retention, so the next
 * deploy of a lab with the same name fails with ResourceAlreadyExistsException. The guard, created
 * just before the log group, looks for such a group: when one exists and no EKS cluster of that name
 * does, it is a leftover nothing writes to, and the guard deletes it so Terraform can create its own.
 * When the cluster exists (the lab is running, for example a lab deployed before the guard existed),
 * it leaves everything as it is. `npm run leftovers` finds a re-created group by its name.
 *
 * Needs the AWS CLI where `cdktf deploy` runs (the kubernetes provider's `aws eks get-token` needs it
 * already).
 *
 * @see https://github.com/terraform-aws-modules/terraform-aws-eks/issues/2763
 * @see https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html
 */
export class ControlPlaneLogGroup extends Construct {
  /** The log group. */
  public readonly logGroup: CloudwatchLogGroup;
  /** The `terraform_data` whose create-time script removes a leftover group of the same name. */
  public readonly guard: TerraformResource;
  /** `/aws/eks/<cluster>/cluster`. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: ControlPlaneLogGroupProps) {
    super(scope, id);
    this.name = props.logGroupName;
    this.guard = new TerraformData(this, 'LeftoverGuard', {
      input: { region: props.region, logGroup: this.name, ...(props.assumeRoleArn === undefined ? {} : { assumeRoleArn: props.assumeRoleArn }) },
      provisioners: [
        { type: 'local-exec', interpreter: ['/bin/sh', '-c'], command: guardScript(props.region, props.clusterName, this.name, props.assumeRoleArn) },
      ],
    });
    this.logGroup = new CloudwatchLogGroup(this, 'LogGroup', {
      name: this.name,
      retentionInDays: props.retentionInDays,
      dependsOn: [this.guard],
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
 * POSIX shell: deletes `logGroup` when it exists and no EKS cluster `cluster` does; succeeds without a
 * change when the cluster exists or the group does not; fails when AWS cannot be asked.
 */
function guardScript(region: string, cluster: string, logGroup: string, assumeRoleArn: string | undefined): string {
  const r = `--region ${shellQuote(region)}`;
  // Cluster names are [a-z0-9-]: the name is safe inside the JMESPath string literal.
  const query = shellQuote(`logGroups[?logGroupName=='${logGroup}'].logGroupName`);
  return [
    'set -u',
    ...(assumeRoleArn === undefined ? [] : assumeRoleLines(assumeRoleArn, region, 'lab-log-group-guard')),
    `if status=$(aws eks describe-cluster ${r} --name ${shellQuote(cluster)} --query cluster.status --output text 2>&1); then`,
    `  echo "EKS cluster ${cluster} exists ($status): ${logGroup} is its log group; nothing to do"`,
    '  exit 0',
    'fi',
    'case "$status" in',
    '  *ResourceNotFoundException*) ;;',
    `  *) echo "aws eks describe-cluster failed, so a leftover ${logGroup} cannot be told apart: $status" >&2; exit 1 ;;`,
    'esac',
    `found=$(aws logs describe-log-groups ${r} --log-group-name-prefix ${shellQuote(logGroup)} --query ${query} --output text) || exit 1`,
    'if [ -z "$found" ] || [ "$found" = None ]; then',
    `  echo "no leftover ${logGroup}"`,
    '  exit 0',
    'fi',
    `echo "deleting ${logGroup}: left over from an earlier lab of this name (EKS re-creates it while it deletes a cluster); no cluster writes to it"`,
    `aws logs delete-log-group ${r} --log-group-name ${shellQuote(logGroup)}`,
  ].join('\n');
}
