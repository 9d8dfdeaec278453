import { dirname, resolve } from 'node:path';
import type { ProviderRequest } from '../../../shared/contract/domain.js';
import type { ModelPreview } from '../../../shared/contract/methods/modelMethods.js';
import type { ModelCard } from '../../../shared/models/modelCard.js';
import { checkDryRun } from './checkDryRun.js';
import { checkGraph } from './checkGraph.js';
import { findExternalData } from './externalData.js';
import type { DryRunReport } from './importModel.js';
import { readOnnxModelInfo } from './onnxModelInfo.js';
import { readInput, refusingFailedRun } from './readModelFile.js';
import { validateCard } from './resolveCard.js';

export interface PreviewRequest {
  onnxPath: string;
  card: ModelCard;
  imagePath: string;
  provider?: ProviderRequest | undefined;
}

/** The model's answer on the image, read as the card says: the label map in the card's class ids. */
export interface PreviewPrediction {
  width: number;
  height: number;
  /** zlib-deflated uint8 labels, width × height. */
  labelMap: Uint8Array;
  /** Fraction of the map's pixels per card class id. */
  classShares: number[];
}

/** A preview run: the dry-run report on the user's image, its prediction when the output could be read, and the image to draw it over. */
export interface PreviewRun extends DryRunReport {
  prediction: PreviewPrediction | null;
  /** JPEG of the image at the prediction's size. */
  image: Uint8Array;
  runMs: number;
}

/** Runs a model on one image; inference provides it (a worker), so the models feature never imports inference. */
export type PreviewRunner = (
  model: { bytes: Uint8Array; card: ModelCard; batch: number; provider: ProviderRequest; externalDataDir: string },
  image: { path: string; bytes: Buffer },
) => Promise<PreviewRun>;

/**
 * A model run with a card on one image before it is registered, checked as the import checks
 * it (the card, the declared graph, then what came out), so a wrong output kind or channel order
 * shows in the mask and a card that cannot work is refused with the same field-naming message.
 */
export async function previewModel(request: PreviewRequest, run: PreviewRunner): Promise<ModelPreview> {
  const bytes = await readInput(request.onnxPath, 'ONNX model file');
  const info = readOnnxModelInfo(bytes);
  const card = validateCard(request.card, 'given for the preview');
  findExternalData(request.onnxPath, info.externalData);
  const { fixedBatch } = checkGraph(info, card);
  const image = { path: request.imagePath, bytes: await readInput(request.imagePath, 'image') };
  const model = { bytes, card, batch: fixedBatch ?? 1, provider: request.provider ?? 'auto', externalDataDir: dirname(resolve(request.onnxPath)) };
  const result = await refusingFailedRun(() => run(model, image), 'the preview on the given image');
  checkDryRun(result, card, 'preview');
  // The checks above pass only for a readable, finite output, which always gives a prediction.
  const { prediction } = result;
  if (prediction === null) throw new Error('the preview produced no label map for a finite output');
  return {
    width: prediction.width,
    height: prediction.height,
    labelMap: Buffer.from(prediction.labelMap).toString('base64'),
    image: Buffer.from(result.image).toString('base64'),
    classShares: prediction.classShares,
    ms: result.runMs,
    provider: result.provider,
  };
}
