import { GetBucketVersioningCommand, HeadBucketCommand } from '@aws-sdk/client-s3';
import { StateBackend } from '../../../config/lab-config';
import { StackKind } from '../../../plan/stack-plan';
import { AwsCallError, awsCall, AwsFailureKind } from '../../aws-call-error';
import { PreflightCheck, PreflightContext, PreflightResult, PreflightRow, PreflightScope, plural } from '../preflight-check';
import { StateStatus } from '../terraform-state';

const CHECK = 'Terraform state';

/**
 * Where the stacks' state is, and how much of it exists. For the S3 backend, that the bucket exists
 * and this identity may use it (HeadBucket: 404 it does not exist, 403 it may not list it, which
 * Terraform's S3 backend needs; 301 it is in another region than `state.region`), and that versioning
 * is on (GetBucketVersioning), without which an overwritten or corrupted state cannot be recovered.
 *
 * @see https://developer.hashicorp.com/terraform/language/backend/s3#permissions-required
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadBucket.html
 */
export const stateCheck: PreflightCheck = {
  name: CHECK,
  // The state stays in the deploying account, whatever account the labs are in.
  scope: PreflightScope.DEPLOYING_ACCOUNT,
  permissions: ['s3:ListBucket', 's3:GetBucketVersioning', 's3:GetObject'],
  async run(context) {
    const rows: PreflightRow[] = [];
    const { state } = context.config;
    if (state.backend === StateBackend.S3) {
      const bucketRows = await bucketChecks(context, state.bucket, state.region);
      rows.push(...bucketRows);
      // Reading the objects of a bucket that fails gives nothing new.
      if (bucketRows.some((r) => r.result === PreflightResult.FAIL)) return rows;
    }
    rows.push(await stateFilesRow(context));
    return rows;
  },
};

async function bucketChecks(context: PreflightContext, bucket: string, region: string): Promise<PreflightRow[]> {
  const s3 = context.clients.s3(region);
  const check = `State bucket ${bucket}`;
  try {
    await awsCall('s3:HeadBucket', () => s3.send(new HeadBucketCommand({ Bucket: bucket })));
  } catch (error) {
    if (!(error instanceof AwsCallError)) throw error;
    const status = httpStatus(error);
    if (status === 404 || error.awsErrorName === 'NotFound' || error.awsErrorName === 'NoSuchBucket') {
      return [
        {
          check,
          result: PreflightResult.FAIL,
          figure: `does not exist (in ${region})`,
          fix: `create it, with versioning: aws s3api create-bucket --bucket ${bucket} --region ${region}${region === 'us-east-1' ? '' : ` --create-bucket-configuration LocationConstraint=${region}`} && aws s3api put-bucket-versioning --bucket ${bucket} --versioning-configuration Status=Enabled`,
        },
      ];
    }
    if (status === 301 || error.awsErrorName === 'PermanentRedirect') {
      const actual = bucketRegionHeader(error);
      return [
        {
          check,
          result: PreflightResult.FAIL,
          figure: `is not in ${region}${actual === undefined ? '' : ` but in ${actual}`}`,
          fix: `set state.region to ${actual ?? "the bucket's region (aws s3api get-bucket-location --bucket " + bucket + ')'}`,
        },
      ];
    }
    if (status === 403 || error.kind === AwsFailureKind.ACCESS_DENIED) {
      return [
        {
          check,
          result: PreflightResult.FAIL,
          figure: 'exists but this identity may not list it (403): Terraform could not read or lock the state',
          fix: `allow s3:ListBucket on arn:aws:s3:::${bucket} and s3:GetObject, s3:PutObject, s3:DeleteObject on its objects to the deploying identity (or it is another account's bucket: choose another name)`,
        },
      ];
    }
    throw error;
  }
  const rows: PreflightRow[] = [{ check, result: PreflightResult.PASS, figure: `exists in ${region} and may be listed` }];
  try {
    const versioning = await awsCall('s3:GetBucketVersioning', () => s3.send(new GetBucketVersioningCommand({ Bucket: bucket })));
    rows.push(
      versioning.Status === 'Enabled'
        ? { check: `State bucket versioning`, result: PreflightResult.PASS, figure: 'on' }
        : {
            check: `State bucket versioning`,
            result: PreflightResult.WARN,
            figure: versioning.Status === 'Suspended' ? 'suspended' : 'never enabled',
            fix: `turn it on, so an overwritten state can be recovered: aws s3api put-bucket-versioning --bucket ${bucket} --versioning-configuration Status=Enabled`,
          },
    );
  } catch (error) {
    if (!(error instanceof AwsCallError) || error.kind !== AwsFailureKind.ACCESS_DENIED) throw error;
    rows.push({
      check: 'State bucket versioning',
      // A denied call: the check did not run.
      result: PreflightResult.NOT_CHECKED,
      figure: 'not checked: s3:GetBucketVersioning was denied',
      fix: `check it: aws s3api get-bucket-versioning --bucket ${bucket}`,
    });
  }
  return rows;
}

/** How many of the checked stacks already have state: the labs a deploy would update rather than create. */
async function stateFilesRow(context: PreflightContext): Promise<PreflightRow> {
  const { plan, environments, state } = context;
  const stacks = [
    ...plan.stacks.filter((s) => s.kind === StackKind.NETWORK).map((s) => s.name),
    ...environments.flatMap((e) => [e.clusterStackName, e.workloadsStackName]),
  ];
  const states = await Promise.all(stacks.map((s) => state.read(s)));
  const found = states.filter((s) => s.status === StateStatus.FOUND && s.resourceCount > 0);
  const unreadable = states.filter((s) => s.status === StateStatus.UNREADABLE);
  const figure = `${state.description}: ${found.length} of ${plural(stacks.length, 'stack')} hold resources${found.length > 0 ? ' (they will be updated, not created)' : ''}`;
  if (unreadable.length > 0) {
    return {
      check: CHECK,
      result: PreflightResult.WARN,
      figure: `${figure}; ${unreadable.length} could not be read: ${unreadable[0].location} (${unreadable[0].reason})`,
      fix: 'allow reading the state (local: file permissions; S3: s3:GetObject and s3:ListBucket), or the existing-name checks cannot tell a redeploy from a collision',
    };
  }
  return { check: CHECK, result: PreflightResult.PASS, figure };
}

function httpStatus(error: AwsCallError): number | undefined {
  const cause = error.cause as { $metadata?: { httpStatusCode?: number } } | undefined;
  return cause?.$metadata?.httpStatusCode;
}

function bucketRegionHeader(error: AwsCallError): string | undefined {
  const cause = error.cause as { $response?: { headers?: Record<string, string> } } | undefined;
  return cause?.$response?.headers?.['x-amz-bucket-region'];
}
