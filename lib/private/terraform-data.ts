import { TerraformMetaArguments, TerraformResource } from 'cdktf';
import { Construct } from 'constructs';

/**
 * Terraform's built-in `terraform_data` resource (Terraform >= 1.4). cdktf's own `DataResource` adds
 * a validation that runs `terraform version` in a child process for every instance at synth: 75 ms
 * each, 2.3 s of a 30-participant class. The README requires Terraform >= 1.10 anyway.
 */
export class TerraformData extends TerraformResource {
  private readonly input: Record<string, unknown>;

  constructor(scope: Construct, id: string, config: TerraformMetaArguments & { readonly input: Record<string, unknown> }) {
    const { input, ...meta } = config;
    super(scope, id, { ...meta, terraformResourceType: 'terraform_data', terraformGeneratorMetadata: { providerName: 'terraform' } });
    this.input = input;
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return { input: this.input };
  }
}

/**
 * POSIX shell lines after which every `aws` call acts as `roleArn` (the role the deploy assumes in a
 * participant's own account): the provisioners of `terraform_data` run the AWS CLI with the
 * credentials of whoever runs Terraform, not with the provider's assumed role. No `$` followed by `{`:
 * Terraform would read it as its own interpolation.
 */
export function assumeRoleLines(roleArn: string, region: string, sessionName: string): string[] {
  const assume =
    `aws sts assume-role --region ${shellQuote(region)} --role-arn ${shellQuote(roleArn)} --role-session-name ${shellQuote(sessionName)} ` +
    `--query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' --output text`;
  return [
    `if ! creds=$(${assume}); then echo "cannot assume ${roleArn}: the identity running terraform must be allowed sts:AssumeRole on it" >&2; exit 1; fi`,
    'set -- $creds',
    'export AWS_ACCESS_KEY_ID="$1" AWS_SECRET_ACCESS_KEY="$2" AWS_SESSION_TOKEN="$3"',
    'unset AWS_PROFILE',
  ];
}

/** `text` as one POSIX shell word. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
