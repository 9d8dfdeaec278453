import { readFile } from 'node:fs/promises';
import sharp, { type Sharp } from 'sharp';
import { DEFAULT_RESIZE_KERNEL, type ModelCardInput, type ResizeKernel } from '../../../shared/models/modelCard.js';
import { decodeBmp } from '../images/bmpDecoder.js';
import { sniffImageFormat } from '../images/imageFormats.js';
import { planResize, type ResizePlan } from './resizePlan.js';

/** The card's kernels as libvips names them. */
export const SHARP_KERNEL = { nearest: 'nearest', bilinear: 'linear', bicubic: 'cubic', lanczos3: 'lanczos3' } as const satisfies Record<ResizeKernel, string>;

/** Where an image goes in a model's input; the kernel defaults as a card's does. */
export type DecodeTarget = Pick<ModelCardInput, 'width' | 'height' | 'resize'> & { kernel?: ResizeKernel | undefined };

export interface DecodedImage {
  /** Packed 8-bit RGB at plan.scaledW × plan.scaledH. */
  rgb: Uint8Array;
  plan: ResizePlan;
}

/** The image as the import sees it: EXIF orientation applied; BMP through the import's own decoder (libvips has none). */
async function orientedImage(bytes: Buffer): Promise<{ image: Sharp; width: number; height: number }> {
  if (sniffImageFormat(bytes) === 'bmp') {
    const bmp = decodeBmp(bytes);
    return { image: sharp(bmp.data, { raw: { width: bmp.width, height: bmp.height, channels: bmp.channels } }), width: bmp.width, height: bmp.height };
  }
  const options = { limitInputPixels: false, failOn: 'error' } as const;
  const meta = await sharp(bytes, options).metadata();
  return { image: sharp(bytes, options).autoOrient(), width: meta.autoOrient.width, height: meta.autoOrient.height };
}

/**
 * Decodes an image file (8-bit sRGB, alpha dropped) and scales it for a model in the same
 * libvips pipeline, on libuv threads rather than the event loop.
 */
export async function decodeForModel(path: string, input: DecodeTarget): Promise<DecodedImage> {
  return decodeBytesForModel(await readFile(path), input);
}

/** decodeForModel of an image already read. */
export async function decodeBytesForModel(bytes: Buffer, input: DecodeTarget): Promise<DecodedImage> {
  const { image, width, height } = await orientedImage(bytes);
  const plan = planResize(width, height, input.width, input.height, input.resize);
  const { data, info } = await image
    .removeAlpha()
    .toColourspace('srgb')
    .resize(plan.scaledW, plan.scaledH, { fit: 'fill', kernel: SHARP_KERNEL[input.kernel ?? DEFAULT_RESIZE_KERNEL] })
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3 || info.width !== plan.scaledW || info.height !== plan.scaledH) {
    throw new Error(`decoding gave ${info.width}×${info.height}×${info.channels}, expected ${plan.scaledW}×${plan.scaledH}×3`);
  }
  return { rgb: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), plan };
}

/** The image as decodeForModel sees it (oriented, sRGB, no alpha), scaled to width × height and encoded as JPEG: a picture to draw a label map over. */
export async function imageAsJpeg(bytes: Buffer, width: number, height: number): Promise<Buffer> {
  const { image } = await orientedImage(bytes);
  return image.removeAlpha().toColourspace('srgb').resize(width, height, { fit: 'fill' }).jpeg({ quality: 85 }).toBuffer();
}
