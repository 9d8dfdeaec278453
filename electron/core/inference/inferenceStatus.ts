import * as ort from 'onnxruntime-node';
import type { InferenceStatus } from '../../../shared/contract/domain.js';
import { loadModels } from '../store/models.js';
import type { Db } from '../store/openProjectDb.js';
import { readLastProvider } from '../store/projectStats.js';
import { modelPredictionCounts } from '../store/predictions.js';
import { platformProviders } from './providers.js';

export function inferenceStatus(db: Db): InferenceStatus {
  const last = readLastProvider(db);
  return {
    providers: platformProviders(process.platform, ort.listSupportedBackends()),
    providerInUse: last?.provider ?? null,
    fallbacks: last?.fallbacks ?? [],
    models: modelPredictionCounts(db, loadModels(db)),
  };
}
