import { z } from 'zod';
import { InferenceStatus, PredictionView, ProviderRequest } from '../domain.js';
import { Empty, method } from '../method.js';

const Id = z.number().int().positive();

/** The inference pool and the predictions it stores. */
export const inferenceMethods = {
  'inference.run': method(
    z
      .object({
        /** Default: every registered model. */
        modelIds: z.array(Id).min(1).optional(),
        provider: ProviderRequest.default('auto'),
        /** Also keep per-pixel probabilities (uint8, model resolution) for label-quality scoring. */
        storeProbs: z.boolean().default(false),
        /** Recompute images whose earlier attempt ended in an error record. */
        retryFailed: z.boolean().default(false),
        /** Worker threads (default: one per core on CPU, two on a GPU). */
        workers: z.number().int().min(1).max(256).optional(),
        /** Images per session.run (default 4, or the graph's fixed batch size). */
        batchSize: z.number().int().min(1).max(1024).optional(),
      })
      .strict(),
    z.object({ jobId: z.string() }),
    'Start an inference job over every image not yet predicted by the chosen models (progress as job.progress events).',
  ),
  'inference.status': method(Empty, InferenceStatus, 'Providers, the one in use, and per model how many images are done, failed or pending.'),
  'predictions.get': method(
    z.object({ imageId: Id, modelId: Id }).strict(),
    PredictionView.nullable(),
    "One model's stored prediction for one image, or null when it has not been computed.",
  ),
} as const;
