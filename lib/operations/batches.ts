/** `items` in batches of at most `size`, in order (AWS calls take a bounded number of ids or filter values). */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The items of every list, in order, once all have arrived. */
export async function concat<T>(lists: ReadonlyArray<Promise<readonly T[]>>): Promise<T[]> {
  return (await Promise.all(lists)).flat();
}

/** `items` without repeats, in first-seen order. */
export function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
