/** AWS permissions the leftovers check needs. */
export const LEFTOVERS_PERMISSIONS = ['tag:GetResources', 'ec2:DescribeVolumes', 'ec2:DescribeNetworkInterfaces'] as const;

/** Error names AWS and the SDK use when the identity may not call an operation. */
const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'UnauthorizedAccess']);
/** Error names of expired or rejected credentials. */
const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'InvalidClientTokenId', 'AuthFailure']);

/**
 * Thrown when an AWS call of the leftovers check fails: nothing can be said about what is left.
 * The message names the operation, the AWS error and, for the usual causes, the fix.
 */
export class LeftoversQueryError extends Error {
  /** The AWS operation that failed, e.g. `ec2:DescribeVolumes`. */
  public readonly operation: string;
  /** The error's name as AWS or the SDK reports it, e.g. `CredentialsProviderError`. */
  public readonly awsErrorName: string;

  constructor(operation: string, cause: unknown) {
    const { name, message } = errorParts(cause);
    const fix = fixFor(name, message);
    super(`${operation} failed: ${name}: ${message}${fix === undefined ? '' : `\n${fix}`}`, { cause });
    this.name = 'LeftoversQueryError';
    this.operation = operation;
    this.awsErrorName = name;
  }
}

function fixFor(name: string, message: string): string | undefined {
  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(message)) {
    return 'No AWS credentials were found: set AWS_PROFILE (after `aws sso login` if it is an SSO profile) or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.';
  }
  if (ACCESS_DENIED.has(name)) {
    return `The identity may not call it: the leftovers check needs ${LEFTOVERS_PERMISSIONS.join(', ')}.`;
  }
  if (EXPIRED.has(name)) {
    return 'The credentials are expired or invalid: refresh them (e.g. `aws sso login`) and run again.';
  }
  return undefined;
}

/**
 * Name and message of anything thrown. Duck-typed: errors from another realm (a test runner's VM
 * context, a worker) are not `instanceof Error` here.
 */
export function errorParts(error: unknown): { readonly name: string; readonly message: string } {
  if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string') {
    const name = 'name' in error && typeof error.name === 'string' ? error.name : 'Error';
    return { name, message: error.message };
  }
  return { name: 'Error', message: String(error) };
}
