import type { ExecutionProvider, ModelEntry } from '../../../shared/contract/domain.js';
import { FaultlineError } from '../../../shared/contract/errors.js';
import { ModelCard } from '../../../shared/models/modelCard.js';
import type { Db } from '../project/openProjectDb.js';
import { describeClassMap, parseStoredClassMap, type StoredClassMap } from './classMap.js';
import { setTargetModel } from '../store/models.js';

interface ModelRow {
  id: number;
  name: string;
  version: string;
  onnx_path: string;
  onnx_hash: string;
  card: string;
  class_map: string | null;
  is_target: number;
  created_at: string;
}

/** A registered model as the inference pool needs it. */
export interface RegisteredModel {
  id: number;
  name: string;
  version: string;
  onnxRelPath: string;
  onnxHash: string;
  card: ModelCard;
  classMap: StoredClassMap;
  isTarget: boolean;
  createdAt: string;
}

/** meta key remembering the provider of a model's latest session (the schema has no column for it). */
const providerKey = (modelId: number): string => `model.${modelId}.provider`;

function toModel(row: ModelRow): RegisteredModel {
  const card = ModelCard.parse(JSON.parse(row.card));
  return {
    id: row.id,
    name: row.name,
    version: row.version,
    onnxRelPath: row.onnx_path,
    onnxHash: row.onnx_hash,
    card,
    classMap: parseStoredClassMap(row.class_map, card.classes.length),
    isTarget: row.is_target === 1,
    createdAt: row.created_at,
  };
}

export function loadModels(db: Db): RegisteredModel[] {
  return (db.prepare('SELECT * FROM models ORDER BY name, id').all() as ModelRow[]).map(toModel);
}

export function loadModel(db: Db, id: number): RegisteredModel {
  const row = db.prepare('SELECT * FROM models WHERE id = ?').get(id) as ModelRow | undefined;
  if (!row) throw new FaultlineError('not_found', `There is no model ${id}. List models with \`npx faultline models list PROJECT\`.`);
  return toModel(row);
}

export function findModelId(db: Db, name: string, version: string): number | null {
  const row = db.prepare('SELECT id FROM models WHERE name = ? AND version = ?').get(name, version) as { id: number } | undefined;
  return row?.id ?? null;
}

export function recordProvider(db: Db, modelId: number, provider: ExecutionProvider): void {
  db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(providerKey(modelId), provider);
}

function recordedProviders(db: Db): Map<number, ExecutionProvider> {
  const rows = db.prepare("SELECT key, value FROM meta WHERE key LIKE 'model.%.provider'").all() as { key: string; value: ExecutionProvider }[];
  return new Map(rows.map((r) => [Number(r.key.split('.')[1]), r.value]));
}

export function toEntry(model: RegisteredModel, provider: ExecutionProvider | null): ModelEntry {
  const { card } = model;
  return {
    id: model.id,
    name: model.name,
    version: model.version,
    isTarget: model.isTarget,
    createdAt: model.createdAt,
    description: card.description,
    classes: card.classes.map((c) => ({ id: c.id, name: c.name, color: c.color, superclass: c.superclass })),
    classMap: describeClassMap(model.classMap, card.classes),
    provider,
    onnxRelPath: model.onnxRelPath,
    onnxHash: model.onnxHash,
    input: { width: card.input.width, height: card.input.height, resize: card.input.resize, layout: card.input.layout, channelOrder: card.input.channelOrder },
    outputKind: card.output.kind,
  };
}

export function listModelEntries(db: Db): ModelEntry[] {
  const providers = recordedProviders(db);
  return loadModels(db).map((m) => toEntry(m, providers.get(m.id) ?? null));
}

export function modelEntry(db: Db, id: number): ModelEntry {
  return toEntry(loadModel(db, id), recordedProviders(db).get(id) ?? null);
}

/** Exactly one target at a time: the others become competitors. */
export function setTarget(db: Db, id: number): void {
  loadModel(db, id);
  setTargetModel(db, id);
}

/**
 * Stores a new class map. Stored label maps and fractions are in project class ids, so this
 * model's predictions are dropped (and counted) to be recomputed by the next inference run.
 */
export function storeClassMap(db: Db, id: number, map: StoredClassMap): number {
  return db.transaction(() => {
    db.prepare('UPDATE models SET class_map = ? WHERE id = ?').run(JSON.stringify(map), id);
    return db.prepare('DELETE FROM predictions WHERE model_id = ?').run(id).changes;
  })();
}
