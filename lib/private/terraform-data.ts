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

/** `text` as one POSIX shell word. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
