import { z } from 'zod';
import { FaultlineError } from '../../../shared/contract/errors.js';
import type { NpyData } from './npy.js';
import { formatShape, INTEGER_DTYPES, NpyReader } from './npy.js';
import type { LabelQualitySource, RangeSource } from '../../../shared/quality/batchSource.js';
import type { ImageBatch, LabelArray, QualityShape } from '../../../shared/quality/types.js';
import { checkProbabilityRows, PROBABILITY_SUM_TOLERANCE } from '../../../shared/quality/probabilityRows.js';

/** Reads label maps and probabilities from a pair of .npy files, a batch of images at a time (I/O). */

export const NpyPairParams = z.object({
  labelsPath: z.string().min(1),
  probsPath: z.string().min(1),
  /**
   * What to do with pixels whose probabilities are not a distribution: refuse the file (check),
   * rescale those that only miss the sum (renormalise), or score them as they are (as-is: tests
   * that feed quantised or deliberately broken values).
   */
  probabilities: z.enum(['check', 'renormalise', 'as-is']).default('check'),
});
export type NpyPairParams = z.input<typeof NpyPairParams>;

function bad(message: string): FaultlineError {
  return new FaultlineError('invalid_input', message);
}

/** Opens both files and checks their dtypes and shapes against each other. */
export function openNpyImageSource(params: NpyPairParams): RangeSource {
  const labels = NpyReader.open(params.labelsPath);
  let probs: NpyReader;
  try {
    probs = NpyReader.open(params.probsPath);
  } catch (error) {
    labels.close();
    throw error;
  }
  try {
    const shape = checkPair(labels, probs);
    return {
      shape,
      imageCount: labels.rows,
      batches: (start, end, batchSize) => readBatches(labels, probs, start, end, batchSize, params.probabilities ?? 'check'),
      close: () => {
        labels.close();
        probs.close();
      },
    };
  } catch (error) {
    labels.close();
    probs.close();
    throw error;
  }
}

/** Worker entry: the module a QualityWorkerPool imports to open the same files in each thread. */
export function openRangeSource(params: unknown): RangeSource {
  return openNpyImageSource(NpyPairParams.parse(params));
}

/** A scoring input over the two files; workers, when used, open them again by path. */
export function npySource(source: RangeSource, params: NpyPairParams, batchSize: number): LabelQualitySource {
  const fromSource = import.meta.url.endsWith('.ts');
  return {
    shape: source.shape,
    imageCount: source.imageCount,
    batches: () => source.batches(0, source.imageCount, batchSize),
    worker: { module: new URL(fromSource ? './npyBatchSource.ts' : './npyBatchSource.js', import.meta.url).href, params },
  };
}

function checkPair(labels: NpyReader, probs: NpyReader): QualityShape {
  const labelShape = labels.header.shape;
  const probShape = probs.header.shape;
  if (labelShape.length !== 3) throw bad(`labels must have a shape of (N, H, W); ${labels.name} has shape ${formatShape(labelShape)}`);
  if (probShape.length !== 4) throw bad(`pred_probs must have a shape of (N, K, H, W); ${probs.name} has shape ${formatShape(probShape)}`);
  if (labels.header.dtype !== 'b1' && !INTEGER_DTYPES.includes(labels.header.dtype)) {
    throw bad(`labels must hold integers; ${labels.name} holds ${labels.header.dtype}`);
  }
  if (probs.header.dtype !== 'f4' && probs.header.dtype !== 'f8') {
    throw bad(`pred_probs must hold float32 or float64; ${probs.name} holds ${probs.header.dtype}`);
  }
  const [N, H, W] = labelShape as [number, number, number];
  const [PN, K, PH, PW] = probShape as [number, number, number, number];
  if (N !== PN || H !== PH || W !== PW) {
    throw bad(
      `labels and pred_probs must have matching dimensions for N, H, and W; ${labels.name} is ${formatShape(labelShape)} and ${probs.name} is ${formatShape(probShape)}`,
    );
  }
  if (K < 1 || H < 1 || W < 1) throw bad(`pred_probs must have at least one class and one pixel; ${probs.name} is ${formatShape(probShape)}`);
  return { K, H, W };
}

/** 64-bit labels become Int32Array; a value beyond int32 cannot be a class, so it is reported here. */
function labelArray(data: NpyData, name: string): LabelArray {
  if (!(data instanceof BigInt64Array || data instanceof BigUint64Array)) return data as LabelArray;
  const out = new Int32Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const value = data[i]!;
    if (value > 2147483647n || value < -2147483648n) throw bad(`${name} holds label ${value}, which is not a class index`);
    out[i] = Number(value);
  }
  return out;
}

function* readBatches(labels: NpyReader, probs: NpyReader, start: number, end: number, batchSize: number, probabilities: NonNullable<NpyPairParams['probabilities']>): Generator<ImageBatch> {
  const [, K, H, W] = probs.header.shape as [number, number, number, number];
  if (!Number.isInteger(batchSize) || batchSize < 1) throw bad(`batch size must be a positive integer, got ${batchSize}`);
  let labelBuffer: NpyData | undefined;
  let probBuffer: NpyData | undefined;
  let floatBuffer: Float32Array | undefined;
  for (let image = start; image < end; image += batchSize) {
    const count = Math.min(batchSize, end - image);
    const labelData = labels.readRows(image, count, labelBuffer);
    const probData = probs.readRows(image, count, probBuffer);
    labelBuffer ??= labelData;
    probBuffer ??= probData;
    let probsF32: Float32Array;
    if (probData instanceof Float32Array) {
      probsF32 = probData;
    } else {
      // float64 probabilities are rounded to float32, the precision every kernel works in.
      floatBuffer = floatBuffer !== undefined && floatBuffer.length >= probData.length ? floatBuffer : new Float32Array(probData.length);
      probsF32 = floatBuffer.subarray(0, probData.length);
      probsF32.set(probData as Float64Array);
    }
    const problem = probabilities === 'as-is' ? null : checkProbabilityRows(probsF32, count, K, H * W, image, probabilities === 'renormalise');
    if (problem) {
      const images = count === 1 ? `image ${image}` : `images ${image}–${image + count - 1}`;
      throw bad(
        `${probs.name} holds ${problem.pixels} pixel${problem.pixels === 1 ? '' : 's'} in ${images} whose class probabilities are not a distribution ` +
          `(first: image ${problem.image}, pixel ${problem.pixel}, with ${problem.reason}). Probabilities must be finite, non-negative and sum to 1 ` +
          `within ${PROBABILITY_SUM_TOLERANCE}; export softmax outputs, or pass --renormalise to rescale pixels that only miss the sum.`,
      );
    }
    yield { labels: labelArray(labelData, labels.name), probs: probsF32 };
  }
}
