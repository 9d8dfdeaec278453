/**
 * COCO run-length encoding of binary masks, bit-compatible with pycocotools (maskApi.c).
 * Runs alternate 0s and 1s starting with 0s (a leading run may be 0 long) over the pixels in
 * column-major order, and `size` is [height, width]. Our masks are row-major, so encode and
 * decode transpose on the fly. The compressed string form stores each count (from the fourth on,
 * as the difference with the count two before) in 5-bit groups, low first, one char per group
 * ('0' + group, 0x20 = more follows, 0x10 on the last group = negative).
 */

export interface Rle {
  /** [height, width], as COCO. */
  size: [number, number];
  counts: number[];
}

export interface CompressedRle {
  size: [number, number];
  counts: string;
}

/** Uncompressed COCO RLE of a row-major mask (any non-zero byte is foreground). */
export function encodeRle(mask: Uint8Array, width: number, height: number): Rle {
  checkSize(mask.length, width, height);
  // Reading column by column strides through memory; instead two row-major passes collect, per
  // column, the rows where the value changes, then the columns are walked in order.
  const perColumn = new Int32Array(width + 1);
  for (let y = 1; y < height; y++) {
    for (let x = 0, i = y * width; x < width; x++, i++) {
      const v = mask[i] as number;
      const u = mask[i - width] as number;
      if (v !== u && (v === 0 || u === 0)) perColumn[x + 1] = (perColumn[x + 1] as number) + 1;
    }
  }
  for (let x = 0; x < width; x++) perColumn[x + 1] = (perColumn[x + 1] as number) + (perColumn[x] as number);
  const changeRows = new Int32Array(perColumn[width] as number);
  const fillAt = perColumn.slice(0, width);
  for (let y = 1; y < height; y++) {
    for (let x = 0, i = y * width; x < width; x++, i++) {
      const v = mask[i] as number;
      const u = mask[i - width] as number;
      if (v !== u && (v === 0 || u === 0)) {
        const at = fillAt[x] as number;
        changeRows[at] = y;
        fillAt[x] = at + 1;
      }
    }
  }
  const counts: number[] = [];
  let current = false;
  let runStart = 0;
  for (let x = 0; x < width; x++) {
    const base = x * height;
    if (height > 0 && (mask[x] !== 0) !== current) {
      counts.push(base - runStart);
      runStart = base;
      current = !current;
    }
    for (let k = perColumn[x] as number, end = perColumn[x + 1] as number; k < end; k++) {
      const at = base + (changeRows[k] as number);
      counts.push(at - runStart);
      runStart = at;
      current = !current;
    }
  }
  counts.push(width * height - runStart);
  return { size: [height, width], counts };
}

/** Row-major 0/1 mask from an RLE in either form; throws if the counts do not cover exactly height·width pixels. */
export function decodeRle(rle: Rle | CompressedRle): Uint8Array {
  const [height, width] = rle.size;
  checkSize(width * height, width, height);
  const counts = typeof rle.counts === 'string' ? decompressRleCounts(rle.counts) : rle.counts;
  const total = width * height;
  const mask = new Uint8Array(total);
  let pos = 0;
  for (let r = 0; r < counts.length; r++) {
    const n = counts[r] as number;
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`invalid RLE count ${n} at ${r}`);
    if (pos + n > total) throw new RangeError(`RLE counts exceed ${height}×${width} pixels`);
    if (r % 2 === 1) {
      // Column-major run [pos, pos + n): write it column segment by column segment.
      let x = Math.floor(pos / height);
      let y = pos - x * height;
      let left = n;
      while (left > 0) {
        const take = Math.min(left, height - y);
        for (let i = y * width + x, end = (y + take) * width + x; i < end; i += width) mask[i] = 1;
        left -= take;
        x++;
        y = 0;
      }
    }
    pos += n;
  }
  if (pos !== total) throw new RangeError(`RLE counts cover ${pos} of ${total} pixels`);
  return mask;
}

/** pycocotools' rleToString: the compact ASCII form of the counts. */
export function compressRleCounts(counts: readonly number[]): string {
  const chars: number[] = [];
  for (let i = 0; i < counts.length; i++) {
    let x = (counts[i] as number) - (i > 2 ? (counts[i - 2] as number) : 0);
    let more = true;
    while (more) {
      // Arithmetic instead of bit operators so counts above 2^31 survive.
      let c = x - Math.floor(x / 32) * 32;
      x = Math.floor(x / 32);
      more = c & 0x10 ? x !== -1 : x !== 0;
      if (more) c |= 0x20;
      chars.push(c + 48);
    }
  }
  let out = '';
  // Chunked: spreading millions of arguments into one call overflows the stack.
  for (let i = 0; i < chars.length; i += 8192) out += String.fromCharCode(...chars.slice(i, i + 8192));
  return out;
}

/** pycocotools' rleFrString: counts from the compact ASCII form; throws on characters outside '0'..'o'. */
export function decompressRleCounts(s: string): number[] {
  const counts: number[] = [];
  let p = 0;
  while (p < s.length) {
    let x = 0;
    let scale = 1;
    let more = true;
    while (more) {
      if (p >= s.length) throw new RangeError('truncated compressed RLE string');
      const c = s.charCodeAt(p) - 48;
      if (c < 0 || c > 63) throw new RangeError(`invalid compressed RLE character at ${p}`);
      x += (c & 0x1f) * scale;
      scale *= 32;
      more = (c & 0x20) !== 0;
      p++;
      if (!more && c & 0x10) x -= scale;
    }
    const m = counts.length;
    if (m > 2) x += counts[m - 2] as number;
    counts.push(x);
  }
  return counts;
}

/** Compressed COCO RLE (the `counts` string pycocotools.mask.encode produces) of a row-major mask. */
export function encodeCompressedRle(mask: Uint8Array, width: number, height: number): CompressedRle {
  const { size, counts } = encodeRle(mask, width, height);
  return { size, counts: compressRleCounts(counts) };
}

/** Throws unless width and height are non-negative integers matching the pixel count. */
function checkSize(length: number, width: number, height: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 0 || height < 0) {
    throw new RangeError(`invalid mask size ${width}×${height}`);
  }
  if (length !== width * height) throw new RangeError(`mask has ${length} pixels, expected ${width}×${height}`);
}
