/** Who holds a lease: a stable key (the person's uid, or "local") and a name to show others. */
export interface Holder {
  readonly key: string;
  readonly name: string;
}

export interface HeldLease {
  readonly holder: Holder;
  /** Milliseconds since the epoch, on the book's clock. */
  readonly expiresAt: number;
}

export type TakeOutcome = { readonly taken: true; readonly lease: HeldLease } | { readonly taken: false; readonly heldBy: HeldLease };

/**
 * Images handed to one person at a time. A lease lapses after `ttlMs` unless its holder works on
 * the image again (taking it renews it), so someone who closes the tab or loses the network frees
 * their images without anyone releasing them. The clock is injected so expiry is tested without
 * waiting. Memory stays bounded by the live leases: lapsed ones are dropped as the book is used.
 */
export class LeaseBook {
  private readonly leases = new Map<string, HeldLease>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  /** The live lease on KEY, if any. */
  holderOf(key: string): HeldLease | null {
    const lease = this.leases.get(key);
    if (!lease) return null;
    if (lease.expiresAt > this.now()) return lease;
    this.leases.delete(key);
    return null;
  }

  /** Whether someone other than HOLDER has a live lease on KEY. */
  heldByOther(key: string, holder: Holder): boolean {
    const lease = this.holderOf(key);
    return lease !== null && lease.holder.key !== holder.key;
  }

  /** Takes or renews KEY for HOLDER, unless someone else holds it. */
  take(key: string, holder: Holder): TakeOutcome {
    const current = this.holderOf(key);
    if (current && current.holder.key !== holder.key) return { taken: false, heldBy: current };
    if (!current) this.dropLapsed();
    const lease = { holder, expiresAt: this.now() + this.ttlMs };
    this.leases.set(key, lease);
    return { taken: true, lease };
  }

  /** Gives KEY back if HOLDER has it; someone else's lease is left alone. */
  release(key: string, holder: Holder): void {
    if (this.leases.get(key)?.holder.key === holder.key) this.leases.delete(key);
  }

  /** Every lease HOLDER has: a person moving to a new image gives up the one they left. */
  releaseAll(holder: Holder, keyPrefix: string): void {
    for (const [key, lease] of this.leases) if (lease.holder.key === holder.key && key.startsWith(keyPrefix)) this.leases.delete(key);
  }

  get size(): number {
    return this.leases.size;
  }

  private dropLapsed(): void {
    const now = this.now();
    for (const [key, lease] of this.leases) if (lease.expiresAt <= now) this.leases.delete(key);
  }
}

/** Keys of the two kinds of work handed out: an image of a rating set, and an image to label. */
export const leaseKeys = {
  ratingPrefix: (setId: number) => `rating:${setId}:`,
  rating: (setId: number, imageId: number) => `rating:${setId}:${imageId}`,
  labellingPrefix: 'label:',
  labelling: (imageId: number) => `label:${imageId}`,
} as const;
