import type { MaskCrop } from '../../../shared/assist/maskCrop.js';
import type { RectMask } from '../../../shared/assist/paintMask.js';
import type { MaskPayload } from '../../../shared/contract/domain.js';

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

const CHUNK = 0x8000;

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  // Chunked: one String.fromCharCode call per 32 KiB keeps within the argument limit.
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}

export function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** A mask inside a rectangle as it crosses the contract (see shared/assist/maskCrop.ts). */
export async function encodeMaskCrop(mask: RectMask): Promise<MaskCrop> {
  return { ...mask.rect, data: bytesToBase64(await pipe(mask.bits, new CompressionStream('deflate'))) };
}

export async function decodeMaskCrop(crop: MaskCrop): Promise<RectMask> {
  const bits = await pipe(base64ToBytes(crop.data), new DecompressionStream('deflate'));
  if (bits.length !== crop.width * crop.height) throw new Error(`The mask holds ${bits.length} pixels; expected ${crop.width}×${crop.height}.`);
  return { rect: { x: crop.x, y: crop.y, width: crop.width, height: crop.height }, bits };
}
