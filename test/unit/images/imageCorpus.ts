import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { crc32 } from 'node:zlib';
import { encode as encodePng } from 'fast-png';
import sharp from 'sharp';
import { encodeBmp } from './bmpFixture.js';

/**
 * Generates the images of the import tests (good files of every format and every kind of bad
 * file) from bytes and sharp, so no binary fixture is committed.
 */

export function writeFile(root: string, relPath: string, bytes: Uint8Array | string): string {
  const path = join(root, ...relPath.split('/'));
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
  return path;
}

/** Pseudo-random pixels (seeded), so every generated image has distinct content and a distinct hash. */
export function noise(width: number, height: number, channels: number, seed: number): Buffer {
  const out = Buffer.alloc(width * height * channels);
  let s = seed * 2654435761 + 1;
  for (let i = 0; i < out.length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}

function raw(width: number, height: number, seed: number, channels: 1 | 3 | 4 = 3) {
  return sharp(noise(width, height, channels, seed), { raw: { width, height, channels } });
}

export const makeJpeg = (w: number, h: number, seed: number) => raw(w, h, seed).jpeg({ quality: 80 }).toBuffer();
export const makePng = (w: number, h: number, seed: number) => raw(w, h, seed).png().toBuffer();
export const makeWebp = (w: number, h: number, seed: number) => raw(w, h, seed).webp().toBuffer();
export const makeTiff = (w: number, h: number, seed: number) => raw(w, h, seed).tiff().toBuffer();
export const makeGif = (w: number, h: number, seed: number) => raw(w, h, seed).gif().toBuffer();

export function makeBmp(w: number, h: number, seed: number): Buffer {
  return encodeBmp({ width: w, height: h, bitsPerPixel: 24, pixels: [...noise(w, h, 3, seed)] });
}

/** A JPEG stored w×h whose EXIF orientation 6 says "rotate 90°": it shows h×w. */
export const makeRotatedJpeg = (w: number, h: number, seed: number) => raw(w, h, seed).jpeg().withMetadata({ orientation: 6 }).toBuffer();

export const makeCmykJpeg = (w: number, h: number, seed: number) => raw(w, h, seed).toColourspace('cmyk').jpeg().toBuffer();
export const makePng16 = (w: number, h: number, seed: number) => raw(w, h, seed).toColourspace('rgb16').png().toBuffer();

export function makeGreyPng(w: number, h: number, seed: number): Uint8Array {
  return encodePng({ width: w, height: h, data: noise(w, h, 1, seed), depth: 8, channels: 1 });
}

export async function makeAnimatedGif(w: number, h: number): Promise<Buffer> {
  const frames = await Promise.all([1, 2, 3].map((seed) => raw(w, h, seed, 4).png().toBuffer()));
  return sharp(frames, { join: { animated: true } }).gif().toBuffer();
}

export async function makeTruncatedJpeg(w: number, h: number, seed: number): Promise<Buffer> {
  const whole = await makeJpeg(w, h, seed);
  return whole.subarray(0, Math.floor(whole.length / 2));
}

/** A PNG whose first IDAT chunk has a wrong CRC. */
export async function makeBadCrcPng(w: number, h: number, seed: number): Promise<Buffer> {
  const png = Buffer.from(await makePng(w, h, seed));
  const idat = png.indexOf('IDAT');
  const length = png.readUInt32BE(idat - 4);
  png[idat + 4 + length] = png[idat + 4 + length]! ^ 0xff;
  return png;
}

/** A valid small PNG whose header claims w×h: a decompression bomb as far as the header tells. */
export async function makeHugeHeaderPng(w: number, h: number): Promise<Buffer> {
  const png = Buffer.from(await makePng(8, 8, 1));
  png.writeUInt32BE(w, 16);
  png.writeUInt32BE(h, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)) >>> 0, 29);
  return png;
}

/** A PASCAL VOC style mask: palette indices are class ids, 255 = void. */
export function makeIndexedMask(w: number, h: number, labels: Uint8Array): Uint8Array {
  const palette = Array.from({ length: 256 }, (_, i): [number, number, number] => [i, (i * 7) % 256, (i * 13) % 256]);
  return encodePng({ width: w, height: h, data: labels, depth: 8, channels: 1, palette });
}

export function makeGreyMask(w: number, h: number, labels: Uint8Array): Uint8Array {
  return encodePng({ width: w, height: h, data: labels, depth: 8, channels: 1 });
}

/** Labels with a known pattern: class = (x + y) % 3, with a void column at x = 0. */
export function patternLabels(w: number, h: number): Uint8Array {
  const labels = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) labels[y * w + x] = x === 0 ? 255 : (x + y) % 3;
  return labels;
}
