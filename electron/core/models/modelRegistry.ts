import type { ModelCard } from '../../../shared/models/modelCard.js';
import type { ClassMapEntry, ModelEntry, ProviderRequest } from '../../../shared/contract/domain.js';
import { classMapFromEntries } from './classMap.js';
import { importModel, type Prober } from './importModel.js';
import { addRemoteModel, type AddRemoteRequest, type RemoteProber } from './addRemoteModel.js';
import { listModelEntries, modelEntry, setTarget } from './modelRows.js';
import type { Db, ProjectDb } from '../store/openProjectDb.js';
import { listClasses } from '../store/classes.js';
import { loadModel, storeClassMap } from '../store/models.js';
import { recordLastProvider } from '../store/projectStats.js';

export function listModels(db: Db): ModelEntry[] {
  return listModelEntries(db);
}

export interface AddModelInput {
  onnxPath: string;
  cardPath?: string | undefined;
  card?: ModelCard | undefined;
  target?: boolean | undefined;
  provider?: ProviderRequest | undefined;
}

/** Validates (a dry run through `probe`: inference's probeInWorker), copies and registers a model; see importModel for the checks. */
export async function addModel(project: ProjectDb, input: AddModelInput, probe: Prober): Promise<ModelEntry> {
  const result = await importModel(project, input, probe);
  recordLastProvider(project.db, { provider: result.provider, fallbacks: result.fallbacks });
  return modelEntry(project.db, result.modelId);
}

/** Registers a model served over the Open Inference Protocol; see addRemoteModel for the checks. */
export async function addRemote(project: ProjectDb, input: AddRemoteRequest, probe: RemoteProber): Promise<ModelEntry> {
  const id = await addRemoteModel(project, input, probe);
  return modelEntry(project.db, id);
}

export function setTargetModel(db: Db, modelId: number): ModelEntry[] {
  setTarget(db, modelId);
  return listModelEntries(db);
}

/** Changing the mapping drops the model's stored predictions (they hold mapped ids); an unchanged one keeps them. */
export function setModelClassMap(
  db: Db,
  modelId: number,
  entries: readonly Pick<ClassMapEntry, 'modelClassId' | 'projectClassId'>[],
): { model: ModelEntry; invalidatedPredictions: number } {
  const model = loadModel(db, modelId);
  const map = classMapFromEntries(entries, model.card.classes, listClasses(db));
  const changed = JSON.stringify(map) !== JSON.stringify(model.classMap);
  const invalidatedPredictions = changed ? storeClassMap(db, modelId, map) : 0;
  return { model: modelEntry(db, modelId), invalidatedPredictions };
}
