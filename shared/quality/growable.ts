/** An append-only typed list: the selection pass does not know how many pixels it will keep. */
export class TypedList<T extends Uint32Array | Uint16Array> {
  private data: T;
  private readonly make: (length: number) => T;
  length = 0;

  constructor(make: (length: number) => T) {
    this.make = make;
    this.data = make(256);
  }

  push(value: number): number {
    if (this.length === this.data.length) {
      const next = this.make(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length] = value;
    return this.length++;
  }

  /** A compact copy (safe to transfer to another thread). */
  toArray(): T {
    return this.data.slice(0, this.length) as T;
  }
}

export const uint32List = (): TypedList<Uint32Array> => new TypedList((n) => new Uint32Array(n));
export const uint16List = (): TypedList<Uint16Array> => new TypedList((n) => new Uint16Array(n));
