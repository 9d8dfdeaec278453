import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MODELS_DIR, modelFileName } from '../models/importModel.js';
import type { RegisteredModel } from '../store/models.js';
import type { ProjectDb } from '../store/openProjectDb.js';
import { nextVersion } from './nextVersion.js';
import { insertModel, modelFilePaths, modelVersionsOf, setTargetModel } from '../store/models.js';

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
