import { deflateSync, inflateSync } from 'node:zlib';

/**
 * The storage layout of a label map (ground truth, predictions): zlib-deflated raw uint8, one class
 * id per pixel, width × height, row-major, 255 = ignore. Width and height are the image's, after
 * EXIF orientation, and live in the images table.
 */
export function encodeMaskBlob(labels: Uint8Array): Buffer {
  return deflateSync(labels, { level: 6 });
}

export function decodeMaskBlob(blob: Uint8Array, width: number, height: number): Uint8Array {
  const labels = inflateSync(blob);
  if (labels.length !== width * height) {
    throw new Error(`A stored mask holds ${labels.length} pixels but its image is ${width}×${height}.`);
  }
  return new Uint8Array(labels.buffer, labels.byteOffset, labels.length);
}
