/**
 * Exact sum of float64 values (Shewchuk's non-overlapping partials, as in Python's math.fsum), read out
 * correctly rounded. The rounded result depends only on the multiset of values added, never on their
 * order or grouping, which is what makes the class thresholds identical for any batch size or worker count.
 */
export class ExactSum {
  private readonly partials: number[];

  constructor(partials: readonly number[] = []) {
    this.partials = [...partials];
  }

  add(value: number): void {
    const partials = this.partials;
    let x = value;
    let kept = 0;
    for (let i = 0; i < partials.length; i++) {
      let y = partials[i]!;
      if (Math.abs(x) < Math.abs(y)) {
        const swap = x;
        x = y;
        y = swap;
      }
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) partials[kept++] = lo;
      x = hi;
    }
    partials.length = kept;
    partials.push(x);
  }

  addAll(other: ExactSum): void {
    for (const partial of other.partials) this.add(partial);
  }

  /** The internal state, for sending a partial sum between threads. */
  toPartials(): number[] {
    return [...this.partials];
  }

  value(): number {
    const partials = this.partials;
    let n = partials.length;
    if (n === 0) return 0;
    n -= 1;
    let hi = partials[n]!;
    let lo = 0;
    while (n > 0) {
      const x = hi;
      n -= 1;
      const y = partials[n]!;
      hi = x + y;
      lo = y - (hi - x);
      if (lo !== 0) break;
    }
    // Round half to even across the remaining partials, as fsum does.
    if (n > 0 && ((lo < 0 && partials[n - 1]! < 0) || (lo > 0 && partials[n - 1]! > 0))) {
      const y = lo * 2;
      const x = hi + y;
      if (y === x - hi) hi = x;
    }
    return hi;
  }
}
