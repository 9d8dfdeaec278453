/**
 * Many bounded "keep the best n" heaps in flat typed arrays: MAD keeps the top n3 images of
 * every (pair, defender, class) subgroup out of a pool of 100 000+, and sorting whole subgroups
 * or allocating an object per image would dominate the run. Each heap keeps its worst kept item
 * at the root, so most offers are rejected by one comparison.
 *
 * Order: a higher score is better; on equal scores the smaller tie key (image id) is better.
 */
export class TopNHeaps {
  readonly groups: number;
  readonly capacity: number;
  private readonly items: Int32Array;
  private readonly scores: Float64Array;
  private readonly ties: Float64Array;
  private readonly sizes: Uint32Array;

  constructor(groups: number, capacity: number) {
    if (!Number.isInteger(groups) || groups < 1) throw new RangeError(`groups must be a positive integer, got ${groups}`);
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    }
    this.groups = groups;
    this.capacity = capacity;
    this.items = new Int32Array(groups * capacity);
    this.scores = new Float64Array(groups * capacity);
    this.ties = new Float64Array(groups * capacity);
    this.sizes = new Uint32Array(groups);
  }

  reset(): void {
    this.sizes.fill(0);
  }

  size(group: number): number {
    return this.sizes[group]!;
  }

  offer(group: number, item: number, score: number, tie: number): void {
    const cap = this.capacity;
    const base = group * cap;
    const n = this.sizes[group]!;
    const scores = this.scores;
    const ties = this.ties;
    const items = this.items;
    if (n < cap) {
      let j = n;
      while (j > 0) {
        const p = (j - 1) >> 1;
        const ps = scores[base + p]!;
        if (!(score < ps || (score === ps && tie > ties[base + p]!))) break;
        scores[base + j] = ps;
        ties[base + j] = ties[base + p]!;
        items[base + j] = items[base + p]!;
        j = p;
      }
      scores[base + j] = score;
      ties[base + j] = tie;
      items[base + j] = item;
      this.sizes[group] = n + 1;
      return;
    }
    const rs = scores[base]!;
    if (score < rs || (score === rs && tie >= ties[base]!)) return;
    let j = 0;
    for (;;) {
      let c = 2 * j + 1;
      if (c >= cap) break;
      const r = c + 1;
      if (r < cap) {
        const cs = scores[base + c]!;
        const rsc = scores[base + r]!;
        if (rsc < cs || (rsc === cs && ties[base + r]! > ties[base + c]!)) c = r;
      }
      const cs = scores[base + c]!;
      if (!(cs < score || (cs === score && ties[base + c]! > tie))) break;
      scores[base + j] = cs;
      ties[base + j] = ties[base + c]!;
      items[base + j] = items[base + c]!;
      j = c;
    }
    scores[base + j] = score;
    ties[base + j] = tie;
    items[base + j] = item;
  }

  /** The kept items of one group, best first. */
  sorted(group: number): Array<{ item: number; score: number; tie: number }> {
    const base = group * this.capacity;
    const out: Array<{ item: number; score: number; tie: number }> = [];
    for (let j = 0; j < this.sizes[group]!; j++) {
      out.push({ item: this.items[base + j]!, score: this.scores[base + j]!, tie: this.ties[base + j]! });
    }
    return out.sort((x, y) => y.score - x.score || x.tie - y.tie);
  }
}
