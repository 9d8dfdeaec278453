/**
 * Maps items through fn in order, keeping up to `window` calls started ahead of the consumer:
 * producers run ahead while the consumer works, and memory stays bounded.
 */
export async function* lookahead<T, R>(items: readonly T[], window: number, fn: (item: T) => Promise<R>): AsyncGenerator<R> {
  const started: Promise<R>[] = [];
  let next = 0;
  const fill = (): void => {
    while (next < items.length && started.length < window) {
      const p = fn(items[next++]!);
      // Rejections are seen when the consumer reaches the item; avoid unhandled warnings before that.
      p.catch(() => undefined);
      started.push(p);
    }
  };
  fill();
  while (started.length > 0) {
    const result = await started.shift()!;
    fill();
    yield result;
  }
}
