import { resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { FaultlineError } from '../../../shared/contract/errors.js';
import type { ModelCard } from '../../../shared/models/modelCard.js';
import { setClasses } from '../project/classes.js';
import { loadRemoteTarget } from '../remote/loadRemoteTarget.js';
import type { RemoteTarget } from '../remote/remoteTarget.js';
import { RemoteError, V2Client } from '../remote/v2Client.js';
import type { ModelMetadata } from '../remote/v2Protocol.js';
import { listClasses } from '../store/classes.js';
import { findModelId, insertModel, loadModels, recordModelProvider, setTargetModel } from '../store/models.js';
import type { ProjectDb } from '../store/openProjectDb.js';
import { insertRemoteModel, remoteModelPath, type StoredEndpoints } from '../store/remoteModels.js';
import { checkDryRun } from './checkDryRun.js';
import { checkGraph } from './checkGraph.js';
import { classMapByName } from './classMap.js';
import type { DryRunReport } from './importModel.js';
import { refuse } from './modelRefusal.js';
import { readInput, refusingFailedRun } from './readModelFile.js';
import { parseCardJson, validateCard } from './resolveCard.js';
import { metadataAsGraph, metadataDifference } from './remoteMetadata.js';
import { tritonModelName } from '../../../shared/models/tritonModelName.js';

/** The dry run through a server; inference provides it (a worker), as it does the local one. */
export type RemoteProber = (target: RemoteTarget, card: ModelCard, batch: number) => Promise<DryRunReport>;

export interface AddRemoteRequest {
  endpoints: StoredEndpoints;
  /** The model's name on the server, and the version to ask for (none: the server's choice). */
  model: string;
  modelVersion?: string | undefined;
  cardPath?: string | undefined;
  card?: ModelCard | undefined;
  tokenFile?: string | undefined;
  caFile?: string | undefined;
  /** Plain JSON instead of the binary tensor extension (servers without it). */
  json?: boolean | undefined;
  target?: boolean | undefined;
}

/** Version a remote model gets when it borrows the card of the project's local model of the same name (name + version must stay unique). */
const REMOTE_VERSION_SUFFIX = '+remote';

/**
 * The card: the one given, else the card of the project's newest local model whose card name
 * (or export-triton's name for it) is the served model's name, so the remote copy is pre- and post-processed exactly as that model.
 */
async function remoteCard(project: ProjectDb, request: AddRemoteRequest): Promise<ModelCard> {
  if (request.card !== undefined) return validateCard(request.card, 'given with the model');
  if (request.cardPath !== undefined) return validateCard(parseCardJson((await readInput(request.cardPath, 'model card')).toString('utf8'), request.cardPath), request.cardPath);
  // The name export-triton gave the model, when several versions share a card name.
  const local = loadModels(project.db)
    .filter((m) => m.card.name === request.model || tritonModelName(m.card.name, m.card.version) === request.model)
    .sort((a, b) => b.id - a.id)[0];
  if (!local) {
    throw new FaultlineError('invalid_input', `The project has no model named ${request.model} whose card could be reused; give the served model's card with --card (see \`npx faultline models inspect\` to draft one from its ONNX file).`);
  }
  return { ...local.card, version: `${local.card.version}${REMOTE_VERSION_SUFFIX}` };
}

/** Every replica ready and serving the same model; returns the first one's metadata. */
async function servedMetadata(target: RemoteTarget): Promise<ModelMetadata> {
  const answers: ModelMetadata[] = [];
  for (const access of target.endpoints) {
    const client = new V2Client(access);
    try {
      await client.ready();
      answers.push(await client.metadata(target.model, target.version));
    } catch (error) {
      if (error instanceof RemoteError) throw new FaultlineError('invalid_input', `The remote model was refused: ${error.message}.`);
      throw error;
    } finally {
      client.close();
    }
  }
  const first = answers[0]!;
  for (const [i, other] of answers.entries()) {
    const difference = metadataDifference(first, other);
    if (difference) refuse('input_mismatch', `${target.endpoints[0]!.url} and ${target.endpoints[i]!.url} do not serve the same ${target.model}: ${difference}.`);
  }
  return first;
}

/**
 * Registers a model served over the Open Inference Protocol: every replica must be ready and
 * report the same metadata; the card is checked against that metadata as import checks it
 * against a graph (same rules, same refusals), then the card's dry run goes through the first
 * replica and is checked as a local one. Nothing is written before every check has passed.
 */
export async function addRemoteModel(project: ProjectDb, request: AddRemoteRequest, probe: RemoteProber): Promise<number> {
  const { db } = project;
  const card = await remoteCard(project, request);
  const existing = findModelId(db, card.name, card.version);
  if (existing !== null) refuse('already_registered', `${card.name} version ${card.version} is already registered (model ${existing}); give the remote one another version in its card.`);
  const stored = {
    servedName: request.model,
    servedVersion: request.modelVersion ?? null,
    endpoints: request.endpoints,
    tokenFile: request.tokenFile === undefined ? null : resolve(request.tokenFile),
    caFile: request.caFile === undefined ? null : resolve(request.caFile),
    binary: request.json !== true,
  };
  const target = await loadRemoteTarget(stored);
  const metadata = await servedMetadata(target);
  const { fixedBatch } = checkGraph(metadataAsGraph(metadata), card);
  const probed = await refusingFailedRun(() => probe(target, card, fixedBatch ?? 1), `the dry run on a synthetic image through ${target.endpoints[0]!.url}`);
  checkDryRun(probed, card, 'dry run');

  const signature = createHash('sha256').update(JSON.stringify({ inputs: metadata.inputs, outputs: metadata.outputs })).digest('hex');
  return db.transaction(() => {
    if (listClasses(db).length === 0) setClasses(db, card.classes.map((c) => ({ id: c.id, name: c.name, color: c.color, superclass: c.superclass })));
    const classMap = classMapByName(card.classes, listClasses(db));
    const id = insertModel(db, { card, onnxRelPath: remoteModelPath(stored.servedName, stored.servedVersion, stored.endpoints[0]!.url), onnxHash: signature, classMap });
    insertRemoteModel(db, { modelId: id, ...stored, tensorBatch: fixedBatch });
    if (request.target) setTargetModel(db, id);
    recordModelProvider(db, id, 'remote');
    return id;
  })();
}
