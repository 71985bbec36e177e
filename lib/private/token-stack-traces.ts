/**
 * Runs `fn` without formatting the stack traces cdktf records for every token it creates.
 *
 * cdktf captures a full stack trace (`Error.stackTraceLimit = MAX_SAFE_INTEGER`) into a plain object
 * for each token and nested-block reference, and formats it to text at once; it is only ever shown
 * when a token fails to resolve. For a class of 30 that formatting is about a third of the synth
 * time. While `fn` runs, traces captured into plain objects format to an empty string (cdktf then
 * records an empty creation stack); real `Error`s keep theirs, formatted as V8 does by default (or by
 * whatever formatter was installed before).
 *
 * @see node_modules/cdktf/lib/tokens/private/stack-trace.js
 */
export function withoutTokenCreationStacks<T>(fn: () => T): T {
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = (target: unknown, callSites: NodeJS.CallSite[]) => {
    if (!(target instanceof Error)) return '';
    if (previous) return previous(target, callSites);
    return [String(target), ...callSites.map((site) => `    at ${String(site)}`)].join('\n');
  };
  try {
    return fn();
  } finally {
    Error.prepareStackTrace = previous;
  }
}
