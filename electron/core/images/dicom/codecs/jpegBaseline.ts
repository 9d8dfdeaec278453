import sharp from 'sharp';
import type { PixelModule } from '../pixelPipeline.js';
import { codecMessage, undecodable } from './decodedSamples.js';

/**
 * The sample precision in the first start-of-frame marker of a JPEG stream (ITU T.81 B.2.2), or
 * null when the bytes given end before one. Process 4 (JPEG Extended) may hold 12-bit samples,
 * which the 8-bit decoder cannot read.
 */
export function jpegPrecision(bytes: Uint8Array): number | null {
  let i = 2;
  while (i + 4 < bytes.length) {
    if (bytes[i] !== 0xff) return null;
    const marker = bytes[i + 1]!;
    if (marker === 0xff) {
      i++;
      continue;
    }
    // SOF0…SOF15 less DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return i + 4 < bytes.length ? bytes[i + 4]! : null;
    i += 2 + ((bytes[i + 2]! << 8) | bytes[i + 3]!);
  }
  return null;
}

/** One 8-bit JPEG Baseline or Extended frame through sharp (libjpeg-turbo), which also undoes YCbCr. */
export async function decodeJpegBaseline(bytes: Uint8Array, pm: PixelModule, syntax: string): Promise<{ bytes: Uint8Array; pixel: PixelModule }> {
  try {
    const { data, info } = await sharp(bytes, { failOn: 'error' }).raw().toBuffer({ resolveWithObject: true });
    if (info.width !== pm.columns || info.height !== pm.rows) throw new Error(`the JPEG is ${info.width}×${info.height}, the header says ${pm.columns}×${pm.rows}`);
    // A grey file whose JPEG decodes to three equal channels keeps one; a colour one drops any alpha.
    const colour = pm.samplesPerPixel === 3;
    const pixel: PixelModule = { ...pm, photometric: colour ? 'RGB' : pm.photometric, planarConfiguration: 0, bitsAllocated: 8, bitsStored: 8, highBit: 7 };
    return { bytes: pickChannels(data, info.channels, colour ? 3 : 1), pixel };
  } catch (error) {
    throw undecodable(syntax, codecMessage(error));
  }
}

function pickChannels(data: Uint8Array, channels: number, keep: 1 | 3): Uint8Array {
  if (channels === keep) return data;
  if (channels < keep) throw new Error(`the JPEG has ${channels} channels, the header says ${keep}`);
  const pixels = data.length / channels;
  const out = new Uint8Array(pixels * keep);
  for (let p = 0; p < pixels; p++) for (let c = 0; c < keep; c++) out[p * keep + c] = data[p * channels + c]!;
  return out;
}
