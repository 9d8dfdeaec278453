import { z } from 'zod';
import type { Db } from './openProjectDb.js';
import { BatchWriter } from './batchWriter.js';

/** models.onnx_path of a remote model: it has no file in the project, and this prefix says so wherever a file is expected. */
const REMOTE_PATH_PREFIX = 'remote:';

export function remoteModelPath(servedName: string, servedVersion: string | null, firstEndpoint: string): string {
  return `${REMOTE_PATH_PREFIX}${servedName}${servedVersion === null ? '' : `@${servedVersion}`} at ${firstEndpoint}`;
}

export function isRemoteModelPath(onnxRelPath: string): boolean {
  return onnxRelPath.startsWith(REMOTE_PATH_PREFIX);
}

/** remote_models.endpoints: each replica's base address and how many batches it takes at once. */
export const StoredEndpoints = z.array(z.object({ url: z.string().url(), concurrency: z.number().int().min(1).max(64) })).min(1);
export type StoredEndpoints = z.infer<typeof StoredEndpoints>;

export interface RemoteModelRow {
  modelId: number;
  servedName: string;
  /** Null: whichever version the server serves (each prediction records the one that answered). */
  servedVersion: string | null;
  endpoints: StoredEndpoints;
  tokenFile: string | null;
  caFile: string | null;
  binary: boolean;
  /** The batch size the server's metadata fixes (a model served without batching); null: any. */
  tensorBatch: number | null;
}

interface Row {
  model_id: number;
  served_name: string;
  served_version: string | null;
  endpoints: string;
  token_file: string | null;
  ca_file: string | null;
  binary_data: number;
  tensor_batch: number | null;
}

function toRemote(row: Row): RemoteModelRow {
  return {
    modelId: row.model_id,
    servedName: row.served_name,
    servedVersion: row.served_version,
    endpoints: StoredEndpoints.parse(JSON.parse(row.endpoints)),
    tokenFile: row.token_file,
    caFile: row.ca_file,
    binary: row.binary_data === 1,
    tensorBatch: row.tensor_batch,
  };
}

export function insertRemoteModel(db: Db, remote: RemoteModelRow): void {
  db.prepare('INSERT INTO remote_models (model_id, served_name, served_version, endpoints, token_file, ca_file, binary_data, tensor_batch) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
    remote.modelId,
    remote.servedName,
    remote.servedVersion,
    JSON.stringify(remote.endpoints),
    remote.tokenFile,
    remote.caFile,
    remote.binary ? 1 : 0,
    remote.tensorBatch,
  );
}

/** The remote set-up of a model; null for a model run from its ONNX file here. */
export function remoteModel(db: Db, modelId: number): RemoteModelRow | null {
  const row = db.prepare('SELECT * FROM remote_models WHERE model_id = ?').get(modelId) as Row | undefined;
  return row ? toRemote(row) : null;
}

export function remoteModels(db: Db): Map<number, RemoteModelRow> {
  const rows = db.prepare('SELECT * FROM remote_models').all() as Row[];
  return new Map(rows.map((r) => [r.model_id, toRemote(r)]));
}

/** A prediction of a remote model and the replica and served version that computed it. */
export interface SourcedPrediction {
  modelId: number;
  imageId: number;
  endpoint: string;
  modelVersion: string | null;
}

/** Records sources in batches beside the prediction writer; a recomputed prediction replaces its source. */
export function predictionSourceWriter(db: Db): BatchWriter<SourcedPrediction> {
  const source = db.prepare('INSERT INTO inference_sources (endpoint, model_version) VALUES (?, ?) ON CONFLICT (endpoint, model_version) DO UPDATE SET endpoint = excluded.endpoint RETURNING id');
  const insert = db.prepare('INSERT OR REPLACE INTO prediction_sources (model_id, image_id, source_id) VALUES (?, ?, ?)');
  const ids = new Map<string, number>();
  return new BatchWriter<SourcedPrediction>(
    db,
    (items) => {
      for (const item of items) {
        const version = item.modelVersion ?? '';
        const key = `${item.endpoint}\n${version}`;
        let id = ids.get(key);
        if (id === undefined) {
          id = (source.get(item.endpoint, version) as { id: number }).id;
          ids.set(key, id);
        }
        insert.run(item.modelId, item.imageId, id);
      }
    },
    { batchSize: 256, maxDelayMs: 500 },
  );
}

/** Which replica and served version computed a prediction; null for one computed here (or before sources were recorded). */
export function predictionSource(db: Db, imageId: number, modelId: number): { endpoint: string; modelVersion: string | null } | null {
  const row = db
    .prepare('SELECT s.endpoint, s.model_version FROM prediction_sources p JOIN inference_sources s ON s.id = p.source_id WHERE p.model_id = ? AND p.image_id = ?')
    .get(modelId, imageId) as { endpoint: string; model_version: string } | undefined;
  return row ? { endpoint: row.endpoint, modelVersion: row.model_version === '' ? null : row.model_version } : null;
}

/** How many of a model's predictions each (endpoint, served version) computed. */
export function predictionSourceCounts(db: Db, modelId: number): Array<{ endpoint: string; modelVersion: string | null; predictions: number }> {
  const rows = db
    .prepare('SELECT s.endpoint, s.model_version, count(*) AS n FROM prediction_sources p JOIN inference_sources s ON s.id = p.source_id WHERE p.model_id = ? GROUP BY s.id ORDER BY s.endpoint, s.model_version')
    .all(modelId) as Array<{ endpoint: string; model_version: string; n: number }>;
  return rows.map((r) => ({ endpoint: r.endpoint, modelVersion: r.model_version === '' ? null : r.model_version, predictions: r.n }));
}
