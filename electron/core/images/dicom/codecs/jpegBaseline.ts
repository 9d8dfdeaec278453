import sharp from 'sharp';
import type { PixelModule } from '../pixelPipeline.js';
import { codecMessage, undecodable } from './decodedSamples.js';

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
