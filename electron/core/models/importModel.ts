import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { ExecutionProvider, ProviderFallback, ProviderRequest } from '../../../shared/contract/domain.js';
import type { ModelCard } from '../../../shared/models/modelCard.js';
import type { ProjectDb } from '../store/openProjectDb.js';
import { setClasses } from '../project/classes.js';
import { listClasses } from '../store/classes.js';
import { findModelId, insertModel, modelIdByFile, recordModelProvider, setTargetModel, type StoredDataFiles } from '../store/models.js';
import { checkDryRun } from './checkDryRun.js';
import { checkGraph } from './checkGraph.js';
import { findExternalData, hashFile } from './externalData.js';
import { classMapByName } from './classMap.js';
import { refuse } from './modelRefusal.js';
import { readOnnxModelInfo } from './onnxModelInfo.js';
import { readInput, refusingFailedRun } from './readModelFile.js';
import { parseCardJson, resolveCard, validateCard } from './resolveCard.js';

/** Folder inside the project that holds the imported model files. */
export const MODELS_DIR = 'models';

export interface ImportRequest {
  onnxPath: string;
  cardPath?: string | undefined;
  /** The card itself, instead of a card file (the Models view's card form); not merged with an embedded card. */
  card?: ModelCard | undefined;
  target?: boolean | undefined;
  provider?: ProviderRequest | undefined;
}

export interface ImportResult {
  modelId: number;
  card: ModelCard;
  provider: ExecutionProvider;
  fallbacks: ProviderFallback[];
}

/** What a dry run of a model reports: the session it opened and what its output looked like on one synthetic image. */
export interface DryRunReport {
  provider: ExecutionProvider;
  fallbacks: ProviderFallback[];
  /** The output as the model gave it. */
  outputDims: number[];
  outputType: string;
  /** Why the output cannot be read as the card says; null when it can. */
  outputProblem: string | null;
  /** Every score finite (false when the output could not be read). */
  finite: boolean;
  /** Smallest and largest per-pixel channel sum (checks an output that claims to be probabilities). */
  sumRange: [number, number];
  valueRange: [number, number];
  /** The embedding tensor as the model gave it, when the card names one. */
  embedding: { dims: number[]; type: string } | null;
}

/** Runs the dry run; inference provides it (a worker), so registering a model never imports inference. */
export type Prober = (bytes: Uint8Array, card: ModelCard, batch: number, provider: ProviderRequest, externalDataDir: string) => Promise<DryRunReport>;

/** File name of an imported model: the card's name and version, made safe for every file system. */
export function modelFileName(card: Pick<ModelCard, 'name' | 'version'>): string {
  return `${card.name}-${card.version.replace(/[^A-Za-z0-9._-]/g, '_')}.onnx`;
}

/** Writes under a temporary name first, so an interrupted copy never leaves a half file under the real one. */
function copyIntoProject(projectDir: string, relPath: string, content: Uint8Array | { source: string }): void {
  const target = join(projectDir, relPath);
  mkdirSync(dirname(target), { recursive: true });
  const temp = `${target}.importing-${process.pid}`;
  if (content instanceof Uint8Array) writeFileSync(temp, content);
  else copyFileSync(content.source, temp);
  renameSync(temp, target);
}

/**
 * Where the copy goes: models/NAME-VERSION.onnx, or, for a model with external data files,
 * its own folder models/NAME-VERSION/NAME-VERSION.onnx with the data files beside it under their
 * `location` names (two exports may both call theirs model.onnx.data).
 */
function projectModelPath(card: Pick<ModelCard, 'name' | 'version'>, externalData: boolean): string {
  const file = modelFileName(card);
  return externalData ? `${MODELS_DIR}/${file.slice(0, -'.onnx'.length)}/${file}` : `${MODELS_DIR}/${file}`;
}

/** The card an import uses: given inline (the contract refuses it together with a card file), or the card file over the card embedded in the ONNX file. */
async function requestedCard(request: Pick<ImportRequest, 'card' | 'cardPath'>, metadataProps: Record<string, string>): Promise<ModelCard> {
  if (request.card !== undefined) return validateCard(request.card, 'given with the model');
  const fileCard = request.cardPath === undefined ? undefined : parseCardJson((await readInput(request.cardPath, 'model card')).toString('utf8'), basename(request.cardPath));
  return resolveCard(fileCard, metadataProps, request.cardPath === undefined ? 'embedded in the ONNX file' : basename(request.cardPath));
}

/**
 * Imports a model: the card is resolved and validated, the graph checked against it, a dry run
 * on a synthetic image checked against it; only then is the file copied into the project
 * (models/NAME-VERSION.onnx, SHA-256 recorded; with its external data files, see
 * projectModelPath) and the model registered. The first model of a
 * project without classes gives the project its classes; the class map defaults to same names.
 */
export async function importModel(project: ProjectDb, request: ImportRequest, probe: Prober): Promise<ImportResult> {
  const bytes = await readInput(request.onnxPath, 'ONNX model file');
  const info = readOnnxModelInfo(bytes);
  const card = await requestedCard(request, info.metadataProps);
  const existing = findModelId(project.db, card.name, card.version);
  if (existing !== null) {
    refuse('already_registered', `${card.name} version ${card.version} is already registered (model ${existing}); give the new one another version in its card.`);
  }
  const { db } = project;
  const externalData = findExternalData(request.onnxPath, info.externalData);
  const relPath = projectModelPath(card, externalData.length > 0);
  const sameFile = modelIdByFile(db, relPath);
  if (sameFile !== null) refuse('already_registered', `model ${sameFile} already uses the file name ${relPath}; give the new one another name or version.`);
  const { fixedBatch } = checkGraph(info, card);
  const probed = await refusingFailedRun(() => probe(bytes, card, fixedBatch ?? 1, request.provider ?? 'auto', dirname(resolve(request.onnxPath))), 'the dry run on a synthetic image');
  checkDryRun(probed, card, 'dry run');

  const hash = createHash('sha256').update(bytes).digest('hex');
  const folder = dirname(relPath);
  const copies = externalData.map((f) => ({ path: `${folder}/${f.location.replace(/\\/g, '/')}`, source: f.source }));
  const copied = [relPath, ...copies.map((f) => f.path)];
  try {
    copyIntoProject(project.dir, relPath, bytes);
    const dataFiles: StoredDataFiles = [];
    // The copies are hashed, not the sources: the hash must be of what the project holds.
    for (const f of copies) {
      copyIntoProject(project.dir, f.path, { source: f.source });
      dataFiles.push({ path: f.path, sha256: await hashFile(join(project.dir, f.path)) });
    }
    const modelId = db.transaction(() => {
      if (listClasses(db).length === 0) setClasses(db, card.classes.map((c) => ({ id: c.id, name: c.name, color: c.color, superclass: c.superclass })));
      const classMap = classMapByName(card.classes, listClasses(db));
      const id = insertModel(db, { card, onnxRelPath: relPath, onnxHash: hash, classMap, dataFiles });
      if (request.target) setTargetModel(db, id);
      recordModelProvider(db, id, probed.provider);
      return id;
    })();
    return { modelId, card, provider: probed.provider, fallbacks: probed.fallbacks };
  } catch (error) {
    for (const path of copied) rmSync(join(project.dir, path), { force: true });
    throw error;
  }
}
