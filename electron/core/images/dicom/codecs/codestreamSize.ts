/** The image size a codestream declares in its header, read without decoding it. */
export interface CodestreamSize {
  width: number;
  height: number;
  components: number;
}

const u16 = (b: Uint8Array, i: number): number => (b[i]! << 8) | b[i + 1]!;
const u32 = (b: Uint8Array, i: number): number => ((b[i]! << 24) >>> 0) + (b[i + 1]! << 16) + (b[i + 2]! << 8) + b[i + 3]!;

/** JPEG 2000 and HTJ2K: SOC then SIZ (ITU T.800 A.5.1), image area less its offset. */
function j2kSize(b: Uint8Array): CodestreamSize | null {
  if (b.length < 42 || u16(b, 0) !== 0xff4f || u16(b, 2) !== 0xff51) return null;
  return { width: u32(b, 8) - u32(b, 16), height: u32(b, 12) - u32(b, 20), components: u16(b, 40) };
}

/**
 * The first start-of-frame of a JPEG stream (ITU T.81 B.2.2; JPEG-LS's SOF55, T.87 C.2.2): its
 * sample precision and size. Null when the bytes end before one.
 */
export function jpegFrameHeader(b: Uint8Array): (CodestreamSize & { precision: number }) | null {
  if (b.length < 4 || u16(b, 0) !== 0xffd8) return null;
  let i = 2;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i++;
      continue;
    }
    // SOF0…SOF15 less DHT (C4), JPG (C8) and DAC (CC), and JPEG-LS's SOF55 (F7).
    const sof = (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) || marker === 0xf7;
    if (sof) return i + 10 <= b.length ? { precision: b[i + 4]!, height: u16(b, i + 5), width: u16(b, i + 7), components: b[i + 9]! } : null;
    i += 2 + u16(b, i + 2);
  }
  return null;
}

/** The size a JPEG-family or JPEG 2000 codestream declares, or null when its header is not there. */
export function codestreamSize(bytes: Uint8Array): CodestreamSize | null {
  return j2kSize(bytes) ?? jpegFrameHeader(bytes);
}
