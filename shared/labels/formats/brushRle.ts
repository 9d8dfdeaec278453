/**
 * Label Studio's brush RLE: the @thi.ng/rle-pack encoding of the mask as RGBA bytes (width ×
 * height × 4). A bit stream, most significant bit first: 32 bits value count, 5 bits word size − 1,
 * four 4-bit run-length widths − 1; then chunks of 1 flag bit, 2 bits choosing a run-length width,
 * that many bits of length − 1, then one word repeated (flag 1) or `length` literal words (flag 0).
 */
export function decodeBrushRle(bytes: ArrayLike<number>): Uint8Array {
  let bit = 0;
  const totalBits = bytes.length * 8;
  const read = (n: number): number => {
    if (bit + n > totalBits) throw new RangeError('the brush RLE ends early');
    let v = 0;
    for (let k = 0; k < n; k++, bit++) v = v * 2 + ((bytes[bit >> 3]! >> (7 - (bit & 7))) & 1);
    return v;
  };
  const count = read(32);
  const wordSize = read(5) + 1;
  const sizes = [read(4) + 1, read(4) + 1, read(4) + 1, read(4) + 1];
  if (wordSize > 8) throw new RangeError(`the brush RLE has ${wordSize}-bit words; masks use 8`);
  const out = new Uint8Array(count);
  for (let i = 0; i < count; ) {
    const repeat = read(1) === 1;
    const end = i + 1 + read(sizes[read(2)]!);
    if (end > count) throw new RangeError('the brush RLE runs past its length');
    if (repeat) {
      out.fill(read(wordSize), i, end);
      i = end;
    } else {
      for (; i < end; i++) out[i] = read(wordSize);
    }
  }
  return out;
}
