import type { Random } from '../../../models/random.js';

/** Labelled feature vectors with a sampling weight each (how many seen pixels one kept pixel stands for). */
export interface PixelPool {
  /** Row-major count × channels. */
  features: Float32Array;
  labels: Uint8Array;
  weights: Float64Array;
  count: number;
  channels: number;
  /** Labelled pixels seen per class, before sampling. */
  seen: number[];
}

/**
 * Keeps a uniform sample of at most `capacity` pixels per class out of every labelled pixel it
 * is shown (reservoir sampling, Algorithm R), so memory is bounded however many images pass.
 * Per-class reservoirs keep rare classes whole; the weights handed out with the pool restore
 * the classes' true frequencies when sampling from it.
 */
export class PixelReservoir {
  private readonly stores: Array<Float32Array | null>;
  private readonly stored: number[];
  readonly seen: number[];

  constructor(
    readonly classes: number,
    readonly channels: number,
    readonly capacity: number,
    private readonly rng: Random,
  ) {
    if (!(capacity >= 1)) throw new RangeError('capacity must be at least 1');
    this.stores = new Array<Float32Array | null>(classes).fill(null);
    this.stored = new Array<number>(classes).fill(0);
    this.seen = new Array<number>(classes).fill(0);
  }

  /**
   * Offers every labelled cell of one feature map (channel-major: channels × cells, as one image
   * of an NCHW tensor); labels ≥ classes are skipped. Returns how many labelled cells it saw.
   */
  addMap(features: Float32Array, labels: Uint8Array): number {
    const cells = labels.length;
    const { channels } = this;
    if (features.length !== channels * cells) throw new RangeError(`expected ${channels}×${cells} features, got ${features.length}`);
    let offered = 0;
    for (let p = 0; p < cells; p++) {
      const k = labels[p]!;
      if (k >= this.classes) continue;
      offered++;
      const n = ++this.seen[k]!;
      let slot: number;
      if (this.stored[k]! < this.capacity) slot = this.stored[k]!++;
      else {
        slot = Math.floor(this.rng.next() * n);
        if (slot >= this.capacity) continue;
      }
      const store = (this.stores[k] ??= new Float32Array(this.capacity * channels));
      const at = slot * channels;
      for (let c = 0; c < channels; c++) store[at + c] = features[c * cells + p]!;
    }
    return offered;
  }

  get size(): number {
    return this.stored.reduce((a, b) => a + b, 0);
  }

  pool(): PixelPool {
    const count = this.size;
    const { channels } = this;
    const features = new Float32Array(count * channels);
    const labels = new Uint8Array(count);
    const weights = new Float64Array(count);
    let i = 0;
    for (let k = 0; k < this.classes; k++) {
      const n = this.stored[k]!;
      if (n === 0) continue;
      features.set(this.stores[k]!.subarray(0, n * channels), i * channels);
      labels.fill(k, i, i + n);
      weights.fill(this.seen[k]! / n, i, i + n);
      i += n;
    }
    return { features, labels, weights, count, channels, seen: [...this.seen] };
  }
}
