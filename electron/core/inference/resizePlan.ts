import type { ResizePolicy } from '../../../shared/models/modelCard.js';

/**
 * Where an image lands in a model's input. The image is scaled to scaledW × scaledH and its
 * top-left corner placed at (offsetX, offsetY) of the inW × inH input: a positive offset leaves
 * padding (letterbox), a negative one cuts the image (crop).
 */
export interface ResizePlan {
  srcW: number;
  srcH: number;
  inW: number;
  inH: number;
  scaledW: number;
  scaledH: number;
  offsetX: number;
  offsetY: number;
}

export function planResize(srcW: number, srcH: number, inW: number, inH: number, policy: ResizePolicy): ResizePlan {
  if (!(srcW >= 1 && srcH >= 1 && inW >= 1 && inH >= 1)) throw new RangeError(`sizes must be positive, got ${srcW}×${srcH} into ${inW}×${inH}`);
  if (policy === 'stretch') return { srcW, srcH, inW, inH, scaledW: inW, scaledH: inH, offsetX: 0, offsetY: 0 };
  if (policy === 'letterbox') {
    const s = Math.min(inW / srcW, inH / srcH);
    const scaledW = Math.min(inW, Math.max(1, Math.round(srcW * s)));
    const scaledH = Math.min(inH, Math.max(1, Math.round(srcH * s)));
    return { srcW, srcH, inW, inH, scaledW, scaledH, offsetX: Math.floor((inW - scaledW) / 2), offsetY: Math.floor((inH - scaledH) / 2) };
  }
  const s = Math.max(inW / srcW, inH / srcH);
  const scaledW = Math.max(inW, Math.round(srcW * s));
  const scaledH = Math.max(inH, Math.round(srcH * s));
  return { srcW, srcH, inW, inH, scaledW, scaledH, offsetX: 0 - Math.floor((scaledW - inW) / 2), offsetY: 0 - Math.floor((scaledH - inH) / 2) };
}

/**
 * Affine map from a pixel index of the original image, or of a map of it at another size (`at`,
 * e.g. a prediction stored at bounded resolution), to the continuous coordinate of the score map
 * (outW × outH, covering the whole input) whose pixel centres sit at integers:
 * outX = (x + 0.5) · ax + bx − 0.5, likewise for y.
 */
export interface OutputMapping {
  ax: number;
  bx: number;
  ay: number;
  by: number;
}

export function outputMapping(plan: ResizePlan, outW: number, outH: number, at: { width: number; height: number } = { width: plan.srcW, height: plan.srcH }): OutputMapping {
  const sx = outW / plan.inW;
  const sy = outH / plan.inH;
  return {
    ax: (plan.scaledW / at.width) * sx,
    bx: plan.offsetX * sx,
    ay: (plan.scaledH / at.height) * sy,
    by: plan.offsetY * sy,
  };
}

/** Score-map pixels whose centres fall on the image (not on letterbox padding): [x0, x1) × [y0, y1). */
export function contentRegion(plan: ResizePlan, outW: number, outH: number): { x0: number; x1: number; y0: number; y1: number } {
  const range = (offset: number, scaled: number, input: number, out: number): [number, number] => {
    const lo = Math.max(0, offset);
    const hi = Math.min(input, offset + scaled);
    // Centre of output pixel i in input coordinates: (i + 0.5) · input / out.
    const first = Math.max(0, Math.ceil((lo * out) / input - 0.5));
    const last = Math.min(out, Math.ceil((hi * out) / input - 0.5));
    return last > first ? [first, last] : [Math.min(first, out - 1), Math.min(first, out - 1) + 1];
  };
  const [x0, x1] = range(plan.offsetX, plan.scaledW, plan.inW, outW);
  const [y0, y1] = range(plan.offsetY, plan.scaledH, plan.inH, outH);
  return { x0, x1, y0, y1 };
}
