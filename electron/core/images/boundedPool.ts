/**
 * Runs `work` on every item of `source` with at most `limit` calls in flight. The next item is
 * pulled only when a slot frees, so a lazy source (a directory walk) is never read far ahead and
 * memory stays bounded by `limit` items whatever the source's size. Once `signal` aborts no new
 * item is taken; the calls in flight are awaited. The first error (from `work` or the source) stops the pool
 * and is rethrown after the others settle.
 */
export async function forEachBounded<T>(
  source: AsyncIterable<T>,
  limit: number,
  work: (item: T) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  const iterator = source[Symbol.asyncIterator]();
  let failure: { error: unknown } | null = null;
  let exhausted = false;
  const lane = async (): Promise<void> => {
    try {
      while (!exhausted && !failure && !signal?.aborted) {
        const next = await iterator.next();
        if (next.done) {
          exhausted = true;
          return;
        }
        await work(next.value);
      }
    } catch (error) {
      failure ??= { error };
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, limit) }, lane));
  } finally {
    if (!exhausted) await iterator.return?.();
  }
  if (failure) throw (failure as { error: unknown }).error;
}
