import type * as ort from 'onnxruntime-node';
import { createCpuSession, runNchw } from '../onnx/ortSession.js';
import { argmaxNchw, rgbToNchw, type Normalisation } from '../onnx/preprocess.js';
import { EvalConfusion, scoresFromConfusion } from '../../shared/evaluation/segmentationScores.js';
import { INPUT_TENSOR, OUTPUT_TENSOR, type ImageSize } from './architectures/architecture.js';
import type { SplitMetrics } from './demoWorldManifest.js';
import type { LabelledImage } from './fitDesign.js';

/** One image per run: these small graphs run fastest unbatched (measured), and it keeps memory flat. */
const BATCH = 1;

interface Evaluated {
  name: string;
  normalisation: Normalisation;
  session: ort.InferenceSession;
  scores: Map<string, { confusion: EvalConfusion; images: number }>;
}

/** A model's scores on a split as the manifest records them (six decimals), from its confusion over `images` images. */
export function splitMetrics(confusion: EvalConfusion, images: number): SplitMetrics {
  const scores = scoresFromConfusion(confusion);
  const round = (v: number): number => Math.round(v * 1e6) / 1e6;
  return {
    images,
    meanIoU: round(scores.miou ?? 0),
    pixelAccuracy: round(scores.pixelAccuracy ?? 0),
    classIoU: scores.perClass.map((v) => (v === null ? null : round(v))),
  };
}

/** Runs finished models over labelled images and keeps one confusion matrix per model and split. */
export class ModelEvaluator {
  /** The input tensor and one image's predicted labels, reused from run to run (thousands of runs a build). */
  private readonly input: Float32Array;
  private readonly predicted: Uint8Array;

  private constructor(
    private readonly models: Evaluated[],
    private readonly size: ImageSize,
    private readonly classes: number,
  ) {
    this.input = new Float32Array(BATCH * 3 * size.width * size.height);
    this.predicted = new Uint8Array(size.width * size.height);
  }

  static async create(models: readonly { name: string; bytes: Uint8Array; normalisation: Normalisation }[], size: ImageSize, classes: number): Promise<ModelEvaluator> {
    const evaluated: Evaluated[] = [];
    for (const m of models) evaluated.push({ name: m.name, normalisation: m.normalisation, session: await createCpuSession(m.bytes), scores: new Map() });
    return new ModelEvaluator(evaluated, size, classes);
  }

  /**
   * Scores every model on the images. onnxruntime-node runs a session on the calling thread, so
   * models run one after another; rendering on worker threads fills the other cores meanwhile.
   */
  async evaluate(images: readonly LabelledImage[], split: string): Promise<void> {
    const { width, height } = this.size;
    const pixels = width * height;
    for (const m of this.models) {
      let score = m.scores.get(split);
      if (!score) m.scores.set(split, (score = { confusion: new EvalConfusion(this.classes), images: 0 }));
      const { confusion } = score;
      score.images += images.length;
      for (let start = 0; start < images.length; start += BATCH) {
        const batch = images.slice(start, start + BATCH);
        const input = this.input.subarray(0, batch.length * 3 * pixels);
        batch.forEach((img, i) => rgbToNchw(img.rgb, pixels, m.normalisation, input, i));
        const out = await runNchw(m.session, INPUT_TENSOR, OUTPUT_TENSOR, input, [batch.length, 3, height, width]);
        batch.forEach((img, i) => {
          argmaxNchw(out.data, this.classes, pixels, i, this.predicted);
          confusion.add(img.mask, this.predicted);
        });
      }
    }
  }

  metrics(name: string, split: string): SplitMetrics {
    const model = this.models.find((m) => m.name === name);
    const score = model?.scores.get(split);
    if (!score) return { images: 0, meanIoU: 0, pixelAccuracy: 0, classIoU: new Array<null>(this.classes).fill(null) };
    return splitMetrics(score.confusion, score.images);
  }

  async release(): Promise<void> {
    for (const m of this.models) await m.session.release();
  }
}
