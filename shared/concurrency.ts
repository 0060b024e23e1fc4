/**
 * `fn` over every item with at most `limit` calls in flight, results in the items' order: for
 * I/O a single call at a time would leave idle (KMS requests, batch reads) without flooding it.
 * The first failure fails the whole; calls already started still finish.
 *
 * @example
 * const indexes = await mapLimit(rows, 16, (row) => vault.mac('id-number', row.idNumber));
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/** `items` cut into groups of `size` (the last one shorter), in their order. */
export function inGroupsOf<T>(items: readonly T[], size: number): T[][] {
  const groups: T[][] = [];
  for (let start = 0; start < items.length; start += size) groups.push(items.slice(start, start + size));
  return groups;
}
