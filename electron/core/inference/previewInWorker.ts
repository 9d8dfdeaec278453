import * as ort from 'onnxruntime-node';
import { FaultlineError } from '../../../shared/contract/errors.js';
import { previewSize } from '../../../shared/models/modelPreview.js';
import type { PreviewRunner } from '../models/previewModel.js';
import { decodeBytesForModel, imageAsJpeg } from './decodeImage.js';
import { previewOnce } from './inferencePool.js';
import { providerCandidates } from './providers.js';

/**
 * The preview's run: the image is decoded at the model's input size here (libvips), run and
 * post-processed in a worker of its own into a label map at the image's size bounded by
 * previewSize (the plan's source size is that bound, so the upsampling writes no more).
 */
export const previewInWorker: PreviewRunner = async ({ bytes, card, batch, provider, externalDataDir }, image) => {
  let decoded;
  try {
    decoded = await decodeBytesForModel(image.bytes, card.input);
  } catch (error) {
    throw new FaultlineError('invalid_input', `${image.path} cannot be decoded as an image (${(error as Error).message}); give a JPEG, PNG, WebP, TIFF or BMP file.`);
  }
  const size = previewSize(decoded.plan.srcW, decoded.plan.srcH);
  const plan = { ...decoded.plan, srcW: size.width, srcH: size.height };
  const candidates = providerCandidates(provider, process.platform, ort.listSupportedBackends());
  const [answer, jpeg] = await Promise.all([
    previewOnce({ modelBytes: bytes, externalDataDir, card, batch, threads: 1, candidates, item: { rgb: decoded.rgb, plan } }),
    imageAsJpeg(image.bytes, size.width, size.height),
  ]);
  const { prediction, type: _type, ...report } = answer;
  return {
    ...report,
    prediction: prediction && { ...size, labelMap: prediction.labelMap, classShares: Array.from(prediction.classFractions) },
    image: jpeg,
  };
};
