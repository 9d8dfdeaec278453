import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ASSIST_CARD_FILE, AssistCard, type AssistModelInfo } from '../../../shared/assist/assistCard.js';
import { FaultlineError } from '../../../shared/contract/errors.js';

/** A usable assist model folder: its card (read or, for the transformers.js layout, implied) and graph paths. */
export interface AssistModelFolder extends AssistModelInfo {
  card: AssistCard;
  encoderPath: string;
  decoderPath: string;
}

type Described = AssistModelInfo & { card: AssistCard | null; encoderPath: string; decoderPath: string };

/**
 * transformers.js weight files in the order Faultline prefers them: full precision first, then the
 * variants the Hub folders ship (Xenova/* and onnx-community/*), each as `<graph><suffix>.onnx`,
 * with its weights beside it in `<graph><suffix>.onnx_data` where the graph is over 2 GB.
 */
const TRANSFORMERS_SUFFIXES = ['', '_fp32', '_fp16', '_quantized', '_int8', '_uint8', '_q8', '_q4', '_q4f16', '_bnb4'] as const;

/**
 * The `model_type`s transformers.js runs as a SAM-style mask generator (its
 * MODEL_FOR_MASK_GENERATION_MAPPING_NAMES) and the resize each one's image processor does by
 * default: SAM scales the long side and pads, SAM 2 and its descendants stretch to a square.
 */
const TRANSFORMERS_SAM_TYPES: Readonly<Record<string, { family: string; resize: AssistCard['resize'] }>> = {
  sam: { family: 'SAM (transformers.js)', resize: 'longest-side' },
  sam2: { family: 'SAM 2 (transformers.js)', resize: 'square' },
  edgetam: { family: 'EdgeTAM (transformers.js)', resize: 'square' },
  sam3_tracker: { family: 'SAM 3 tracker (transformers.js)', resize: 'square' },
};

const SamConfig = z.object({ model_type: z.string() }).passthrough();

/** The image processor's `size` in preprocessor_config.json: `{longest_edge}` for SAM, `{height, width}` for SAM 2. */
const PreprocessorConfig = z
  .object({
    size: z.object({ longest_edge: z.number().int().min(64).max(4096).optional(), height: z.number().int().min(64).max(4096).optional(), width: z.number().int().min(64).max(4096).optional() }).passthrough().optional(),
  })
  .passthrough();

function unusable(name: string, problem: string, format: AssistModelInfo['format'] = null): Described {
  return { name, format, family: '', licence: '', problem, card: null, encoderPath: '', decoderPath: '' };
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}

function fromCard(dir: string, name: string): Described {
  let card: AssistCard;
  try {
    card = AssistCard.parse(JSON.parse(readFileSync(join(dir, ASSIST_CARD_FILE), 'utf8')));
  } catch (error) {
    const detail = error instanceof z.ZodError ? error.issues.map((i) => `${i.path.join('.') || 'card'}: ${i.message}`).join('; ') : firstLine(error);
    return unusable(name, `${ASSIST_CARD_FILE} cannot be used: ${detail}`);
  }
  const encoderPath = join(dir, card.encoder);
  const decoderPath = join(dir, card.decoder);
  const absent = [card.encoder, card.decoder].filter((f) => !existsSync(join(dir, f)));
  const problem = absent.length ? `missing ${absent.join(' and ')} (named in ${ASSIST_CARD_FILE})` : null;
  return { name, format: card.format, family: card.family, licence: card.licence, problem, card, encoderPath, decoderPath };
}

/**
 * The resize and input side the folder's preprocessor_config.json asks for, or the model type's
 * default (1024, as every SAM-family checkpoint on the Hub) when it has none or says neither.
 */
function transformersResize(dir: string, fallback: AssistCard['resize']): { resize: AssistCard['resize']; inputSize: number } {
  let size: z.infer<typeof PreprocessorConfig>['size'];
  try {
    size = PreprocessorConfig.parse(JSON.parse(readFileSync(join(dir, 'preprocessor_config.json'), 'utf8'))).size;
  } catch {
    size = undefined;
  }
  if (size?.longest_edge) return { resize: 'longest-side', inputSize: size.longest_edge };
  if (size?.height && size.height === size.width) return { resize: 'square', inputSize: size.height };
  return { resize: fallback, inputSize: 1024 };
}

/**
 * A transformers.js mask-generation folder (config.json with a SAM-family model_type,
 * onnx/vision_encoder*.onnx and onnx/prompt_encoder_mask_decoder*.onnx of the same precision).
 */
function fromTransformersLayout(dir: string, name: string): Described | null {
  let modelType: string;
  try {
    modelType = SamConfig.parse(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'))).model_type;
  } catch {
    return null;
  }
  const known = TRANSFORMERS_SAM_TYPES[modelType];
  if (!known) return null;
  const suffix = TRANSFORMERS_SUFFIXES.find((s) => existsSync(join(dir, 'onnx', `vision_encoder${s}.onnx`)) && existsSync(join(dir, 'onnx', `prompt_encoder_mask_decoder${s}.onnx`)));
  if (suffix === undefined) return unusable(name, 'missing onnx/vision_encoder.onnx and onnx/prompt_encoder_mask_decoder.onnx (of the same precision)', 'transformers-sam');
  const card: AssistCard = {
    cardVersion: 1,
    format: 'transformers-sam',
    family: known.family,
    licence: 'see the model card',
    encoder: `onnx/vision_encoder${suffix}.onnx`,
    decoder: `onnx/prompt_encoder_mask_decoder${suffix}.onnx`,
    ...transformersResize(dir, known.resize),
  };
  return { name, format: card.format, family: card.family, licence: card.licence, problem: null, card, encoderPath: join(dir, card.encoder), decoderPath: join(dir, card.decoder) };
}

/** Every assist model folder under the project's `models/` folder, by name; other folders are skipped. */
export function listAssistModels(projectDir: string): Described[] {
  const modelsDir = join(projectDir, 'models');
  if (!existsSync(modelsDir)) return [];
  return readdirSync(modelsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort()
    .flatMap((name) => {
      const dir = join(modelsDir, name);
      if (existsSync(join(dir, ASSIST_CARD_FILE))) return [fromCard(dir, name)];
      return fromTransformersLayout(dir, name) ?? [];
    });
}

/** The named folder, refused with the reason when it is missing or unusable. */
export function resolveAssistModel(projectDir: string, name: string): AssistModelFolder {
  const all = listAssistModels(projectDir);
  const named = all.find((m) => m.name === name);
  if (!named) {
    const options = all.filter((m) => m.problem === null).map((m) => m.name);
    throw new FaultlineError(
      'not_found',
      `There is no assist model '${name}' in the project's models/ folder${options.length ? ` (assist models there: ${options.join(', ')})` : `; copy an encoder, a decoder and an ${ASSIST_CARD_FILE} into models/${name}/`}.`,
    );
  }
  if (named.problem !== null || named.card === null) throw new FaultlineError('invalid_input', `models/${name} cannot be used for assist: ${named.problem}.`);
  return { ...named, card: named.card };
}

/** Identifies the encoder's weights: embeddings are cached under it, so replaced files never reuse old embeddings. */
export function encoderFingerprint(folder: AssistModelFolder): string {
  const s = statSync(folder.encoderPath);
  return `${folder.name}-${s.size.toString(36)}-${Math.round(s.mtimeMs).toString(36)}`;
}
