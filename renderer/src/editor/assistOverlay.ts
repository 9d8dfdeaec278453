import type { AssistBox } from '../../../shared/assist/assistPrompt.js';
import { cropCells, cropFromMask, previewScale, runsFromCrop, type CropRuns } from '../../../shared/assist/maskCrop.js';
import type { AssistObject } from './assistController.js';
import type { View } from './viewTransform.js';

const POSITIVE = '#2ecc71';
const NEGATIVE = '#e74c3c';

/** "#rrggbb" → [r, g, b]. */
function rgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1, 7), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Rounds of the preview path run when the tool comes on, on a sample of this many pixels: enough for V8 to optimise its loops, whatever the image's size. */
const PREVIEW_WARM_ROUNDS = 3;
const PREVIEW_WARM_PIXELS = 1 << 19;

/** Runs shorter than this are stored pixel by pixel: a call to fill costs more than a few stores. */
const SHORT_RUN = 16;

/**
 * Paints the preview's runs (alternately outside and inside, starting outside): `colour` inside,
 * 0 outside (old pixels included), long runs with the typed array's native fill. Straight from the
 * runs, a fragmented preview costs one store per pixel and a decoder's few blobs a few fills; made
 * into a mask first and scanned again, full HD cost 6–12 ms.
 */
export function paintRuns(runs: Uint32Array, px: Uint32Array, colour: number): void {
  let at = 0;
  for (let k = 0; k < runs.length; k++) {
    const end = at + runs[k]!;
    const value = k & 1 ? colour : 0;
    if (end - at < SHORT_RUN) for (let i = at; i < end; i++) px[i] = value;
    else px.fill(value, at, end);
    at = end;
  }
}

/**
 * The assist preview over the mask: the decoder's mask in the current class's colour (hard
 * pixels, outside history and the label map) on one canvas, the object's clicks and its box, and
 * the box being dragged, on another above it. Both have the stage's size. A click redraws only
 * the marks: redrawing a full-HD preview with it cost the CPU the decoder was using for that
 * click; the mask is drawn again only for a new preview, colour, view or size.
 */
export class AssistOverlay {
  private readonly maskCtx: CanvasRenderingContext2D;
  private readonly marksCtx: CanvasRenderingContext2D;
  private readonly maskCanvas = document.createElement('canvas');
  private object: AssistObject | null = null;
  private dragBox: AssistBox | null = null;
  private view: View = { scale: 1, x: 0, y: 0 };
  private dpr = 1;
  private colour = '#ffffff';
  private drawnPreview: CropRuns | null = null;
  /** The preview on the stage now (null when none is shown). */
  private shownPreview: CropRuns | null = null;
  private pixels = new Uint8ClampedArray(0);
  /** Preview masks painted so far (for tests and the benchmark, which wait on a frame, not a timeout). */
  painted = 0;
  /** performance.now() when the latest preview mask was painted. */
  paintedAt = 0;
  /** Called after each preview is painted (the test probe's waits, which must not poll the page). */
  onPainted: (() => void) | null = null;

  private reserved = false;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly marks: HTMLCanvasElement,
    private readonly image: { width: number; height: number },
  ) {
    this.maskCtx = canvas.getContext('2d')!;
    this.marksCtx = marks.getContext('2d')!;
  }

  /**
   * Sizes the preview's canvas and pixels for the whole image when the tool comes on, and paints
   * an empty preview of that size so the canvas's backing store exists before the first click:
   * grown preview by preview instead, the first previews' buffers were made on the clicks. Before
   * it, a fragmented preview goes the whole way from the wire to these pixels a few times, so the
   * first clicks run optimised code (cold, unpacking and painting took 30–50 ms, warm 5).
   */
  private reserve(): void {
    if (this.reserved) return;
    this.reserved = true;
    const { width, height } = this.image;
    // A preview of the whole image has the most cells any preview of it can have.
    const scale = previewScale(width, height);
    const cells = cropCells(width, height, scale);
    this.maskCanvas.width = cells.width;
    this.maskCanvas.height = cells.height;
    this.pixels = new Uint8ClampedArray(4 * cells.width * cells.height);
    const sample = Math.min(cells.width * cells.height, PREVIEW_WARM_PIXELS);
    const fragmented = cropFromMask({ rect: { x: 0, y: 0, width: sample, height: 1 }, bits: Uint8Array.from({ length: sample }, (_, i) => (i % 7) % 3 & 1) });
    for (let k = 0; k < PREVIEW_WARM_ROUNDS; k++) paintRuns(runsFromCrop(fragmented).runs, new Uint32Array(this.pixels.buffer, 0, sample), 0);
    this.putPixels({ rect: { x: 0, y: 0, width, height }, scale, runs: Uint32Array.of(cells.width * cells.height), inside: 0 });
  }

  setSize(width: number, height: number, dpr: number): void {
    this.dpr = dpr;
    for (const c of [this.canvas, this.marks]) {
      c.width = Math.max(1, Math.round(width * dpr));
      c.height = Math.max(1, Math.round(height * dpr));
    }
    this.draw();
  }

  setView(view: View): void {
    this.view = view;
    this.draw();
  }

  setObject(object: AssistObject | null, colour: string): void {
    if (object) this.reserve();
    this.object = object;
    if (colour !== this.colour) {
      this.drawnPreview = null;
      this.shownPreview = null;
    }
    this.colour = colour;
    if ((object?.preview ?? null) !== this.shownPreview) this.drawMask();
    this.drawMarks();
  }

  setDragBox(box: AssistBox | null): void {
    this.dragBox = box;
    this.drawMarks();
  }

  /** The mask canvas and its pixels only grow: a preview per click reuses them instead of allocating megabytes. */
  private paintMask(preview: CropRuns): void {
    if (this.drawnPreview === preview) return;
    this.putPixels(preview);
    this.drawnPreview = preview;
    this.painted++;
    this.paintedAt = performance.now();
    this.onPainted?.();
  }

  /** The preview's cells (its pixels, unless it came scaled down) into the mask canvas's top left corner. */
  private putPixels(preview: CropRuns): void {
    const { runs } = preview;
    const cells = cropCells(preview.rect.width, preview.rect.height, preview.scale);
    const canvas = this.maskCanvas;
    if (canvas.width < cells.width || canvas.height < cells.height) {
      canvas.width = Math.max(canvas.width, cells.width);
      canvas.height = Math.max(canvas.height, cells.height);
    }
    const bytes = 4 * cells.width * cells.height;
    if (this.pixels.length < bytes) this.pixels = new Uint8ClampedArray(bytes);
    const image = new ImageData(this.pixels.subarray(0, bytes), cells.width, cells.height);
    const [r, g, b] = rgb(this.colour);
    // One 32-bit store per pixel, in the canvas's RGBA byte order whatever the machine's endianness.
    const colour = new Uint32Array(Uint8Array.of(r, g, b, 170).buffer)[0]!;
    paintRuns(runs, new Uint32Array(image.data.buffer, 0, cells.width * cells.height), colour);
    this.maskCanvas.getContext('2d')!.putImageData(image, 0, 0);
  }

  private draw(): void {
    this.drawMask();
    this.drawMarks();
  }

  private drawMask(): void {
    const { maskCtx: ctx, dpr, view } = this;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    const preview = this.object?.preview ?? null;
    this.shownPreview = preview;
    if (!preview) return;
    this.paintMask(preview);
    ctx.setTransform(dpr * view.scale, 0, 0, dpr * view.scale, dpr * view.x, dpr * view.y);
    ctx.imageSmoothingEnabled = false;
    const { x, y, width, height } = preview.rect;
    // A cell of a scaled preview covers scale × scale pixels; the box's last cells are cut at its edge.
    ctx.drawImage(this.maskCanvas, 0, 0, width / preview.scale, height / preview.scale, x, y, width, height);
  }

  private drawMarks(): void {
    const { marksCtx: ctx, dpr, view } = this;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.marks.width, this.marks.height);
    const o = this.object;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const screen = (x: number, y: number): [number, number] => [(x + 0.5) * view.scale + view.x, (y + 0.5) * view.scale + view.y];
    for (const box of [o?.box ?? null, this.dragBox]) {
      if (!box) continue;
      const [x0, y0] = screen(box.x0 - 0.5, box.y0 - 0.5);
      const [x1, y1] = screen(box.x1 + 0.5, box.y1 + 0.5);
      ctx.setLineDash([6, 4]);
      ctx.lineWidth = 1.5;
      ctx.strokeStyle = '#ffffff';
      ctx.strokeRect(x0, y0, x1 - x0, y1 - y0);
      ctx.setLineDash([]);
    }
    for (const p of o?.points ?? []) {
      const [x, y] = screen(p.x, p.y);
      ctx.beginPath();
      ctx.arc(x, y, 5, 0, 2 * Math.PI);
      ctx.fillStyle = p.positive ? POSITIVE : NEGATIVE;
      ctx.fill();
      ctx.lineWidth = 1.5;
      ctx.strokeStyle = '#ffffff';
      ctx.stroke();
    }
  }
}
