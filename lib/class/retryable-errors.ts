/**
 * Which terraform failures are worth running again: AWS throttling and transient service or network
 * errors, which the AWS provider retries itself only so often (a class of 200 asks EC2, IAM and EKS
 * many times at once). Anything else (a name that exists, a quota, a denied call, a bad argument)
 * fails the same way every time, so it is reported at once.
 */

/**
 * AWS error codes of throttling, as the AWS SDK classifies them (`THROTTLING_ERROR_CODES` of
 * `@smithy/core` 3.41.1, `submodules/retry/service-error-classification/constants.js`, installed
 * here with the SDK clients), without `LimitExceededException`: IAM, EKS and others answer it for a
 * quota that is reached, which no retry cures.
 */
export const THROTTLING_CODES: readonly string[] = [
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ThrottledException',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'TransactionInProgressException',
];

/** Transient AWS error codes (`TRANSIENT_ERROR_CODES` of the same file) and services' internal errors. */
export const TRANSIENT_CODES: readonly string[] = ['RequestTimeout', 'RequestTimeoutException', 'InternalError', 'InternalFailure', 'ServiceUnavailable'];

/**
 * How the Go AWS SDK (the provider's) and Go's network stack spell transient failures in terraform's
 * output: HTTP 500/502/503/504 (`TRANSIENT_ERROR_STATUS_CODES`), a reset or timed-out connection, a
 * registry that did not answer during `init`.
 */
const TRANSIENT_PATTERNS: readonly RegExp[] = [
  /\bStatusCode: 50[0234]\b/,
  /connection reset by peer/,
  /\bi\/o timeout\b/,
  /TLS handshake timeout/,
  /unexpected EOF/,
  /Client\.Timeout exceeded/,
  /could not connect to registry|Failed to install provider.*(timeout|connection|EOF)/i,
];

const CODE_PATTERN = new RegExp(`\\b(${[...THROTTLING_CODES, ...TRANSIENT_CODES].join('|')})\\b`);

/**
 * The `Error: ...` blocks of terraform's `-no-color` output: each summary line with the lines after it,
 * up to the next diagnostic (terraform prints its diagnostics after everything else).
 */
export function errorBlocks(output: readonly string[]): string[][] {
  const blocks: string[][] = [];
  let current: string[] | undefined;
  for (const line of output) {
    if (/^Error: /.test(line)) {
      current = [line];
      blocks.push(current);
    } else if (/^Warning: /.test(line)) {
      current = undefined;
    } else {
      current?.push(line);
    }
  }
  return blocks;
}

/**
 * Whether a failed terraform step is worth running again: it printed at least one error, and every
 * error it printed is throttling or transient. One lasting error among them means the run would fail
 * again.
 */
export function isRetryable(output: readonly string[]): boolean {
  const blocks = errorBlocks(output);
  if (blocks.length === 0) return false;
  return blocks.every((block) => {
    const text = block.join('\n');
    return CODE_PATTERN.test(text) || TRANSIENT_PATTERNS.some((pattern) => pattern.test(text));
  });
}

/**
 * The lines that say why a step failed: each error's summary line and the first lines of its detail,
 * or, when terraform printed no `Error:` (it was killed, say), the last lines it printed.
 */
export function lastErrorLines(output: readonly string[], max = 6): string[] {
  const blocks = errorBlocks(output);
  if (blocks.length === 0) return output.filter((l) => l.trim() !== '').slice(-max);
  const lines = blocks.flatMap((block) => {
    // The summary, then the detail after the "with ..., on ... line ..." source lines terraform adds.
    const detail = block.slice(1).filter((l) => l.trim() !== '' && !/^\s+(with |on |\d+: )/.test(l) && !/^\s+\(and \d+ more/.test(l));
    return [block[0], ...detail.slice(0, 2).map((l) => l.trim())];
  });
  return lines.slice(-max);
}

/** Seconds to wait before attempt `attempt` (2, 3, ...): exponential with full jitter around `baseSeconds`. */
export function backoffSeconds(attempt: number, baseSeconds: number, random: () => number = Math.random): number {
  const ceiling = baseSeconds * 2 ** (attempt - 2);
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}
