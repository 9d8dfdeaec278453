import * as ort from 'onnxruntime-node';
import type { InferenceStatus } from '../../../shared/contract/domain.js';
import { loadModels } from '../models/modelRows.js';
import type { Db } from '../project/openProjectDb.js';
import { modelCounts } from './predictionStore.js';
import { readLastProvider } from './providerRecord.js';
import { platformProviders } from './providers.js';

export function inferenceStatus(db: Db): InferenceStatus {
  const last = readLastProvider(db);
  return {
    providers: platformProviders(process.platform, ort.listSupportedBackends()),
    providerInUse: last?.provider ?? null,
    fallbacks: last?.fallbacks ?? [],
    models: modelCounts(db, loadModels(db)),
  };
}
