import { LocalBackend, S3Backend, TerraformStack } from 'cdktf';
import { StateBackend, StateConfig } from '../config/lab-config';

/**
 * Gives `stack` its own state, so one lab's failure blocks nobody else's: a local file
 * `terraform.<stack>.tfstate` in the project folder, or the object `<keyPrefix>/<stack>.tfstate` in an
 * S3 bucket, encrypted, with S3 native locking (a `.tflock` object next to the state; Terraform >=
 * 1.10). cdktf 0.21's S3Backend has no `useLockfile` property, so it is set by override.
 *
 * @see https://developer.hashicorp.com/terraform/language/backend/s3#state-locking
 */
export function configureStateBackend(stack: TerraformStack, state: StateConfig): void {
  const id = stack.node.id;
  if (state.backend === StateBackend.LOCAL) {
    // Relative to the stack's directory (cdktf.out/stacks/<id>): state lands in the project root under
    // a stable name, and the synthesized JSON carries no machine-specific path.
    new LocalBackend(stack, { path: `../../../terraform.${id}.tfstate` });
    return;
  }
  new S3Backend(stack, {
    bucket: state.bucket,
    key: `${state.keyPrefix}/${id}.tfstate`,
    region: state.region,
    encrypt: true,
    ...(state.kmsKeyId === undefined ? {} : { kmsKeyId: state.kmsKeyId }),
  });
  stack.addOverride('terraform.backend.s3.use_lockfile', true);
}
