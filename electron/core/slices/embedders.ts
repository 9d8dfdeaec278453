import { FaultlineError } from '../../../shared/contract/errors.js';
import { decodeForModel } from '../inference/decodeImage.js';
import type { RegisteredModel } from '../store/models.js';
import { fingerprintVisionModel, resolveVisionModel } from '../vision-models/visionModelFolders.js';
import { decodeForVision, VisionModelSession } from '../vision-models/visionModelSession.js';
import type { VectorResult } from '../vision-models/visionModelProtocol.js';
import { EmbeddingSession } from './embeddingSession.js';
import type { EmbeddingSource } from '../store/embeddings.js';
import type { Db } from '../store/openProjectDb.js';
import { predictionEmbeddingReader } from '../store/predictions.js';
import type { EmbedItem } from './embeddingProtocol.js';

/** An image ready for an embedder, with the pixels its appearance statistics are measured on. */
export interface Prepared<Item> {
  item: Item;
  rgb: Uint8Array;
}

/** An open embedder: decodes images its own way and turns batches of them into vectors. */
export interface EmbedderBackend<Item = unknown> {
  readonly source: EmbeddingSource;
  readonly batchSize: number;
  prepareImage(path: string, imageId: number): Promise<Prepared<Item>>;
  run(items: Item[]): Promise<VectorResult[]>;
  close(): Promise<void>;
}

/**
 * What embeds the images of a slice run: the model's own pooled features, or a CLIP-like image
 * encoder the user put in the project's models/ folder. `key` names its vectors in the cache: a
 * model's id, or an encoder's folder name with a hash of its weights.
 */
export interface Embedder {
  key: string;
  modelId: number | null;
  /** The encoder's folder name, or null for the model's own features. */
  encoder: string | null;
  /** Whether the encoder has a text tower (search by text). */
  text: boolean;
  /** For progress lines: what is embedding the images. */
  label: string;
  open(): Promise<EmbedderBackend>;
  /** Unit vectors of texts in the image vectors' space (encoders with a text tower), else null. */
  embedTexts: ((texts: string[]) => Promise<Float32Array[]>) | null;
}

export interface EmbedderEnvironment {
  projectDir: string;
  userDataDir: string;
  /** The project's database: a model's own embedder reads the embeddings inference stored there. */
  db: Db;
}

async function prepareForModel(model: RegisteredModel, path: string, imageId: number): Promise<Prepared<EmbedItem>> {
  const decoded = await decodeForModel(path, model.card.input);
  return { item: { key: imageId, rgb: decoded.rgb, plan: decoded.plan }, rgb: decoded.rgb };
}

/** The model's session, opened at once: every image is run through it. */
async function sessionBackend(env: EmbedderEnvironment, model: RegisteredModel): Promise<EmbedderBackend<EmbedItem>> {
  const session = await EmbeddingSession.open(env.projectDir, model);
  return {
    source: session.source,
    batchSize: session.batchSize,
    prepareImage: (path, imageId) => prepareForModel(model, path, imageId),
    run: (items) => session.run(items, false),
    close: () => session.close(),
  };
}

/** Images decoded at once when most vectors are read from the store, not computed. */
const STORED_BATCH = 8;

/**
 * For a card that names an embedding: the vectors inference stored with its predictions, the
 * image still decoded (its appearance statistics are measured on what the model sees). The
 * model's session is opened only for an image that has none (one inference has not reached),
 * and run in its own batch size; so slices on images the model already ran never open one.
 */
function storedFirstBackend(env: EmbedderEnvironment, model: RegisteredModel): EmbedderBackend<EmbedItem & { stored: Float32Array | undefined }> {
  const stored = predictionEmbeddingReader(env.db);
  let session: EmbeddingSession | null = null;
  return {
    source: 'features',
    batchSize: STORED_BATCH,
    async prepareImage(path, imageId) {
      const prepared = await prepareForModel(model, path, imageId);
      return { ...prepared, item: { ...prepared.item, stored: stored(imageId, model.id) } };
    },
    async run(items) {
      const results: VectorResult[] = items.flatMap((item) => (item.stored ? [{ key: item.key, vector: item.stored }] : []));
      const missing = items.filter((item) => !item.stored);
      if (missing.length === 0) return results;
      const open = (session ??= await EmbeddingSession.open(env.projectDir, model));
      for (let i = 0; i < missing.length; i += open.batchSize) results.push(...(await open.run(missing.slice(i, i + open.batchSize), false)));
      return results;
    },
    close: async () => {
      await session?.close();
    },
  };
}

function modelEmbedder(env: EmbedderEnvironment, model: RegisteredModel): Embedder {
  return {
    key: `model:${model.id}`,
    modelId: model.id,
    encoder: null,
    text: false,
    label: `${model.name} ${model.version}'s own features`,
    embedTexts: null,
    open: async () => (model.card.embedding ? storedFirstBackend(env, model) : await sessionBackend(env, model)),
  };
}

/** Images per request to a transformers.js encoder: its processor and session work per batch. */
const ENCODER_BATCH = 8;

/**
 * The embedder a run setting names: 'target' = the model's own features; 'auto' = the first usable
 * image encoder in models/, else the model's features; else that encoder (refused with the
 * reason when it is missing or unusable).
 */
export async function resolveEmbedder(env: EmbedderEnvironment, model: RegisteredModel, choice: string): Promise<Embedder> {
  if (choice === 'target') return modelEmbedder(env, model);
  const folder = resolveVisionModel(env.projectDir, 'image-encoder', choice);
  if (!folder) return modelEmbedder(env, model);
  return {
    key: `encoder:${await fingerprintVisionModel(folder)}`,
    modelId: null,
    encoder: folder.name,
    text: folder.text,
    label: `the image encoder models/${folder.name}`,
    embedTexts: folder.text
      ? async (texts) => {
          const session = await VisionModelSession.open(env.projectDir, folder, { userDataDir: env.userDataDir, text: true });
          try {
            return await session.embedTexts(texts);
          } finally {
            await session.close();
          }
        }
      : null,
    async open() {
      const session = await VisionModelSession.open(env.projectDir, folder, { userDataDir: env.userDataDir });
      return {
        source: 'encoder',
        batchSize: ENCODER_BATCH,
        async prepareImage(path, imageId) {
          const image = await decodeForVision(path, imageId);
          return { item: image, rgb: image.rgb };
        },
        run: (items) => session.embedImages(items as Parameters<VisionModelSession['embedImages']>[0]),
        close: () => session.close(),
      };
    },
  };
}

/**
 * The embedder a stored run used, refused when its encoder is gone or its weights changed since
 * (vectors of two different models must never be compared).
 */
export async function embedderOfRun(env: EmbedderEnvironment, model: RegisteredModel, run: { runId: number; embedder: string; encoder: string | null }): Promise<Embedder> {
  const embedder = await resolveEmbedder(env, model, run.encoder ?? 'target');
  if (embedder.key !== run.embedder) {
    throw new FaultlineError('invalid_input', `The image encoder models/${run.encoder} has changed since slice run ${run.runId}: run slice discovery again.`);
  }
  return embedder;
}
