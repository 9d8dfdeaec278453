import sharp, { type Metadata, type Sharp } from 'sharp';
import { BmpError, decodeBmp, readBmpHeader } from './bmpDecoder.js';
import { FORMAT_NAME, sniffImageFormat, type ImageFormat } from './imageFormats.js';
import { ImportFailureError } from './importFailure.js';

export interface DecodeOptions {
  /** Largest width × height accepted, checked from the header before any pixel is decoded. */
  maxPixels: number;
  /** Longest side of the thumbnail. */
  thumbnailSize: number;
}

export interface DecodedImage {
  format: ImageFormat;
  /** Size after EXIF orientation is applied: what a viewer and a model see. */
  width: number;
  height: number;
  /** WebP, orientation applied, sRGB. */
  thumbnail: Buffer;
}

export const THUMBNAIL_SIZE = 192;

function megapixels(n: number): string {
  return `${(n / 1e6).toFixed(n < 1e7 ? 1 : 0)} MP`;
}

function checkPixels(width: number, height: number, maxPixels: number): void {
  if (width * height > maxPixels) {
    throw new ImportFailureError(
      'too_many_pixels',
      `The image is ${width}×${height} (${megapixels(width * height)}), above the limit of ${megapixels(maxPixels)}; it was not decoded. Raise the pixel limit if the image is genuine.`,
    );
  }
}

function damaged(format: ImageFormat, error: unknown): ImportFailureError {
  const detail = error instanceof Error ? error.message.trim() : String(error);
  return new ImportFailureError('corrupt', `The ${FORMAT_NAME[format]} file is damaged or truncated and cannot be decoded (${detail}).`);
}

async function thumbnailOf(image: Sharp, size: number): Promise<Buffer> {
  return image
    .resize({ width: size, height: size, fit: 'inside', withoutEnlargement: true })
    .toColourspace('srgb')
    .webp({ quality: 75 })
    .toBuffer();
}

async function decodeBmpFile(bytes: Buffer, options: DecodeOptions): Promise<DecodedImage> {
  try {
    const header = readBmpHeader(bytes);
    checkPixels(header.width, header.height, options.maxPixels);
    const { width, height, channels, data } = decodeBmp(bytes, header);
    const thumbnail = await thumbnailOf(sharp(data, { raw: { width, height, channels } }), options.thumbnailSize);
    return { format: 'bmp', width, height, thumbnail };
  } catch (error) {
    if (error instanceof BmpError) {
      throw new ImportFailureError(error.kind === 'unsupported' ? 'unsupported' : 'corrupt', `${error.message[0]!.toUpperCase()}${error.message.slice(1)}.`);
    }
    throw error;
  }
}

/**
 * Checks and decodes one image file: the format from its content, the pixel count from its
 * header (a decompression bomb is refused before decoding), then a full decode into the grid
 * thumbnail, which also proves the file is readable to the end. CMYK, 16-bit and grey images are
 * converted to 8-bit sRGB for the thumbnail. Animated and multi-page files are refused: a mask
 * belongs to one frame, and a browser would animate what the editor shows.
 */
export async function decodeImage(bytes: Buffer, options: DecodeOptions): Promise<DecodedImage> {
  const format = sniffImageFormat(bytes);
  if (!format) {
    throw new ImportFailureError('not_an_image', 'Not an image: the content is not JPEG, PNG, WebP, TIFF, BMP or GIF, whatever the file extension says.');
  }
  if (format === 'bmp') return decodeBmpFile(bytes, options);

  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false, failOn: 'error' }).metadata();
  } catch (error) {
    throw damaged(format, error);
  }
  const pages = meta.pages ?? 1;
  if (pages > 1) {
    const what = format === 'tiff' ? `multi-page TIFF (${pages} pages)` : `animated ${FORMAT_NAME[format]} (${pages} frames)`;
    throw new ImportFailureError('unsupported', `This is an ${what}; Faultline imports still images only. Save the frame you want as its own image.`);
  }
  const rawWidth = meta.width ?? 0;
  const rawHeight = meta.height ?? 0;
  if (rawWidth <= 0 || rawHeight <= 0) throw damaged(format, new Error('the header gives no size'));
  checkPixels(rawWidth, rawHeight, options.maxPixels);
  const swapped = (meta.orientation ?? 1) >= 5;
  const width = meta.autoOrient?.width ?? (swapped ? rawHeight : rawWidth);
  const height = meta.autoOrient?.height ?? (swapped ? rawWidth : rawHeight);

  try {
    const image = sharp(bytes, { limitInputPixels: options.maxPixels, failOn: 'error' }).rotate();
    return { format, width, height, thumbnail: await thumbnailOf(image, options.thumbnailSize) };
  } catch (error) {
    throw damaged(format, error);
  }
}
