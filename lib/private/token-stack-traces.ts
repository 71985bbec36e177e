/** The module in which cdktf captures the creation stack of every token (frozen upstream: cdktf 0.21.0). */
interface CdktfStackTraceModule {
  captureStackTrace: (below?: unknown) => string[];
}

/**
 * Runs `fn` without the stack traces cdktf records for every token it creates.
 *
 * cdktf captures a full stack trace (`Error.stackTraceLimit = MAX_SAFE_INTEGER`) into a plain object
 * for each token, nested-block reference and complex attribute, and formats it to text at once; it is
 * only ever shown when a token fails to resolve. For a class of 30, capturing and formatting them were
 * a third of the synth time. While `fn` runs, cdktf's capture returns an empty trace at once (it then
 * records an empty creation stack, as when the trace cannot be read), and traces captured into plain
 * objects elsewhere format to an empty string; real `Error`s keep theirs, formatted as V8 does by
 * default (or by whatever formatter was installed before).
 *
 * @see node_modules/cdktf/lib/tokens/private/stack-trace.js (callers read the export at each call)
 */
export function withoutTokenCreationStacks<T>(fn: () => T): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const stackTraces = require('cdktf/lib/tokens/private/stack-trace') as CdktfStackTraceModule;
  const capture = stackTraces.captureStackTrace;
  const previous = Error.prepareStackTrace;
  stackTraces.captureStackTrace = () => [];
  Error.prepareStackTrace = (target: unknown, callSites: NodeJS.CallSite[]) => {
    if (!(target instanceof Error)) return '';
    if (previous) return previous(target, callSites);
    return [String(target), ...callSites.map((site) => `    at ${String(site)}`)].join('\n');
  };
  try {
    return fn();
  } finally {
    stackTraces.captureStackTrace = capture;
    Error.prepareStackTrace = previous;
  }
}
