/**
 * The third-party actions the generated workflows use, each pinned by the full commit SHA of a
 * release tag (a tag can be moved, a commit cannot), with the version in a comment after it.
 *
 * Each SHA was read from the action's own repository: the commit the release tag points to
 * (`git rev-parse <tag>^{commit}` in a clone of github.com/<action>), on 2026-12-07. To move to a newer
 * release, read its tag's commit the same way and change it here only.
 */
export interface ActionPin {
  /** `owner/repo`. */
  readonly action: string;
  /** The release. */
  readonly version: string;
  /** The commit its tag points to. */
  readonly sha: string;
}

/** actions/checkout v7.0.1 (tag v7.0.1, commit of 2026-07-17). */
export const CHECKOUT: ActionPin = { action: 'actions/checkout', version: 'v7.0.1', sha: '3d3c42e5aac5ba805825da76410c181273ba90b1' };

/** actions/setup-node v7.0.0 (tag v7.0.0, 2026-07-13). */
export const SETUP_NODE: ActionPin = { action: 'actions/setup-node', version: 'v7.0.0', sha: '820762786026740c76f36085b0efc47a31fe5020' };

/** hashicorp/setup-terraform v4.0.1 (tag v4.0.1, 2026-05-12). */
export const SETUP_TERRAFORM: ActionPin = { action: 'hashicorp/setup-terraform', version: 'v4.0.1', sha: 'dfe3c3f87815947d99a8997f908cb6525fc44e9e' };

/** aws-actions/configure-aws-credentials v6.2.3 (tag v6.2.3, 2026-07-22). */
export const CONFIGURE_AWS_CREDENTIALS: ActionPin = {
  action: 'aws-actions/configure-aws-credentials',
  version: 'v6.2.3',
  sha: 'e6de054238d6b7531b4efff3b6587d9aade6a06c',
};

/** actions/upload-artifact v7.0.0 (tag v7.0.0, 2026-02-25): the logs of a failed job. */
export const UPLOAD_ARTIFACT: ActionPin = { action: 'actions/upload-artifact', version: 'v7.0.0', sha: 'bbbca2ddaa5d8feaa63e36b76fdaad77386f024f' };

/** Every pin. */
export const ACTION_PINS: readonly ActionPin[] = [CHECKOUT, SETUP_NODE, SETUP_TERRAFORM, CONFIGURE_AWS_CREDENTIALS, UPLOAD_ARTIFACT];

/** `owner/repo@sha`, as a step's `uses:`. */
export function usesOf(pin: ActionPin): string {
  return `${pin.action}@${pin.sha}`;
}
