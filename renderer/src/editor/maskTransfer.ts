import type { MaskPayload } from '../../../shared/contract/domain.js';
import { base64ToBytes, bytesToBase64 } from '../../../shared/encoding/base64.js';

/**
 * Label maps cross the contract zlib-deflated (CompressionStream 'deflate' is zlib, which the
 * core inflates as is) and base64-encoded, so a 4096×4096 map of a few regions travels as some
 * hundred kilobytes instead of 16 MiB.
 */

async function pipe(bytes: Uint8Array, transform: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(transform);
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export async function encodeMask(labels: Uint8Array, width: number, height: number): Promise<MaskPayload> {
  return { width, height, encoding: 'deflate', data: bytesToBase64(await pipe(labels, new CompressionStream('deflate'))) };
}

export async function decodeMask(mask: MaskPayload): Promise<Uint8Array> {
  const labels = await pipe(base64ToBytes(mask.data), new DecompressionStream('deflate'));
  if (labels.length !== mask.width * mask.height) {
    throw new Error(`The mask holds ${labels.length} pixels; expected ${mask.width}×${mask.height}.`);
  }
  return labels;
}
