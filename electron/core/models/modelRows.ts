import type { ExecutionProvider, ModelEntry } from '../../../shared/contract/domain.js';
import type { Db } from '../store/openProjectDb.js';
import { loadModel, loadModels, modelProviders, setTargetModel, type RegisteredModel } from '../store/models.js';
import { describeClassMap } from './classMap.js';
import { remoteModel, remoteModels, type RemoteModelRow } from '../store/remoteModels.js';

function remoteInfo(remote: RemoteModelRow | null): ModelEntry['remote'] {
  if (remote === null) return null;
  const { servedName, servedVersion, endpoints, binary, tokenFile, caFile } = remote;
  return { servedName, servedVersion, endpoints, binary, tokenFile, caFile };
}


export function toEntry(model: RegisteredModel, provider: ExecutionProvider | null, remote: RemoteModelRow | null): ModelEntry {
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
    remote: remoteInfo(remote),
  };
}

export function listModelEntries(db: Db): ModelEntry[] {
  const providers = modelProviders(db);
  const remotes = remoteModels(db);
  return loadModels(db).map((m) => toEntry(m, providers.get(m.id) ?? null, remotes.get(m.id) ?? null));
}

export function modelEntry(db: Db, id: number): ModelEntry {
  return toEntry(loadModel(db, id), modelProviders(db).get(id) ?? null, remoteModel(db, id));
}

/** Exactly one target at a time: the others become competitors. */
export function setTarget(db: Db, id: number): void {
  loadModel(db, id);
  setTargetModel(db, id);
}
