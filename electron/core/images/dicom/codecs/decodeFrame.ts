import type { PixelModule } from '../pixelPipeline.js';
import { decodeRleFrame } from '../rleDecode.js';
import type { CompressedCodec, TransferSyntax } from '../transferSyntaxes.js';
import { fitToPixelModule } from './decodedSamples.js';
import { decodeJpeg2000 } from './jpeg2000.js';
import { decodeJpegBaseline } from './jpegBaseline.js';
import { decodeJpegLossless } from './jpegLossless.js';
import { decodeJpegLs } from './jpegLs.js';

/**
 * One compressed frame (its fragments joined) in the native layout of the pixel module it comes
 * back with, ready for the pixel pipeline (stored values, rescale, windows, photometric).
 */
export async function decodeFrame(bytes: Uint8Array, pm: PixelModule, syntax: TransferSyntax & { codec: CompressedCodec }): Promise<{ bytes: Uint8Array; pixel: PixelModule }> {
  const { name } = syntax;
  switch (syntax.codec) {
    case 'rle':
      return { bytes: decodeRleFrame(bytes, pm), pixel: { ...pm, planarConfiguration: 0 } };
    case 'jpeg-baseline':
    case 'jpeg-extended':
      return decodeJpegBaseline(bytes, pm, name);
    case 'jpeg-lossless':
      return fitToPixelModule(decodeJpegLossless(bytes, pm.bitsAllocated / 8, name), pm, name);
    case 'jpeg-ls':
      return fitToPixelModule(await decodeJpegLs(bytes, name), pm, name);
    case 'jpeg2000':
      return fitToPixelModule(await decodeJpeg2000(bytes, name), pm, name);
  }
}
