/** Why an AWS call failed, as far as the fix is concerned. */
export enum AwsFailureKind {
  /** No credentials anywhere in the SDK's chain. */
  NO_CREDENTIALS = 'no-credentials',
  /** Credentials expired, or rejected as invalid. */
  EXPIRED_CREDENTIALS = 'expired-credentials',
  /** The identity may not call the operation. */
  ACCESS_DENIED = 'access-denied',
  /** AWS kept throttling after the SDK's retries. */
  THROTTLED = 'throttled',
  /** The endpoint could not be reached (network, DNS, a wrong AWS_ENDPOINT_URL). */
  UNREACHABLE = 'unreachable',
  /**
   * The endpoint answered, but not as the AWS API does: an HTML page, a proxy's error, an emulator
   * without this API. The SDK then reports a parse error of the body.
   */
  NOT_THE_API = 'not-the-api',
  /** Anything else: the AWS error is reported as it is. */
  OTHER = 'other',
}

/** Error names AWS and the SDK use when the identity may not call an operation. */
const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'UnauthorizedAccess', 'AuthorizationError']);
/** Error names of expired or rejected credentials. */
const EXPIRED = new Set([
  'ExpiredToken',
  'ExpiredTokenException',
  'RequestExpired',
  'InvalidClientTokenId',
  'AuthFailure',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
]);
/** Error names of throttling that outlasted the retries. */
const THROTTLED = new Set(['Throttling', 'ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded', 'SlowDown']);
/**
 * Error names of answers that are not the AWS API's: the SDK's parse errors of an HTML or empty body,
 * and the codes a service (or an emulator) gives for an action it does not offer.
 */
/** The error name the project gives an answer that did not come from the AWS API (an HTML page, an STS answer without an account). */
export const NOT_THE_AWS_API = 'NotTheAwsApi';

const NOT_THE_API = new Set([NOT_THE_AWS_API, 'SyntaxError', 'InvalidAction', 'UnknownOperationException', 'NotImplemented', 'UnrecognizedOperation']);
/** Node's network error codes. */
const UNREACHABLE = new Set(['ENOTFOUND', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EAI_AGAIN', 'EHOSTUNREACH', 'TimeoutError']);

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

/** The kind of failure `error` is (an SDK error, a credential provider error, a network error). */
export function classifyAwsFailure(error: unknown): AwsFailureKind {
  const { name, message } = errorParts(error);
  const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(message)) return AwsFailureKind.NO_CREDENTIALS;
  if (EXPIRED.has(name) || /token (has )?expired|session has expired/i.test(message)) return AwsFailureKind.EXPIRED_CREDENTIALS;
  if (ACCESS_DENIED.has(name)) return AwsFailureKind.ACCESS_DENIED;
  if (THROTTLED.has(name)) return AwsFailureKind.THROTTLED;
  if (UNREACHABLE.has(code) || UNREACHABLE.has(name)) return AwsFailureKind.UNREACHABLE;
  if (NOT_THE_API.has(name) || /Deserialization error|Unexpected token|is not valid JSON|Unable to parse|char 0/i.test(message)) return AwsFailureKind.NOT_THE_API;
  return AwsFailureKind.OTHER;
}

/** What to do about a failure of `kind`; `permissions` are what the command needs. */
export function awsFailureFix(kind: AwsFailureKind, permissions: readonly string[] = []): string | undefined {
  switch (kind) {
    case AwsFailureKind.NO_CREDENTIALS:
      return 'No AWS credentials were found: set AWS_PROFILE (after `aws sso login` if it is an SSO profile) or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.';
    case AwsFailureKind.EXPIRED_CREDENTIALS:
      return 'The credentials are expired or invalid: refresh them (e.g. `aws sso login`) and run again.';
    case AwsFailureKind.ACCESS_DENIED:
      return permissions.length === 0 ? 'The identity may not call it.' : `The identity may not call it: this command needs ${permissions.join(', ')}.`;
    case AwsFailureKind.THROTTLED:
      return 'AWS throttled the calls after several retries: wait a minute and run again.';
    case AwsFailureKind.UNREACHABLE:
      return 'The AWS endpoint could not be reached: check the network (and AWS_ENDPOINT_URL, if set).';
    case AwsFailureKind.NOT_THE_API:
      return 'The endpoint answered, but not as the AWS API does (an HTML page, a proxy\'s error, or an emulator without this API): check AWS_ENDPOINT_URL and any proxy on the way to AWS.';
    default:
      return undefined;
  }
}

/**
 * Thrown when an AWS call fails: the message names the operation and the AWS error; {@link kind} says
 * what kind of failure it is, so the command can print the fix and exit 2.
 */
export class AwsCallError extends Error {
  /** The AWS operation that failed, e.g. `ec2:DescribeVolumes`. */
  public readonly operation: string;
  /** The error's name as AWS or the SDK reports it, e.g. `CredentialsProviderError`. */
  public readonly awsErrorName: string;
  /** What kind of failure it is. */
  public readonly kind: AwsFailureKind;

  constructor(operation: string, cause: unknown) {
    const { name, message } = errorParts(cause);
    // The SDK's pointer to a hidden field of the error object means nothing to the person reading it.
    const said = message.replace(/\s*Deserialization error: to see the raw response, inspect the hidden field \{error\}\.\$response on this object\.?/g, '').trim();
    super(`${operation} failed: ${name}: ${said}`, { cause });
    this.name = 'AwsCallError';
    this.operation = operation;
    this.awsErrorName = name;
    this.kind = classifyAwsFailure(cause);
  }
}

/** Runs one AWS call; a failure becomes an {@link AwsCallError} naming `operation`. */
export async function awsCall<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof AwsCallError) throw error;
    throw new AwsCallError(operation, error);
  }
}

/**
 * Every item of a paginated AWS call, read from the SDK's own paginator for it (e.g.
 * `paginateDescribeVolumes({ client }, input)`), which follows the continuation tokens and stops at an
 * absent or empty one (the Tagging API ends with an empty one). A failure on any page becomes an
 * {@link AwsCallError} naming `operation`, as with {@link awsCall}: no partial list is returned.
 */
export async function allItems<P, T>(operation: string, pages: AsyncIterable<P>, itemsOf: (page: P) => readonly T[] | undefined): Promise<T[]> {
  return awsCall(operation, async () => {
    const items: T[] = [];
    for await (const page of pages) items.push(...(itemsOf(page) ?? []));
    return items;
  });
}
