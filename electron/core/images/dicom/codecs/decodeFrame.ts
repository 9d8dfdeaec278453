import type { PixelModule } from '../pixelPipeline.js';
import { decodeRleFrame } from '../rleDecode.js';
import type { CompressedCodec, TransferSyntax } from '../transferSyntaxes.js';
import { codestreamSize } from './codestreamSize.js';
import { fitToPixelModule, undecodable } from './decodedSamples.js';
import { decodeInThread } from './frameDecoderThread.js';
import { decodeJpegBaseline } from './jpegBaseline.js';

/**
 * One compressed frame (its fragments joined) in the native layout of the pixel module it comes
 * back with, ready for the pixel pipeline (stored values, rescale, windows, photometric). RLE and
 * sharp's JPEG run here (RLE is a quick byte loop, sharp decodes on libuv's pool); the WASM and
 * JavaScript codecs run in the frame decoder thread.
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
    case 'jpeg-ls':
    case 'jpeg2000': {
      // Checked before decoding: a codestream declaring a huge image would have the decoder
      // allocate for it whatever the header (and the pixel limit) said.
      const size = codestreamSize(bytes);
      if (!size) throw undecodable(name, 'it does not start with a codestream header');
      if (size.width !== pm.columns || size.height !== pm.rows || size.components !== pm.samplesPerPixel) {
        throw undecodable(name, `the codestream is ${size.width}×${size.height} with ${size.components} samples per pixel, the header says ${pm.columns}×${pm.rows} with ${pm.samplesPerPixel}`);
      }
      return fitToPixelModule(await decodeInThread(syntax.codec, bytes, pm.bitsAllocated / 8, name), pm, name);
    }
  }
}
