import { z } from 'zod';
import { ModelCard } from '../../models/modelCard.js';
import { ModelInspection } from '../../models/modelInspection.js';
import { ExecutionProvider, ModelEntry, ProviderRequest, RemoteEndpoint } from '../domain.js';
import { AbsolutePath, DirPath, Empty, method } from '../method.js';

const ModelId = z.number().int().positive();
const FilePath = (what: string) => AbsolutePath(`The path of the ${what}`);

/** What `models.preview` returns: the model run with a card on one image, before it is registered. */
export const ModelPreview = z.object({
  /** Size of the returned label map and image: the photo's, scaled down to at most PREVIEW_MAX_SIDE (shared/models/modelPreview.ts) on its longest side. */
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** Base64 of the zlib-deflated uint8 label map, width × height, row-major, in the card's class ids (the encoding of PredictionView's). */
  labelMap: z.string(),
  /** Base64 JPEG of the photo at width × height as the model's decoder saw it (EXIF orientation applied), to draw the map over. */
  image: z.string(),
  /** Fraction of the map's pixels per card class (index = class id). */
  classShares: z.array(z.number().min(0).max(1)),
  /** Milliseconds of the model run itself (session.run) on this image. */
  ms: z.number().min(0),
  provider: ExecutionProvider,
});
export type ModelPreview = z.infer<typeof ModelPreview>;

/** What `models.exportTriton` wrote: one Triton model per project model served here, and the ones left out with why. */
export const TritonExport = z.object({
  models: z.array(z.object({ modelId: ModelId, name: z.string(), version: z.string(), tritonName: z.string(), folder: z.string() })),
  skipped: z.array(z.object({ modelId: ModelId, name: z.string(), version: z.string(), reason: z.string() })),
});
export type TritonExport = z.infer<typeof TritonExport>;

/** The model registry. */
export const modelMethods = {
  'models.list': method(Empty, z.array(ModelEntry), 'Registered models, all versions.'),
  'models.add': method(
    z
      .object({
        onnxPath: FilePath('.onnx file'),
        /** Omitted (and no `card`): the card embedded in the ONNX file's metadata_props ('faultline.card') is used. */
        cardPath: FilePath('model card').optional(),
        /** The card itself (the Models view's card form), instead of a card file; used as it is, not merged with an embedded card. */
        card: ModelCard.optional(),
        target: z.boolean().optional(),
        provider: ProviderRequest.optional(),
      })
      .strict()
      .refine((input) => input.cardPath === undefined || input.card === undefined, {
        message: 'give the card either as a file (cardPath) or inline (card), not both',
        path: ['card'],
      }),
    ModelEntry,
    'Validate an ONNX model with its card by a dry run, copy it into the project and register it.',
  ),
  'models.addRemote': method(
    z
      .object({
        /** Replicas serving the same model; batches are spread over them, each within its concurrency. */
        endpoints: z.array(RemoteEndpoint.strict()).min(1).max(16),
        /** The model's name on the server, and the version to ask for (omitted: the server's choice). */
        model: z.string().min(1).max(200),
        modelVersion: z.string().min(1).max(100).optional(),
        /** Omitted (and no `card`): the card of the project's newest local model of that name, its version suffixed '+remote'. */
        cardPath: FilePath('model card').optional(),
        card: ModelCard.optional(),
        /** A file holding the bearer token (read at each run, never copied into the project). */
        tokenFile: FilePath('bearer token file').optional(),
        /** PEM file of the CA that signed the server's https certificate. */
        caFile: FilePath('CA certificate').optional(),
        /** Plain JSON instead of the binary tensor extension (servers without it). */
        json: z.boolean().optional(),
        target: z.boolean().optional(),
      })
      .strict()
      .refine((input) => input.cardPath === undefined || input.card === undefined, {
        message: 'give the card either as a file (cardPath) or inline (card), not both',
        path: ['card'],
      }),
    ModelEntry,
    'Register a model served over the Open Inference Protocol (KServe v2: Triton, KServe, OpenVINO Model Server): every replica must be ready and report the same metadata, the card is checked against it and its dry run goes through the server.',
  ),
  'models.exportTriton': method(
    z.object({ dir: DirPath }).strict(),
    TritonExport,
    "Write a Triton model repository of the project's models into a folder: NAME/config.pbtxt (inputs, outputs, dynamic batching, instance group) and NAME/1/model.onnx, the files the project validated; models already served remotely are left out.",
  ),
  'models.inspect': method(
    z.object({ onnxPath: FilePath('.onnx file') }).strict(),
    ModelInspection,
    "Read an ONNX file's inputs, outputs, opset, size, external data files and metadata, and draft a card for it (guessed fields listed in `unsure`); runs nothing and needs no project.",
  ),
  'models.preview': method(
    z
      .object({
        onnxPath: FilePath('.onnx file'),
        card: ModelCard,
        /** Any image the import reads (JPEG, PNG, WebP, TIFF, BMP, …). */
        imagePath: FilePath('image'),
        provider: ProviderRequest.optional(),
      })
      .strict(),
    ModelPreview,
    "Run an ONNX model with a card on one image, checked as `models.add` checks it (a refusal names the card field to fix), and return the predicted label map at most 1024 pixels on its longest side with each class's share; needs no project and registers nothing.",
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
