import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FinetuneRun } from '../../../shared/contract/methods/finetuneMethods.js';
import { MODELS_DIR, modelFileName } from '../models/importModel.js';
import type { RegisteredModel } from '../models/modelRows.js';
import type { Db, ProjectDb } from '../project/openProjectDb.js';
import { nextVersion } from './nextVersion.js';
import { setTargetModel } from '../store/models.js';

/** meta key of the record of the fine-tune that made a model. */
const runKey = (modelId: number): string => `finetune.model.${modelId}`;

/**
 * Registers fine-tuned weights as the next version of `parent` and makes it the target: the file
 * goes to models/ (atomically), the row keeps the parent's card (bar the version) and class
 * map, and points at the parent. Earlier versions stay registered, so they stay on the
 * leaderboard.
 */
export function registerFinetuned(project: ProjectDb, parent: RegisteredModel, bytes: Uint8Array): { modelId: number; version: string; onnxRelPath: string } {
  const { db } = project;
  const taken = new Set(db.prepare('SELECT version FROM models WHERE name = ?').pluck().all(parent.name) as string[]);
  const paths = new Set(db.prepare('SELECT onnx_path FROM models').pluck().all() as string[]);
  let version = nextVersion(parent.version, taken);
  while (paths.has(`${MODELS_DIR}/${modelFileName({ name: parent.name, version })}`)) version = nextVersion(version, taken);
  const card = { ...parent.card, version };
  const onnxRelPath = `${MODELS_DIR}/${modelFileName(card)}`;
  const target = join(project.dir, onnxRelPath);
  mkdirSync(join(project.dir, MODELS_DIR), { recursive: true });
  const temp = `${target}.finetuning-${process.pid}`;
  writeFileSync(temp, bytes);
  renameSync(temp, target);
  try {
    const modelId = db.transaction(() => {
      const id = Number(
        db
          .prepare('INSERT INTO models (name, version, parent_id, onnx_path, onnx_hash, card, class_map, is_target, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?)')
          .run(parent.name, version, parent.id, onnxRelPath, createHash('sha256').update(bytes).digest('hex'), JSON.stringify(card), JSON.stringify(parent.classMap), new Date().toISOString())
          .lastInsertRowid,
      );
      setTargetModel(db, id);
      return id;
    })();
    return { modelId, version, onnxRelPath };
  } catch (error) {
    rmSync(target, { force: true });
    throw error;
  }
}

export function recordRun(db: Db, run: FinetuneRun): void {
  db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(runKey(run.modelId), JSON.stringify(run));
}

/** The newest fine-tune recorded in the project whose model is still registered, or null. */
export function latestRun(db: Db): FinetuneRun | null {
  const rows = db.prepare("SELECT key, value FROM meta WHERE key LIKE 'finetune.model.%'").all() as Array<{ key: string; value: string }>;
  const registered = new Set(db.prepare('SELECT id FROM models').pluck().all() as number[]);
  const runs = rows
    .map((r) => FinetuneRun.safeParse(JSON.parse(r.value)))
    .flatMap((p) => (p.success && registered.has(p.data.modelId) ? [p.data] : []))
    .sort((a, b) => b.modelId - a.modelId);
  return runs[0] ?? null;
}
