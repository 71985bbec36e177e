import { distance } from 'fastest-levenshtein';

/**
 * The `candidates` nearest to `value` by edit distance (case-insensitive), at most `maxDistance`
 * edits away (default: a third of the value's length, at least 2), best first, at most three.
 */
export function nearestNames(value: string, candidates: Iterable<string>, maxDistance?: number): string[] {
  const limit = maxDistance ?? Math.max(2, Math.floor(value.length / 3));
  const scored = [...candidates]
    .map((candidate) => ({ candidate, d: distance(value.toLowerCase(), candidate.toLowerCase()) }))
    .filter(({ d }) => d <= limit)
    .sort((a, b) => a.d - b.d || a.candidate.localeCompare(b.candidate));
  if (scored.length === 0) return [];
  // Only the ties of the best: `us-west-3` is as near to us-west-1 as to us-west-2, not to us-east-2.
  return scored.filter(({ d }) => d === scored[0].d).slice(0, 3).map(({ candidate }) => candidate);
}

/** `did you mean a, b or c?`, or undefined when there is nothing near. */
export function didYouMean(value: string, candidates: Iterable<string>, maxDistance?: number): string | undefined {
  const names = nearestNames(value, candidates, maxDistance);
  if (names.length === 0) return undefined;
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
  return `did you mean ${list}?`;
}
