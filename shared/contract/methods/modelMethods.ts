import { z } from 'zod';
import { ModelInspection } from '../../models/modelInspection.js';
import { ModelEntry, ProviderRequest } from '../domain.js';
import { AbsolutePath, Empty, method } from '../method.js';

const ModelId = z.number().int().positive();
const FilePath = (what: string) => AbsolutePath(`The path of the ${what}`);

/** The model registry. */
export const modelMethods = {
  'models.list': method(Empty, z.array(ModelEntry), 'Registered models, all versions.'),
  'models.add': method(
    z
      .object({
        onnxPath: FilePath('.onnx file'),
        /** Omitted: the card embedded in the ONNX file's metadata_props ('faultline.card') is used. */
        cardPath: FilePath('model card').optional(),
        target: z.boolean().optional(),
        provider: ProviderRequest.optional(),
      })
      .strict(),
    ModelEntry,
    'Validate an ONNX model with its card by a dry run, copy it into the project and register it.',
  ),
  'models.inspect': method(
    z.object({ onnxPath: FilePath('.onnx file') }).strict(),
    ModelInspection,
    "Read an ONNX file's inputs, outputs, opset, size, external data files and metadata, and draft a card for it (guessed fields listed in `unsure`); runs nothing and needs no project.",
  ),
  'models.setTarget': method(
    z.object({ modelId: ModelId }).strict(),
    z.array(ModelEntry),
    'Make one model the target (the one being improved); the others become competitors.',
  ),
  'models.setClassMap': method(
    z
      .object({
        modelId: ModelId,
        /** Model classes left out are ignored (255). */
        classMap: z.array(z.object({ modelClassId: z.number().int().min(0).max(254), projectClassId: z.number().int().min(0).max(254).nullable() }).strict()),
      })
      .strict(),
    z.object({ model: ModelEntry, invalidatedPredictions: z.number().int().min(0) }),
    "Set which project class each of the model's classes counts as; its stored predictions are dropped to be recomputed.",
  ),
} as const;
