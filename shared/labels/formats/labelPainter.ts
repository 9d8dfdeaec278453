import { fillPolygon, type Ring } from '../../geometry/rasterizePolygon.js';
import { UnknownClasses, type ClassMapping } from './classMapping.js';
import type { RenderedLabels } from './labelSource.js';

/**
 * Paints the shapes of one image into a label map in the order given, so a later shape covers an
 * earlier one. A shape of a class the project lacks paints nothing: its pixels are counted for
 * the report instead.
 */
export class LabelPainter {
  readonly labels: Uint8Array;
  private readonly unknown = new UnknownClasses();
  private scratch: Uint8Array | null = null;

  constructor(
    readonly width: number,
    readonly height: number,
    private readonly classes: ClassMapping,
    fill: number,
  ) {
    this.labels = new Uint8Array(width * height).fill(fill);
  }

  /** Fills the union of the rings (each ring by the non-zero rule). */
  polygons(className: string, rings: readonly Ring[]): void {
    const found = this.classes.lookup(className);
    if (found.known) {
      for (const ring of rings) fillPolygon(this.labels, this.width, this.height, ring, found.id);
      return;
    }
    const scratch = this.scratchMap();
    let pixels = 0;
    for (const ring of rings) fillPolygon(scratch, this.width, this.height, ring, 1);
    for (let i = 0; i < scratch.length; i++) {
      pixels += scratch[i] as number;
      scratch[i] = 0;
    }
    this.unknown.add(className, pixels);
  }

  /** Paints the pixels where `bits` (a row-major `w`×`h` window at left, top) is non-zero; parts outside the image are cut off. */
  bitmap(className: string, bits: ArrayLike<number>, left: number, top: number, w: number, h: number): void {
    const found = this.classes.lookup(className);
    let pixels = 0;
    for (let y = Math.max(0, -top); y < h && top + y < this.height; y++) {
      for (let x = Math.max(0, -left); x < w && left + x < this.width; x++) {
        if (bits[y * w + x] === 0) continue;
        if (found.known) this.labels[(top + y) * this.width + left + x] = found.id;
        else pixels++;
      }
    }
    if (!found.known) this.unknown.add(className, pixels);
  }

  /** The painted map with the unknown classes met and the notes given. */
  result(notes: string[] = []): RenderedLabels {
    return { labels: this.labels, unknown: this.unknown.list(), notes };
  }

  private scratchMap(): Uint8Array {
    this.scratch ??= new Uint8Array(this.width * this.height);
    return this.scratch;
  }
}
