import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { FaultlineError } from '../../../shared/contract/errors.js';
import type { VisionModelInfo, VisionModelKind } from '../../../shared/models/visionModels.js';

/** Config types whose image (and text) towers load as CLIP-style projection models. */
export const ENCODER_TYPES = ['clip', 'siglip'] as const;
export type EncoderType = (typeof ENCODER_TYPES)[number];

/** transformers.js file-name suffix per weight precision, in the order Faultline prefers them. */
const DTYPE_SUFFIXES: ReadonlyArray<readonly [string, string]> = [
  ['fp32', ''],
  ['q8', '_quantized'],
  ['fp16', '_fp16'],
  ['int8', '_int8'],
  ['uint8', '_uint8'],
  ['q4', '_q4'],
  ['q4f16', '_q4f16'],
];

const Config = z.object({ model_type: z.string() }).passthrough();

/** A usable folder with the files a session will load. */
export interface VisionModelFolder extends VisionModelInfo {
  kind: VisionModelKind;
  dir: string;
  /** The ONNX files the session loads, relative to `dir`. */
  onnxFiles: string[];
}

function pickDtype(dir: string, stems: readonly string[]): { dtype: string; files: string[] } | null {
  for (const [dtype, suffix] of DTYPE_SUFFIXES) {
    const files = stems.map((stem) => join('onnx', `${stem}${suffix}.onnx`));
    if (files.every((f) => existsSync(join(dir, f)))) return { dtype, files };
  }
  return null;
}

function describe(modelsDir: string, name: string): (VisionModelInfo & { dir: string; onnxFiles: string[] }) | null {
  const dir = join(modelsDir, name);
  const configPath = join(dir, 'config.json');
  if (!existsSync(configPath)) {
    return existsSync(join(dir, 'onnx'))
      ? { name, dir, kind: null, modelType: '', text: false, dtype: '', onnxFiles: [], problem: 'no config.json: copy the whole model folder, not only its onnx/ files' }
      : null;
  }
  let modelType: string;
  try {
    modelType = Config.parse(JSON.parse(readFileSync(configPath, 'utf8'))).model_type;
  } catch (error) {
    return { name, dir, kind: null, modelType: '', text: false, dtype: '', onnxFiles: [], problem: `config.json cannot be read: ${(error as Error).message.split('\n')[0]}` };
  }
  // SAM folders are assist models (assist/assistModelFolders.ts), not image encoders for slices.
  if (modelType === 'sam') return null;
  const base = { name, dir, modelType, text: false, dtype: '', onnxFiles: [] as string[] };
  const needs = (files: string[]) => files.filter((f) => !existsSync(join(dir, f)));
  if ((ENCODER_TYPES as readonly string[]).includes(modelType)) {
    const vision = pickDtype(dir, ['vision_model']);
    const missing = needs(['preprocessor_config.json']);
    if (!vision || missing.length) {
      return { ...base, kind: 'image-encoder', problem: `missing ${[...(vision ? [] : ['onnx/vision_model.onnx']), ...missing].join(', ')}` };
    }
    const text = pickDtype(dir, ['text_model']);
    const withText = text !== null && text.dtype === vision.dtype && needs(['tokenizer.json', 'tokenizer_config.json']).length === 0;
    return { ...base, kind: 'image-encoder', text: withText, dtype: vision.dtype, onnxFiles: [...vision.files, ...(withText ? text.files : [])], problem: null };
  }
  if (modelType === 'vision-encoder-decoder') {
    const towers = pickDtype(dir, ['encoder_model', 'decoder_model_merged']);
    const missing = needs(['preprocessor_config.json', 'tokenizer.json', 'tokenizer_config.json']);
    if (!towers || missing.length) {
      return { ...base, kind: 'captioner', problem: `missing ${[...(towers ? [] : ['onnx/encoder_model.onnx and onnx/decoder_model_merged.onnx']), ...missing].join(', ')}` };
    }
    return { ...base, kind: 'captioner', dtype: towers.dtype, onnxFiles: towers.files, problem: null };
  }
  return { ...base, kind: null, problem: `model_type '${modelType}' is neither a CLIP-like image encoder (${ENCODER_TYPES.join(', ')}) nor an image-to-text captioner (vision-encoder-decoder)` };
}

/** Every model folder under the project's `models/` folder, by name; plain ONNX files are registered models and are skipped. */
export function listVisionModels(projectDir: string): Array<VisionModelInfo & { dir: string; onnxFiles: string[] }> {
  const modelsDir = join(projectDir, 'models');
  if (!existsSync(modelsDir)) return [];
  return readdirSync(modelsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort()
    .flatMap((name) => describe(modelsDir, name) ?? []);
}

/**
 * The folder a setting names ('auto' = the first usable one of the kind, or null), refused with
 * the reason when it is missing, of the wrong kind, or unusable.
 */
export function resolveVisionModel(projectDir: string, kind: VisionModelKind, choice: string): VisionModelFolder | null {
  const usable = (m: ReturnType<typeof listVisionModels>[number]): m is VisionModelFolder => m.kind === kind && m.problem === null;
  const all = listVisionModels(projectDir);
  if (choice === 'auto') return all.find(usable) ?? null;
  const named = all.find((m) => m.name === choice);
  const what = kind === 'image-encoder' ? 'image encoder' : 'captioner';
  const article = kind === 'image-encoder' ? 'an' : 'a';
  if (!named) {
    const options = all.filter(usable).map((m) => m.name);
    throw new FaultlineError('not_found', `There is no model folder '${choice}' in the project's models/ folder${options.length ? ` (${what}s there: ${options.join(', ')})` : ''}.`);
  }
  if (named.kind !== kind) throw new FaultlineError('invalid_input', `models/${choice} is not ${article} ${what}${named.kind ? ` but a ${named.kind}` : ''}.`);
  if (!usable(named)) throw new FaultlineError('invalid_input', `models/${choice} cannot be used: ${named.problem}.`);
  return named;
}

/**
 * Identifies a folder's weights: embeddings and captions are cached under this key, so replacing
 * the files (a new version in the same folder) never mixes old and new vectors.
 */
export async function fingerprintVisionModel(folder: VisionModelFolder): Promise<string> {
  const hash = createHash('sha256');
  hash.update(readFileSync(join(folder.dir, 'config.json')));
  for (const file of folder.onnxFiles) {
    hash.update(`${file}:${statSync(join(folder.dir, file)).size}:`);
    for await (const chunk of createReadStream(join(folder.dir, file))) hash.update(chunk as Buffer);
  }
  return `${folder.name}@${hash.digest('hex').slice(0, 16)}`;
}
