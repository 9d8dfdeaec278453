import { uint16List, uint32List } from './growable.js';

/**
 * Pixels flagged as label issues, in image order then row-major pixel order: parallel arrays of the image
 * index, the pixel index within the image (y·W + x), the given label and the predicted class. The flagged
 * count is at most the issue estimate (times D² when downsampling), so this stays small where a dense
 * (N, H, W) mask would not.
 */
export interface FlaggedPixels {
  readonly image: Uint32Array;
  readonly pixel: Uint32Array;
  readonly given: Uint16Array;
  readonly predicted: Uint16Array;
}

export class FlaggedBuilder {
  private readonly image = uint32List();
  private readonly pixel = uint32List();
  private readonly given = uint16List();
  private readonly predicted = uint16List();

  get length(): number {
    return this.image.length;
  }

  push(image: number, pixel: number, given: number, predicted: number): number {
    this.pixel.push(pixel);
    this.given.push(given);
    this.predicted.push(predicted);
    return this.image.push(image);
  }

  finish(): FlaggedPixels {
    return { image: this.image.toArray(), pixel: this.pixel.toArray(), given: this.given.toArray(), predicted: this.predicted.toArray() };
  }
}

export function emptyFlagged(): FlaggedPixels {
  return { image: new Uint32Array(0), pixel: new Uint32Array(0), given: new Uint16Array(0), predicted: new Uint16Array(0) };
}

/** Concatenates flagged lists that follow each other in image order (a single list is returned as it is). */
export function concatFlagged(parts: readonly FlaggedPixels[]): FlaggedPixels {
  if (parts.length === 1) return parts[0]!;
  const total = parts.reduce((sum, part) => sum + part.image.length, 0);
  const out = { image: new Uint32Array(total), pixel: new Uint32Array(total), given: new Uint16Array(total), predicted: new Uint16Array(total) };
  let at = 0;
  for (const part of parts) {
    out.image.set(part.image, at);
    out.pixel.set(part.pixel, at);
    out.given.set(part.given, at);
    out.predicted.set(part.predicted, at);
    at += part.image.length;
  }
  return out;
}

/** Merges two lists, each in (image, pixel) order, into one in that order, written straight into arrays of the merged length. */
export function mergeFlagged(a: FlaggedPixels, b: FlaggedPixels): FlaggedPixels {
  if (b.image.length === 0) return a;
  if (a.image.length === 0) return b;
  const total = a.image.length + b.image.length;
  const out = { image: new Uint32Array(total), pixel: new Uint32Array(total), given: new Uint16Array(total), predicted: new Uint16Array(total) };
  let i = 0;
  let j = 0;
  for (let at = 0; at < total; at++) {
    const takeA =
      j >= b.image.length || (i < a.image.length && (a.image[i]! < b.image[j]! || (a.image[i] === b.image[j] && a.pixel[i]! < b.pixel[j]!)));
    const from = takeA ? a : b;
    const k = takeA ? i++ : j++;
    out.image[at] = from.image[k]!;
    out.pixel[at] = from.pixel[k]!;
    out.given[at] = from.given[k]!;
    out.predicted[at] = from.predicted[k]!;
  }
  return out;
}

export function issuesPerImage(flagged: FlaggedPixels, imageCount: number): number[] {
  const counts = new Array<number>(imageCount).fill(0);
  for (const image of flagged.image) counts[image] = counts[image]! + 1;
  return counts;
}

/** One image's (H, W) 0/1 mask, written into `out`. */
export function imageMask(flagged: FlaggedPixels, image: number, out: Uint8Array, from = firstOfImage(flagged, image)): Uint8Array {
  out.fill(0);
  for (let i = from; i < flagged.image.length && flagged.image[i] === image; i++) out[flagged.pixel[i]!] = 1;
  return out;
}

/** The (N, H, W) 0/1 mask; only for data small enough to hold densely. */
export function flaggedToMask(flagged: FlaggedPixels, imageCount: number, pixelsPerImage: number): Uint8Array {
  const mask = new Uint8Array(imageCount * pixelsPerImage);
  for (let i = 0; i < flagged.image.length; i++) mask[flagged.image[i]! * pixelsPerImage + flagged.pixel[i]!] = 1;
  return mask;
}

/** Index of the first flagged pixel of `image` (binary search; the list is in image order). */
export function firstOfImage(flagged: FlaggedPixels, image: number): number {
  let lo = 0;
  let hi = flagged.image.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (flagged.image[mid]! < image) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The reference's num_pixel_issues image score: one minus the fraction of an image's labelled pixels
 * that are flagged (all H·W pixels when nothing is ignored); an image with no labelled pixel scores 1.
 */
export function numPixelIssuesScores(flagged: FlaggedPixels, validPixels: Float64Array): Float64Array {
  const counts = issuesPerImage(flagged, validPixels.length);
  return Float64Array.from(validPixels, (valid, n) => (valid === 0 ? 1 : 1 - counts[n]! / valid));
}
