import { describe, expect, it } from 'vitest';
import { AssistCard } from '../../../shared/assist/assistCard.js';
import { assistFrame, lowResBounds, MASK_INPUT_LOGIT, maskFromLowRes, maskInputFromRegion, toInputPoint, wholeInput, type AssistFrame } from '../../../shared/assist/assistFrame.js';

describe('assistFrame', () => {
  it('scales the long side to the input size and rounds the short side half up (SAM)', () => {
    expect(assistFrame(640, 480, 'longest-side', 1024)).toEqual({ width: 640, height: 480, size: 1024, scaledW: 1024, scaledH: 768 });
    // 1080 · 1024/1920 = 576 exactly.
    expect(assistFrame(1920, 1080, 'longest-side', 1024)).toMatchObject({ scaledW: 1024, scaledH: 576 });
    // 3 · 8/5 = 4.8 → 5 (half up); portrait keeps the height at the input size.
    expect(assistFrame(3, 5, 'longest-side', 8)).toMatchObject({ scaledW: 5, scaledH: 8 });
    // 1 · 8/3 = 2.667 → 3; 2 · 8/3 = 5.333 → 5.
    expect(assistFrame(3, 1, 'longest-side', 8)).toMatchObject({ scaledW: 8, scaledH: 3 });
  });

  it('stretches both sides to the input size under SAM 2’s rule', () => {
    expect(assistFrame(640, 480, 'square', 1024)).toMatchObject({ scaledW: 1024, scaledH: 1024 });
  });

  it('maps image pixels to prompt coordinates as apply_coords does', () => {
    expect(toInputPoint(assistFrame(640, 480, 'longest-side', 1024), 100, 50)).toEqual([160, 80]);
    expect(toInputPoint(assistFrame(1920, 1080, 'longest-side', 1024), 960, 540)).toEqual([512, 288]);
    const [x, y] = toInputPoint(assistFrame(3, 5, 'longest-side', 8), 2, 4);
    expect(x).toBeCloseTo(10 / 3, 10);
    expect(y).toBeCloseTo(6.4, 10);
    const [sx, sy] = toInputPoint(assistFrame(640, 480, 'square', 1024), 100, 50);
    expect(sx).toBe(160);
    expect(sy).toBeCloseTo(320 / 3, 10);
  });

  it('rejects empty sizes', () => {
    expect(() => assistFrame(0, 5, 'longest-side', 8)).toThrow(RangeError);
  });
});

describe('maskFromLowRes', () => {
  it('reads one logit per pixel when the low-res map is the scaled image exactly', () => {
    // 4×2 image into 8: scaled 8×4; a 4×4 low-res map halves that, so pixel (x, y) sits on cell (x, y).
    const frame = assistFrame(4, 2, 'longest-side', 8);
    const logits = Float32Array.from([1, -1, 1, -1, -1, -1, 2, 2, 9, 9, 9, 9, 9, 9, 9, 9]);
    const out = new Uint8Array(8);
    expect(maskFromLowRes(wholeInput(logits, 4, 4, frame), frame, out)).toEqual({ x: 0, y: 0, width: 4, height: 2 });
    expect(Array.from(out)).toEqual([1, 0, 1, 0, 0, 0, 1, 1]);
  });

  it('interpolates between cells and ignores the padding rows', () => {
    // 2×1 image into 8: scaled 8×4; pixel centres land halfway between low-res cells 0 and 1 on both axes.
    const frame = assistFrame(2, 1, 'longest-side', 8);
    const out = new Uint8Array(2);
    // Pixel 0 averages cells (0,0), (1,0), (0,1), (1,1): (1 − 3 + 1 − 3)/4 = −1 → off. Pixel 1: (3 − 1 + 3 − 1)/4 = 1 → on.
    const logits = Float32Array.from([1, -3, 3, -1, 1, -3, 3, -1, 50, 50, 50, 50, 50, 50, 50, 50]);
    expect(maskFromLowRes(wholeInput(logits, 4, 4, frame), frame, out)).toEqual({ x: 1, y: 0, width: 1, height: 1 });
    expect(Array.from(out)).toEqual([0, 1]);
  });

  it('gives null when nothing is above zero', () => {
    const out = new Uint8Array(8);
    const frame = assistFrame(4, 2, 'longest-side', 8);
    expect(maskFromLowRes(wholeInput(new Float32Array(16).fill(-1), 4, 4, frame), frame, out)).toBeNull();
    expect(lowResBounds(wholeInput(new Float32Array(16).fill(-1), 4, 4, frame), frame)).toBeNull();
  });
});

/** Each pixel's bilinear reading of lowW × lowH logits over the whole input, thresholded at 0, one by one. */
function directMask(logits: Float32Array, lowW: number, lowH: number, frame: AssistFrame): Uint8Array {
  const sample = (u: number, v: number) => {
    const cu = Math.min(lowW - 1, Math.max(0, u));
    const cv = Math.min(lowH - 1, Math.max(0, v));
    const i0 = Math.floor(cu);
    const j0 = Math.floor(cv);
    const i1 = Math.min(lowW - 1, i0 + 1);
    const j1 = Math.min(lowH - 1, j0 + 1);
    const at = (i: number, j: number) => logits[j * lowW + i]!;
    const top = at(i0, j0) + (at(i1, j0) - at(i0, j0)) * (cu - i0);
    const bottom = at(i0, j1) + (at(i1, j1) - at(i0, j1)) * (cu - i0);
    return top + (bottom - top) * (cv - j0);
  };
  const { width, height } = frame;
  const direct = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const u = (((x + 0.5) * frame.scaledW) / width) * (lowW / frame.size) - 0.5;
      const v = (((y + 0.5) * frame.scaledH) / height) * (lowH / frame.size) - 0.5;
      direct[y * width + x] = sample(u, v) > 0 ? 1 : 0;
    }
  }
  return direct;
}

describe('maskFromLowRes against a direct bilinear reading', () => {
  it('gives the same mask when it only reads the box of positive cells', () => {
    // 37×23 image into 64, 16×16 logits: negative but for a blob of positive cells.
    const frame = assistFrame(37, 23, 'longest-side', 64);
    const logits = new Float32Array(256).map((_, i) => ((i * 7919) % 13) - 20);
    for (const cell of [5 * 16 + 6, 5 * 16 + 7, 6 * 16 + 7, 9 * 16 + 2]) logits[cell] = 30;
    const out = new Uint8Array(37 * 23);
    maskFromLowRes(wholeInput(logits, 16, 16, frame), frame, out);
    expect(Array.from(out)).toEqual(Array.from(directMask(logits, 16, 16, frame)));
    expect(out.reduce((a, b) => a + b, 0)).toBeGreaterThan(10);
  });

  it('gives the same mask when it fills blocks of pixels between four positive cells at once', () => {
    // 16×16 logits blown up to 300×170: a disc of positive cells (filled inside, read pixel by pixel at its edge) and a hole.
    const frame = assistFrame(300, 170, 'longest-side', 64);
    const logits = new Float32Array(256).map((_, i) => 5 - Math.hypot((i % 16) - 7, Math.floor(i / 16) - 4) * (1 + ((i * 31) % 7) / 10));
    logits[4 * 16 + 8] = -3;
    const out = new Uint8Array(300 * 170);
    const rect = maskFromLowRes(wholeInput(logits, 16, 16, frame), frame, out);
    const direct = directMask(logits, 16, 16, frame);
    expect(out.findIndex((v, i) => v !== direct[i])).toBe(-1);
    let [on, x0, y0, x1, y1] = [0, 300, 170, -1, -1];
    direct.forEach((v, i) => {
      if (!v) return;
      on++;
      [x0, x1, y0, y1] = [Math.min(x0, i % 300), Math.max(x1, i % 300), Math.min(y0, Math.floor(i / 300)), Math.max(y1, Math.floor(i / 300))];
    });
    expect(on).toBeGreaterThan(2000);
    expect(on).toBeLessThan(300 * 170);
    expect(rect).toEqual({ x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 });
  });
});

describe('maskFromLowRes sampled by cells', () => {
  // 16×16 logits over a 301×171 image (odd sides: the last cells are cut by the image's edge).
  const frame = assistFrame(301, 171, 'longest-side', 64);
  const logits = new Float32Array(256).map((_, i) => 5 - Math.hypot((i % 16) - 7, Math.floor(i / 16) - 4) * (1 + ((i * 31) % 7) / 10));
  const reading = wholeInput(logits, 16, 16, frame);
  const full = new Uint8Array(301 * 171);
  const rect = maskFromLowRes(reading, frame, full)!;

  it('gives each cell the pixel at its centre, the last cells the pixel at the image’s edge', () => {
    for (const step of [2, 3, 7]) {
      const across = Math.ceil(301 / step);
      const down = Math.ceil(171 / step);
      const samples = new Uint8Array(across * down);
      const box = maskFromLowRes(reading, frame, samples, step)!;
      const half = step >> 1;
      const expected = new Uint8Array(across * down);
      let [x0, y0, x1, y1] = [across, down, -1, -1];
      for (let cy = 0; cy < down; cy++) {
        for (let cx = 0; cx < across; cx++) {
          const on = full[Math.min(170, cy * step + half) * 301 + Math.min(300, cx * step + half)]!;
          expected[cy * across + cx] = on;
          if (on) [x0, y0, x1, y1] = [Math.min(x0, cx), Math.min(y0, cy), Math.max(x1, cx), Math.max(y1, cy)];
        }
      }
      expect(samples.findIndex((v, i) => v !== expected[i])).toBe(-1);
      expect(box).toEqual({ x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 });
    }
  });

  it('refuses a sample buffer of the wrong size', () => {
    expect(() => maskFromLowRes(reading, frame, new Uint8Array(151 * 85), 2)).toThrow(/expected 151×86/);
  });

  it('bounds the pixels that can be on before making any: the object’s box, at most a cell wider', () => {
    const bounds = lowResBounds(reading, frame)!;
    expect(bounds.x).toBeLessThanOrEqual(rect.x);
    expect(bounds.y).toBeLessThanOrEqual(rect.y);
    expect(bounds.x + bounds.width).toBeGreaterThanOrEqual(rect.x + rect.width);
    expect(bounds.y + bounds.height).toBeGreaterThanOrEqual(rect.y + rect.height);
    // A logit cell is 4 of the input's 64 units: 4 · 301 / 64 ≈ 19 image pixels.
    const cell = Math.ceil(301 / 16);
    expect(rect.x - bounds.x).toBeLessThanOrEqual(cell);
    expect(bounds.x + bounds.width - (rect.x + rect.width)).toBeLessThanOrEqual(cell);
  });
});

describe('maskInputFromRegion', () => {
  it('samples the region under each cell centre and leaves the padding outside', () => {
    // 4×2 image into 8: scaled 8×4; a 4×4 mask input: cells (x, y < 2) sit on pixel (x, y), rows 2–3 are padding.
    const frame = assistFrame(4, 2, 'longest-side', 8);
    const region = Uint8Array.from([0, 1, 1, 0, 0, 0, 0, 1]);
    const L = MASK_INPUT_LOGIT;
    expect(Array.from(maskInputFromRegion(region, frame, 4, 4))).toEqual([-L, L, L, -L, -L, -L, -L, L, -L, -L, -L, -L, -L, -L, -L, -L]);
  });
});

describe('maskFromLowRes over the scaled image only', () => {
  it('reads logits that cover only the scaled image (EfficientSAM at the frame size)', () => {
    // 2×1 image into 4: scaled 4×2; logits 4×2 over those 4×2 input units: pixel x covers cells 2x and 2x+1, averaged with rows 0 and 1.
    const frame = assistFrame(2, 1, 'longest-side', 4);
    const out = new Uint8Array(2);
    expect(maskFromLowRes({ logits: Float32Array.from([-1, -1, 1, 1, -1, -1, 1, 1]), width: 4, height: 2, cover: { width: 4, height: 2 } }, frame, out)).toEqual({ x: 1, y: 0, width: 1, height: 1 });
    expect(Array.from(out)).toEqual([0, 1]);
  });
});

describe('AssistCard', () => {
  it('fills SAM’s defaults and refuses files outside the folder', () => {
    const card = AssistCard.parse({ cardVersion: 1, format: 'sam', family: 'MobileSAM', licence: 'Apache-2.0', encoder: 'encoder.onnx', decoder: 'decoder.onnx' });
    expect(card).toMatchObject({ resize: 'longest-side', inputSize: 1024 });
    expect(() => AssistCard.parse({ ...card, encoder: '../other/encoder.onnx' })).toThrow();
    expect(() => AssistCard.parse({ ...card, extra: 1 })).toThrow();
  });
});
