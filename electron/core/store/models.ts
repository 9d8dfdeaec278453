import { z } from 'zod';
import type { ExecutionProvider } from '../../../shared/contract/domain.js';
import { FaultlineError } from '../../../shared/contract/errors.js';
import { ModelCard } from '../../../shared/models/modelCard.js';
import type { Db } from './openProjectDb.js';
import { deleteModelPredictions } from './predictions.js';
import { projectMeta, setMetaValue } from './projectStats.js';

/** models.class_map: JSON array indexed by model class id; each entry a project class id or null. */
export const StoredClassMap = z.array(z.number().int().min(0).max(254).nullable());
export type StoredClassMap = z.infer<typeof StoredClassMap>;

/** A stored class map as written; an unreadable one maps every class to none. */
function readStoredClassMap(json: string): StoredClassMap {
  const parsed = StoredClassMap.safeParse(JSON.parse(json));
  return parsed.success ? parsed.data : [];
}

/** A stored class map sized to the model's classes; a missing or unreadable one maps every class to none. */
export function parseStoredClassMap(json: string | null, classes: number): StoredClassMap {
  const map = json === null ? [] : readStoredClassMap(json);
  return Array.from({ length: classes }, (_, i) => map[i] ?? null);
}

/** models.data_files: the model's external data files, relative to the project folder, with their SHA-256. */
export const StoredDataFiles = z.array(z.object({ path: z.string().min(1), sha256: z.string().regex(/^[0-9a-f]{64}$/) }));
export type StoredDataFiles = z.infer<typeof StoredDataFiles>;

interface ModelRow {
  id: number;
  name: string;
  version: string;
  onnx_path: string;
  onnx_hash: string;
  card: string;
  class_map: string | null;
  data_files: string;
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
  /** External data files the .onnx reads its weights from (beside it); empty for most models. */
  dataFiles: StoredDataFiles;
  card: ModelCard;
  classMap: StoredClassMap;
  isTarget: boolean;
  createdAt: string;
}

function toModel(row: ModelRow): RegisteredModel {
  const card = ModelCard.parse(JSON.parse(row.card));
  return {
    id: row.id,
    name: row.name,
    version: row.version,
    onnxRelPath: row.onnx_path,
    onnxHash: row.onnx_hash,
    dataFiles: StoredDataFiles.parse(JSON.parse(row.data_files)),
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

/** The model whose file is `onnxRelPath` inside the project, if any. */
export function modelIdByFile(db: Db, onnxRelPath: string): number | null {
  const row = db.prepare('SELECT id FROM models WHERE onnx_path = ?').get(onnxRelPath) as { id: number } | undefined;
  return row?.id ?? null;
}

export interface NewModel {
  card: ModelCard;
  onnxRelPath: string;
  onnxHash: string;
  classMap: StoredClassMap;
  dataFiles?: StoredDataFiles;
  /** The model this one was fine-tuned from. */
  parentId?: number;
}

/** Registers a model (named and versioned by its card) as a competitor (see setTargetModel); returns its id. */
export function insertModel(db: Db, model: NewModel): number {
  const { card } = model;
  return Number(
    db
      .prepare('INSERT INTO models (name, version, parent_id, onnx_path, onnx_hash, card, class_map, data_files, is_target, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?)')
      .run(
        card.name,
        card.version,
        model.parentId ?? null,
        model.onnxRelPath,
        model.onnxHash,
        JSON.stringify(card),
        JSON.stringify(model.classMap),
        JSON.stringify(model.dataFiles ?? []),
        new Date().toISOString(),
      ).lastInsertRowid,
  );
}

/** Versions already registered under a model name. */
export function modelVersionsOf(db: Db, name: string): string[] {
  return db.prepare('SELECT version FROM models WHERE name = ?').pluck().all(name) as string[];
}

/** Every registered model's file, relative to the project folder. */
export function modelFilePaths(db: Db): string[] {
  return db.prepare('SELECT onnx_path FROM models').pluck().all() as string[];
}

/**
 * Stores a new class map. Stored label maps and fractions are in project class ids, so this
 * model's predictions are dropped (and counted) in the same transaction.
 */
export function storeClassMap(db: Db, id: number, map: StoredClassMap): number {
  return db.transaction(() => {
    db.prepare('UPDATE models SET class_map = ? WHERE id = ?').run(JSON.stringify(map), id);
    return deleteModelPredictions(db, id);
  })();
}

/** meta key remembering the provider of a model's latest session (the schema has no column for it). */
const providerKey = (modelId: number): string => `model.${modelId}.provider`;

export function recordModelProvider(db: Db, modelId: number, provider: ExecutionProvider): void {
  setMetaValue(db, providerKey(modelId), provider);
}

/** The provider of each model's latest session, by model id; a model never run has none. */
export function modelProviders(db: Db): Map<number, ExecutionProvider> {
  const entries = [...projectMeta(db)].filter(([key]) => /^model\..*\.provider$/.test(key));
  return new Map(entries.map(([key, value]) => [Number(key.split('.')[1]), value as ExecutionProvider]));
}

/**
 * The project's target model. `setTargetModel` keeps exactly one, so the order only decides which
 * of several targets wins in a project written by an older version: the newest.
 */
export function targetModelId(db: Db): number | undefined {
  return db.prepare('SELECT id FROM models WHERE is_target = 1 ORDER BY id DESC LIMIT 1').pluck().get() as number | undefined;
}

/** The target model's id, or a refusal that says what to do (`remedy`) when the project has none. */
export function requireTargetModelId(db: Db, remedy: string): number {
  const id = targetModelId(db);
  if (id === undefined) throw new FaultlineError('invalid_input', `The project has no target model; ${remedy}.`);
  return id;
}

/** Exactly one target at a time: the others become competitors. */
export function setTargetModel(db: Db, id: number): void {
  db.prepare('UPDATE models SET is_target = (id = ?)').run(id);
}

export interface ModelIdentity {
  id: number;
  name: string;
  version: string;
  isTarget: boolean;
  parentId: number | null;
}

/** Every model in id order, without decoding cards: what pairing, ranking and charting models needs. */
export function modelIdentities(db: Db): ModelIdentity[] {
  return (
    db.prepare('SELECT id, name, version, is_target, parent_id FROM models ORDER BY id').all() as Array<{
      id: number;
      name: string;
      version: string;
      is_target: number;
      parent_id: number | null;
    }>
  ).map((m) => ({ id: m.id, name: m.name, version: m.version, isTarget: m.is_target === 1, parentId: m.parent_id }));
}

/**
 * Every model in id order with its card and stored class map; null where none was stored (a
 * project from before class maps), which the caller maps by class name as import would.
 */
export function modelsWithClassMaps(db: Db): Array<{ id: number; card: ModelCard; classMap: StoredClassMap | null }> {
  const rows = db.prepare('SELECT id, card, class_map FROM models ORDER BY id').all() as Array<{ id: number; card: string; class_map: string | null }>;
  return rows.map((r) => ({ id: r.id, card: ModelCard.parse(JSON.parse(r.card)), classMap: r.class_map === null ? null : readStoredClassMap(r.class_map) }));
}
