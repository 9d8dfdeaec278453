import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FaultlineError } from '../../../shared/contract/errors.js';
import type { ResizePlan } from '../inference/resizePlan.js';
import type { ScoreMapRunner } from '../inference/scoreMaps.js';
import type { Db } from '../store/openProjectDb.js';
import type { QualityShape } from '../../../shared/quality/types.js';
import type { ClassSpace } from './classSpace.js';
import type { QualityImageSource, SkippedImage } from './imageSource.js';
import { labelByRef } from './qualityLabels.js';
import type { SetImage } from './qualitySets.js';
import { canvasImage, type WorkingImage } from './workingImages.js';

/** Largest full-resolution working image (K + 1 float32 planes) a run accepts; beyond it the stored source is the way. */
const MAX_IMAGE_BYTES = 1.5 * 2 ** 30;
/** Batches of fresh images are kept to about this size. */
const BATCH_BYTES = 256 * 2 ** 20;

export interface Canvas {
  width: number;
  height: number;
  /** Images per scoring batch that keep a batch near BATCH_BYTES (1 to 8). */
  batchSize: number;
}

/** The canvas every image of a full-resolution run sits on: the largest width and height of the set. */
export function planCanvas(images: readonly SetImage[], K: number): Canvas {
  const width = Math.max(1, ...images.map((i) => i.width));
  const height = Math.max(1, ...images.map((i) => i.height));
  const bytes = (K + 1) * width * height * 4;
  if (bytes > MAX_IMAGE_BYTES) {
    throw new FaultlineError(
      'invalid_input',
      `Scoring at full resolution needs ${(bytes / 2 ** 30).toFixed(1)} GB per image here (${K} classes on ${width}×${height}, the largest width and height of the set); use the stored probabilities instead.`,
    );
  }
  return { width, height, batchSize: Math.max(1, Math.min(8, Math.floor(BATCH_BYTES / bytes))) };
}

interface CachedMap {
  image: SetImage;
  offset: number;
  classes: number;
  h: number;
  w: number;
  plan: ResizePlan;
}

/**
 * Probabilities computed now by the inference pool. The first pass runs the model and keeps each
 * score map (float32, model resolution: small next to the image) in a temporary file; later passes
 * read them back and upsample again, so the model runs once per image however many passes the
 * search needs. An image the model cannot run on is skipped with its reason.
 */
export class FreshImageSource implements QualityImageSource {
  readonly shape: QualityShape;
  readonly imageCount: number;
  private readonly cached: CachedMap[] = [];
  private readonly skippedImages: SkippedImage[] = [];
  private readonly dir = mkdtempSync(join(tmpdir(), 'faultline-quality-'));
  private readonly fd = openSync(join(this.dir, 'score-maps.f32'), 'w+');
  private state: 'new' | 'running' | 'cached' = 'new';
  private written = 0;
  private runnerOpen = true;

  constructor(
    private readonly db: Db,
    private readonly runner: ScoreMapRunner,
    private readonly setImages: readonly SetImage[],
    private readonly space: ClassSpace,
    private readonly lut: Uint8Array,
    private readonly canvas: Canvas,
  ) {
    this.shape = { K: space.K, H: canvas.height, W: canvas.width };
    this.imageCount = setImages.length;
  }

  images(signal?: AbortSignal): AsyncIterable<WorkingImage> {
    if (this.state === 'cached') return this.fromCache();
    if (this.state === 'running') throw new FaultlineError('internal', 'the first pass over fresh probabilities did not finish');
    this.state = 'running';
    return this.firstPass(signal);
  }

  skipped(): readonly SkippedImage[] {
    return this.skippedImages;
  }

  async close(): Promise<void> {
    // Not waited for: a first pass cut short (cancel, error) leaves batches running in the model's
    // workers, and the job is reported ended at once; each worker ends after its batch, and project
    // close and shutdown wait for that (JobRunner.cancelAll).
    void this.closeRunner();
    closeSync(this.fd);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async closeRunner(): Promise<void> {
    if (!this.runnerOpen) return;
    this.runnerOpen = false;
    await this.runner.close();
  }

  private async *firstPass(signal?: AbortSignal): AsyncGenerator<WorkingImage> {
    const byId = new Map(this.setImages.map((image) => [image.imageId, image]));
    for await (const outcome of this.runner.run(this.setImages, signal)) {
      const image = byId.get(outcome.imageId)!;
      if ('error' in outcome) {
        this.skippedImages.push({ imageId: image.imageId, reason: 'failed', message: `image ${image.imageId}: ${outcome.error}` });
        continue;
      }
      const bytes = new Uint8Array(outcome.probs.buffer, outcome.probs.byteOffset, outcome.probs.byteLength);
      writeSync(this.fd, bytes, 0, bytes.length, this.written);
      this.cached.push({ image, offset: this.written, classes: outcome.classes, h: outcome.h, w: outcome.w, plan: outcome.plan });
      this.written += bytes.length;
      yield this.working(image, outcome);
    }
    if (signal?.aborted !== true) this.state = 'cached';
    await this.closeRunner();
  }

  private async *fromCache(): AsyncGenerator<WorkingImage> {
    for (const entry of this.cached) {
      const probs = new Float32Array(entry.classes * entry.h * entry.w);
      readSync(this.fd, new Uint8Array(probs.buffer), 0, probs.byteLength, entry.offset);
      yield this.working(entry.image, { classes: entry.classes, h: entry.h, w: entry.w, probs, plan: entry.plan });
    }
  }

  private working(image: SetImage, map: { classes: number; h: number; w: number; probs: Float32Array; plan: ResizePlan }): WorkingImage {
    const label = labelByRef(this.db, image.imageId, image.labelRef);
    if (label === null) throw new FaultlineError('invalid_input', `The label of image ${image.imageId} was removed during the run; run it again.`);
    return canvasImage(image.imageId, label, map, this.space, this.lut, this.canvas);
  }
}
