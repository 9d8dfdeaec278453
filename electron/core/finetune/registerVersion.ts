import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FinetuneRun } from '../../../shared/contract/methods/finetuneMethods.js';
import { MODELS_DIR, modelFileName } from '../models/importModel.js';
import type { RegisteredModel } from '../store/models.js';
import type { Db, ProjectDb } from '../store/openProjectDb.js';
import { nextVersion } from './nextVersion.js';
import { insertModel, modelFilePaths, modelVersionsOf, registeredModelIds, setTargetModel } from '../store/models.js';
import { projectMeta, setMetaValue } from '../store/projectStats.js';

/** meta key of the record of the fine-tune that made a model. */
const RUN_KEY_PREFIX = 'finetune.model.';
const runKey = (modelId: number): string => `${RUN_KEY_PREFIX}${modelId}`;

/**
 * Registers fine-tuned weights as the next version of `parent` and makes it the target: the file
 * goes to models/ (atomically), the row keeps the parent's card (bar the version) and class
 * map, and points at the parent. Earlier versions stay registered, so they stay on the
 * leaderboard.
 */
export function registerFinetuned(project: ProjectDb, parent: RegisteredModel, bytes: Uint8Array): { modelId: number; version: string; onnxRelPath: string } {
  const { db } = project;
  const taken = new Set(modelVersionsOf(db, parent.name));
  const paths = new Set(modelFilePaths(db));
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
      const id = insertModel(db, {
        parentId: parent.id,
        onnxRelPath,
        onnxHash: createHash('sha256').update(bytes).digest('hex'),
        card,
        classMap: parent.classMap,
      });
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
  setMetaValue(db, runKey(run.modelId), JSON.stringify(run));
}

/** The newest fine-tune recorded in the project whose model is still registered, or null. */
export function latestRun(db: Db): FinetuneRun | null {
  const registered = registeredModelIds(db);
  const runs = [...projectMeta(db)]
    .filter(([key]) => key.startsWith(RUN_KEY_PREFIX))
    .map(([, value]) => FinetuneRun.safeParse(JSON.parse(value)))
    .flatMap((p) => (p.success && registered.has(p.data.modelId) ? [p.data] : []))
    .sort((a, b) => b.modelId - a.modelId);
  return runs[0] ?? null;
}
