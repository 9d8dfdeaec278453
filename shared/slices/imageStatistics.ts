/**
 * Whole-image appearance statistics of packed 8-bit RGB, each on [0, 1]-ish scales so that a
 * person can read them: brightness is the mean Rec. 601 luma / 255, contrast the RMS contrast
 * (standard deviation of luma / 255), colourfulness the Hasler–Süsstrunk measure
 * σ_rgyb + 0.3·μ_rgyb over the opponent channels rg = R − G, yb = (R + G)/2 − B, / 255.
 */
export interface ImageStatistics {
  brightness: number;
  contrast: number;
  colourfulness: number;
}

export function imageStatistics(rgb: Uint8Array): ImageStatistics {
  const n = Math.floor(rgb.length / 3);
  if (n === 0) return { brightness: Number.NaN, contrast: Number.NaN, colourfulness: Number.NaN };
  let sy = 0;
  let syy = 0;
  let srg = 0;
  let srg2 = 0;
  let syb = 0;
  let syb2 = 0;
  for (let i = 0; i < n; i++) {
    const r = rgb[3 * i]!;
    const g = rgb[3 * i + 1]!;
    const b = rgb[3 * i + 2]!;
    const y = 0.299 * r + 0.587 * g + 0.114 * b;
    sy += y;
    syy += y * y;
    const rg = r - g;
    const yb = 0.5 * (r + g) - b;
    srg += rg;
    srg2 += rg * rg;
    syb += yb;
    syb2 += yb * yb;
  }
  const my = sy / n;
  const mrg = srg / n;
  const myb = syb / n;
  const variance = (sq: number, m: number): number => Math.max(0, sq / n - m * m);
  return {
    brightness: my / 255,
    contrast: Math.sqrt(variance(syy, my)) / 255,
    colourfulness: (Math.sqrt(variance(srg2, mrg) + variance(syb2, myb)) + 0.3 * Math.sqrt(mrg * mrg + myb * myb)) / 255,
  };
}
