/**
 * A small BMP reader, because the libvips inside sharp has no BMP loader. It reads what cameras,
 * scanners and old datasets write: uncompressed 1/4/8-bit palette, 16/24/32-bit, and 16/32-bit
 * with bit-field masks, bottom-up or top-down. RLE and embedded JPEG/PNG are refused as
 * unsupported variants. Output is always 8-bit RGB (alpha is dropped: models read RGB).
 */

export class BmpError extends Error {
  constructor(
    readonly kind: 'unsupported' | 'corrupt',
    message: string,
  ) {
    super(message);
    this.name = 'BmpError';
  }
}

export interface BmpHeader {
  width: number;
  height: number;
  topDown: boolean;
  bitsPerPixel: number;
  compression: number;
  dataOffset: number;
  /** Offset and size of each palette entry, for palette images. */
  paletteOffset: number;
  paletteEntrySize: 3 | 4;
  paletteSize: number;
  /** Red, green, blue masks for 16/32-bit pixels. */
  masks: [number, number, number] | null;
  rowStride: number;
}

export interface DecodedBmp {
  width: number;
  height: number;
  channels: 3;
  data: Uint8Array;
}

const BI_RGB = 0;
const BI_RLE8 = 1;
const BI_RLE4 = 2;
const BI_BITFIELDS = 3;
const BI_JPEG = 4;
const BI_PNG = 5;
const BI_ALPHABITFIELDS = 6;

const COMPRESSION_NAMES: Record<number, string> = {
  [BI_RLE8]: 'RLE8-compressed',
  [BI_RLE4]: 'RLE4-compressed',
  [BI_JPEG]: 'JPEG-in-BMP',
  [BI_PNG]: 'PNG-in-BMP',
};

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Reads and checks the headers only, so the pixel count can be checked before anything is decoded. */
export function readBmpHeader(bytes: Uint8Array): BmpHeader {
  if (bytes.length < 26 || bytes[0] !== 0x42 || bytes[1] !== 0x4d) throw new BmpError('corrupt', 'not a BMP file (no BM signature)');
  const v = view(bytes);
  const dataOffset = v.getUint32(10, true);
  const headerSize = v.getUint32(14, true);
  let width: number;
  let rawHeight: number;
  let bitsPerPixel: number;
  let compression = BI_RGB;
  let colorsUsed = 0;
  let paletteEntrySize: 3 | 4 = 4;
  if (headerSize === 12) {
    width = v.getUint16(18, true);
    rawHeight = v.getUint16(20, true);
    bitsPerPixel = v.getUint16(24, true);
    paletteEntrySize = 3;
  } else if (headerSize >= 40 && headerSize <= 124) {
    if (bytes.length < 14 + 40) throw new BmpError('corrupt', 'the BMP header is truncated');
    width = v.getInt32(18, true);
    rawHeight = v.getInt32(22, true);
    bitsPerPixel = v.getUint16(28, true);
    compression = v.getUint32(30, true);
    colorsUsed = v.getUint32(46, true);
  } else {
    throw new BmpError('unsupported', `BMP variant not supported (header size ${headerSize})`);
  }
  const unsupported = COMPRESSION_NAMES[compression];
  if (unsupported) throw new BmpError('unsupported', `BMP variant not supported (${unsupported})`);
  if (compression !== BI_RGB && compression !== BI_BITFIELDS && compression !== BI_ALPHABITFIELDS) {
    throw new BmpError('unsupported', `BMP variant not supported (compression ${compression})`);
  }
  if (![1, 4, 8, 16, 24, 32].includes(bitsPerPixel)) throw new BmpError('unsupported', `BMP variant not supported (${bitsPerPixel} bits per pixel)`);
  if (compression !== BI_RGB && bitsPerPixel !== 16 && bitsPerPixel !== 32) {
    throw new BmpError('corrupt', `bit-field masks given for a ${bitsPerPixel}-bit BMP`);
  }
  if (width <= 0 || rawHeight === 0) throw new BmpError('corrupt', `the BMP header gives an empty size (${width}×${rawHeight})`);

  let masks: [number, number, number] | null = null;
  if (compression === BI_BITFIELDS || compression === BI_ALPHABITFIELDS) {
    // Masks sit inside V2+ headers, or right after a 40-byte header.
    const at = 14 + 40;
    if (bytes.length < at + 12) throw new BmpError('corrupt', 'the BMP bit-field masks are truncated');
    masks = [v.getUint32(at, true), v.getUint32(at + 4, true), v.getUint32(at + 8, true)];
  } else if (bitsPerPixel === 16) {
    masks = [0x7c00, 0x03e0, 0x001f];
  } else if (bitsPerPixel === 32) {
    masks = [0x00ff0000, 0x0000ff00, 0x000000ff];
  }
  const extraMasks = headerSize === 40 ? (compression === BI_BITFIELDS ? 12 : compression === BI_ALPHABITFIELDS ? 16 : 0) : 0;
  const paletteOffset = 14 + headerSize + extraMasks;
  // The OS/2 header has no colour count: the palette fills the gap up to the pixels.
  if (headerSize === 12) colorsUsed = Math.max(0, Math.floor((dataOffset - paletteOffset) / 3));
  const paletteSize = bitsPerPixel <= 8 ? Math.min(colorsUsed || 1 << bitsPerPixel, 1 << bitsPerPixel) : 0;
  if (paletteSize > 0 && paletteOffset + paletteSize * paletteEntrySize > bytes.length) throw new BmpError('corrupt', 'the BMP palette is truncated');

  return {
    width,
    height: Math.abs(rawHeight),
    topDown: rawHeight < 0,
    bitsPerPixel,
    compression,
    dataOffset,
    paletteOffset,
    paletteEntrySize,
    paletteSize,
    masks,
    rowStride: Math.floor((bitsPerPixel * width + 31) / 32) * 4,
  };
}

/** Shift and scale that turn a bit-field mask into an 8-bit channel value. */
function channelReader(mask: number): (pixel: number) => number {
  if (mask === 0) return () => 0;
  let shift = 0;
  while (((mask >>> shift) & 1) === 0) shift++;
  const max = mask >>> shift;
  return (pixel) => Math.round((((pixel & mask) >>> shift) * 255) / max);
}

export function decodeBmp(bytes: Uint8Array, header: BmpHeader = readBmpHeader(bytes)): DecodedBmp {
  const { width, height, bitsPerPixel, rowStride, dataOffset } = header;
  if (dataOffset + rowStride * height > bytes.length) {
    throw new BmpError('corrupt', `the BMP is truncated (${bytes.length} bytes; its pixels need ${dataOffset + rowStride * height})`);
  }
  const v = view(bytes);
  const out = new Uint8Array(width * height * 3);
  const palette = new Uint8Array(256 * 3);
  for (let i = 0; i < header.paletteSize; i++) {
    const at = header.paletteOffset + i * header.paletteEntrySize;
    palette[i * 3] = bytes[at + 2]!;
    palette[i * 3 + 1] = bytes[at + 1]!;
    palette[i * 3 + 2] = bytes[at]!;
  }
  const [readR, readG, readB] = (header.masks ?? [0, 0, 0]).map(channelReader) as [
    (p: number) => number,
    (p: number) => number,
    (p: number) => number,
  ];
  for (let y = 0; y < height; y++) {
    const row = dataOffset + (header.topDown ? y : height - 1 - y) * rowStride;
    let o = y * width * 3;
    for (let x = 0; x < width; x++, o += 3) {
      if (bitsPerPixel <= 8) {
        const bit = x * bitsPerPixel;
        const byte = bytes[row + (bit >> 3)]!;
        const index = (byte >> (8 - bitsPerPixel - (bit & 7))) & ((1 << bitsPerPixel) - 1);
        out[o] = palette[index * 3]!;
        out[o + 1] = palette[index * 3 + 1]!;
        out[o + 2] = palette[index * 3 + 2]!;
      } else if (bitsPerPixel === 24) {
        const at = row + x * 3;
        out[o] = bytes[at + 2]!;
        out[o + 1] = bytes[at + 1]!;
        out[o + 2] = bytes[at]!;
      } else {
        const pixel = bitsPerPixel === 16 ? v.getUint16(row + x * 2, true) : v.getUint32(row + x * 4, true);
        out[o] = readR(pixel);
        out[o + 1] = readG(pixel);
        out[o + 2] = readB(pixel);
      }
    }
  }
  return { width, height, channels: 3, data: out };
}
