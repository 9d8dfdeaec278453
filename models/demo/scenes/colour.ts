/** Colour arithmetic for scene paints: all values are linear-ish sRGB triples in 0..255. */
export type Rgb = readonly [number, number, number];

const clamp255 = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : v);

export function toHex(c: Rgb): string {
  let s = '#';
  for (const v of c) s += Math.round(clamp255(v)).toString(16).padStart(2, '0');
  return s;
}

export function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

export function scale(c: Rgb, k: number): Rgb {
  return [c[0] * k, c[1] * k, c[2] * k];
}

export function multiply(c: Rgb, tint: Rgb): Rgb {
  return [(c[0] * tint[0]) / 255, (c[1] * tint[1]) / 255, (c[2] * tint[2]) / 255];
}

/** Same matrix as SVG feColorMatrix type="hueRotate": keeps luminance, turns the hue. */
export function hueRotate(c: Rgb, degrees: number): Rgb {
  const a = (degrees * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const [r, g, b] = c;
  return [
    r * (0.213 + cos * 0.787 - sin * 0.213) + g * (0.715 - cos * 0.715 - sin * 0.715) + b * (0.072 - cos * 0.072 + sin * 0.928),
    r * (0.213 - cos * 0.213 + sin * 0.143) + g * (0.715 + cos * 0.285 + sin * 0.14) + b * (0.072 - cos * 0.072 - sin * 0.283),
    r * (0.213 - cos * 0.213 - sin * 0.787) + g * (0.715 - cos * 0.715 + sin * 0.715) + b * (0.072 + cos * 0.928 + sin * 0.072),
  ];
}

/** A random variation of a base colour: brightness and per-channel jitter. */
export function jitter(c: Rgb, brightness: number, channel: readonly [number, number, number]): Rgb {
  return [c[0] * brightness + channel[0], c[1] * brightness + channel[1], c[2] * brightness + channel[2]];
}
