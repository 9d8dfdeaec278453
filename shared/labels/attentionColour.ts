/**
 * The colour of marks drawn over a mask (flagged pixels, review marks), chosen so that no class
 * colour of the project can be mistaken for it. Rule: among vivid candidates (the fully saturated
 * hues every 15° at full and at 3/4 brightness, and white), take the one whose smallest CIELAB
 * distance (ΔE*ab, CIE76) to any class colour is largest; ties keep the earlier candidate. A
 * fixed magenta failed on the Cityscapes palette, whose sidewalk (244,35,232) is ΔE ≈ 13 away.
 * Flagged pixels and review pins both take it, so the rule lives here once.
 */

export type Rgb = readonly [number, number, number];

export interface AttentionColour {
  rgb: Rgb;
  /** CSS hex, e.g. '#00ff7f'. */
  hex: string;
  /** ΔE*ab to the nearest class colour; Infinity for a project without classes. */
  nearestDeltaE: number;
  /** Black or white, whichever reads better on it (numbers on review pins). */
  text: '#000000' | '#ffffff';
}

export function parseHexColour(hex: string): Rgb {
  const v = Number.parseInt(hex.replace('#', ''), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

export function hexOf(rgb: Rgb): string {
  return `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

function linear(channel: number): number {
  const c = channel / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** sRGB (D65) to CIELAB. */
export function toLab([r, g, b]: Rgb): [number, number, number] {
  const [lr, lg, lb] = [linear(r), linear(g), linear(b)];
  const x = (0.4124 * lr + 0.3576 * lg + 0.1805 * lb) / 0.95047;
  const y = 0.2126 * lr + 0.7152 * lg + 0.0722 * lb;
  const z = (0.0193 * lr + 0.1192 * lg + 0.9505 * lb) / 1.08883;
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116);
  const [fx, fy, fz] = [f(x), f(y), f(z)];
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}

export function deltaE(a: Rgb, b: Rgb): number {
  const [l1, a1, b1] = toLab(a);
  const [l2, a2, b2] = toLab(b);
  return Math.hypot(l1 - l2, a1 - a2, b1 - b2);
}

/** Fully saturated hue at brightness v (HSV with s = 1). */
function hue(degrees: number, v: number): Rgb {
  const h = degrees / 60;
  const x = 1 - Math.abs((h % 2) - 1);
  const [r, g, b] = h < 1 ? [1, x, 0] : h < 2 ? [x, 1, 0] : h < 3 ? [0, 1, x] : h < 4 ? [0, x, 1] : h < 5 ? [x, 0, 1] : [1, 0, x];
  return [Math.round(r * v * 255), Math.round(g * v * 255), Math.round(b * v * 255)];
}

const CANDIDATES: readonly Rgb[] = [
  ...[1, 0.75].flatMap((v) => Array.from({ length: 24 }, (_, i) => hue(i * 15, v))),
  [255, 255, 255],
];

export function attentionColour(classColours: readonly string[]): AttentionColour {
  const classes = classColours.map(parseHexColour);
  let best: AttentionColour | null = null;
  for (const rgb of CANDIDATES) {
    const nearest = classes.reduce((min, c) => Math.min(min, deltaE(rgb, c)), Number.POSITIVE_INFINITY);
    if (!best || nearest > best.nearestDeltaE) best = { rgb, hex: hexOf(rgb), nearestDeltaE: nearest, text: toLab(rgb)[0] > 60 ? '#000000' : '#ffffff' };
  }
  return best!;
}
