import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, resolve } from 'node:path';
import { FaultlineError } from '../../../shared/contract/errors.js';
import type { ModelInspection, ModelSignature, TensorSignature } from '../../../shared/models/modelInspection.js';
import { draftCard } from './draftCard.js';
import { ModelRefusedError } from './modelRefusal.js';
import { readOnnxModelInfo, type GraphTensor } from './onnxModelInfo.js';
import { EMBEDDED_CARD_KEY, resolveCard } from './resolveCard.js';
import { typeName } from './tensorFit.js';

function tensor(t: GraphTensor): TensorSignature {
  return { name: t.name, type: t.elemType === null ? null : typeName(t.elemType), shape: t.dims };
}

async function sizeOf(path: string): Promise<number | null> {
  try {
    return (await stat(path)).size;
  } catch {
    return null;
  }
}

/** Reads a model file's signature and drafts its card; runs nothing. */
export async function inspectModel(onnxPath: string): Promise<ModelInspection> {
  const path = resolve(onnxPath);
  let bytes: Buffer;
  try {
    // Only a regular file: a device or a fifo would never end (the server passes client paths here).
    if (!(await stat(path)).isFile()) throw new Error('not a regular file');
    bytes = await readFile(path);
  } catch (error) {
    throw new FaultlineError('not_found', `Cannot read the ONNX model file ${path}: ${(error as Error).message}`);
  }
  const info = readOnnxModelInfo(bytes);
  const signature: ModelSignature = {
    file: path,
    sizeBytes: bytes.length,
    irVersion: info.irVersion,
    opset: info.opset,
    producer: info.producer,
    inputs: info.inputs.map(tensor),
    outputs: info.outputs.map(tensor),
    externalData: await Promise.all(info.externalData.map(async (location) => ({ location, sizeBytes: await sizeOf(resolve(dirname(path), location)) }))),
    metadataProps: info.metadataProps,
  };
  if (info.metadataProps[EMBEDDED_CARD_KEY] !== undefined) {
    try {
      return { signature, card: resolveCard(undefined, info.metadataProps, 'embedded in the ONNX file'), unsure: [] };
    } catch (error) {
      if (!(error instanceof ModelRefusedError)) throw error;
    }
  }
  return { signature, ...draftCard(info, basename(path, extname(path))) };
}
