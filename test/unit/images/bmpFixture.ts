/** Writes small BMP files for tests, byte by byte, so the decoder is checked against known layouts. */

export interface BmpSpec {
  width: number;
  height: number;
  bitsPerPixel: 1 | 4 | 8 | 16 | 24 | 32;
  /** Row-major pixel values: palette indices for ≤ 8 bits, packed pixel words for 16/32 bits, [r, g, b] triples for 24. */
  pixels: number[];
  palette?: Array<[number, number, number]>;
  topDown?: boolean;
  compression?: number;
  masks?: [number, number, number];
  headerSize?: 12 | 40 | 124;
}

export function encodeBmp(spec: BmpSpec): Buffer {
  const { width, height, bitsPerPixel } = spec;
  const headerSize = spec.headerSize ?? 40;
  const stride = Math.floor((bitsPerPixel * width + 31) / 32) * 4;
  const entry = headerSize === 12 ? 3 : 4;
  const palette = spec.palette ?? [];
  const maskBytes = spec.masks && headerSize === 40 ? 12 : 0;
  const dataOffset = 14 + headerSize + maskBytes + palette.length * entry;
  const out = Buffer.alloc(dataOffset + stride * height);
  out.write('BM', 0, 'latin1');
  out.writeUInt32LE(out.length, 2);
  out.writeUInt32LE(dataOffset, 10);
  out.writeUInt32LE(headerSize, 14);
  if (headerSize === 12) {
    out.writeUInt16LE(width, 18);
    out.writeUInt16LE(height, 20);
    out.writeUInt16LE(1, 22);
    out.writeUInt16LE(bitsPerPixel, 24);
  } else {
    out.writeInt32LE(width, 18);
    out.writeInt32LE(spec.topDown ? -height : height, 22);
    out.writeUInt16LE(1, 26);
    out.writeUInt16LE(bitsPerPixel, 28);
    out.writeUInt32LE(spec.compression ?? (spec.masks ? 3 : 0), 30);
    out.writeUInt32LE(stride * height, 34);
    out.writeUInt32LE(palette.length, 46);
    if (spec.masks) spec.masks.forEach((m, i) => out.writeUInt32LE(m, 54 + i * 4));
  }
  palette.forEach(([r, g, b], i) => {
    const at = 14 + headerSize + maskBytes + i * entry;
    out[at] = b;
    out[at + 1] = g;
    out[at + 2] = r;
  });
  for (let y = 0; y < height; y++) {
    const row = dataOffset + (spec.topDown ? y : height - 1 - y) * stride;
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (bitsPerPixel === 24) {
        const [r, g, b] = [spec.pixels[i * 3]!, spec.pixels[i * 3 + 1]!, spec.pixels[i * 3 + 2]!];
        out[row + x * 3] = b;
        out[row + x * 3 + 1] = g;
        out[row + x * 3 + 2] = r;
      } else if (bitsPerPixel === 16) {
        out.writeUInt16LE(spec.pixels[i]!, row + x * 2);
      } else if (bitsPerPixel === 32) {
        out.writeUInt32LE(spec.pixels[i]! >>> 0, row + x * 4);
      } else {
        const bit = x * bitsPerPixel;
        const at = row + (bit >> 3);
        out[at] = out[at]! | (spec.pixels[i]! << (8 - bitsPerPixel - (bit & 7)));
      }
    }
  }
  return out;
}
