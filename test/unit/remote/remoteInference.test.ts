import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runInference } from '../../../electron/core/inference/runInference.js';
import { probeInWorker, probeRemoteInWorker } from '../../../electron/core/inference/probeInWorker.js';
import { addModel } from '../../../electron/core/models/modelRegistry.js';
import { addRemoteModel, type AddRemoteRequest } from '../../../electron/core/models/addRemoteModel.js';
import { createProjectDb, type ProjectDb } from '../../../electron/core/store/openProjectDb.js';
import { loadModel } from '../../../electron/core/store/models.js';
import { predictionSource, predictionSourceCounts } from '../../../electron/core/store/remoteModels.js';
import { makeTempDir } from '../../helpers/tempDir.js';
import { V2TestServer } from '../../helpers/v2TestServer.js';
import { colourCard, colourModel, writeModel } from '../../fixtures/models/tinyModels.js';
import { addImageFile } from '../../fixtures/models/tinyProject.js';

let temp: ReturnType<typeof makeTempDir>;
let project: ProjectDb;
const servers: V2TestServer[] = [];

beforeEach(() => {
  temp = makeTempDir();
  project = createProjectDb(join(temp.dir, 'project'), 'Remote');
});
afterEach(async () => {
  project.close();
  await Promise.all(servers.splice(0).map((s) => s.close()));
  temp.cleanup();
});

const MODEL = colourModel({ downsample: 2 });

async function serve(options: Partial<Parameters<typeof V2TestServer.start>[0]> = {}): Promise<V2TestServer> {
  const server = await V2TestServer.start({ models: [{ name: 'colour', version: '3', bytes: MODEL }], ...options });
  servers.push(server);
  return server;
}

/** Noisy images of different sizes, so the scores, softmax and upsampling are all exercised. */
async function addNoisyImages(count: number): Promise<number[]> {
  const ids: number[] = [];
  let seed = 7;
  const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 256;
  for (let i = 0; i < count; i++) {
    const width = 9 + (i % 5) * 3;
    const height = 7 + (i % 3) * 4;
    const raw = Buffer.from(Array.from({ length: width * height * 3 }, next));
    const png = await sharp(raw, { raw: { width, height, channels: 3 } }).png().toBuffer();
    ids.push(await addImageFile(project.db, project.dir, `images/noisy-${i}.png`, png));
  }
  return ids;
}

async function addLocal(): Promise<number> {
  const files = writeModel(join(temp.dir, 'src'), 'colour', MODEL, colourCard({}, { resize: 'letterbox' }));
  return (await addModel(project, files, probeInWorker)).id;
}

function addRemote(urls: string[], extra: Partial<AddRemoteRequest> = {}): Promise<number> {
  return addRemoteModel(project, { endpoints: urls.map((url) => ({ url, concurrency: 1 })), model: 'colour', ...extra }, probeRemoteInWorker);
}

const ROW =
  'SELECT m.label_map, p.map_width, p.map_height, p.class_fractions, p.mean_entropy, p.mean_margin, p.probs, p.error FROM predictions p LEFT JOIN prediction_maps m ON m.model_id = p.model_id AND m.image_id = p.image_id WHERE p.model_id = ? ORDER BY p.image_id';
const rows = (modelId: number): unknown[] => project.db.prepare(ROW).all(modelId);
const options = { provider: 'cpu', storeProbs: true, retryFailed: false, batchSize: 2 } as const;

describe('remote inference over the Open Inference Protocol', () => {
  it('stores exactly what local inference stores, over the binary extension and over plain JSON, and records the replica and version', async () => {
    await addNoisyImages(7);
    const local = await addLocal();
    const server = await serve();
    const binary = await addRemote([server.url]);
    const json = await addRemoteModel(
      project,
      { endpoints: [{ url: server.url, concurrency: 1 }], model: 'colour', json: true, card: { ...loadModel(project.db, local).card, version: 'json' } },
      probeRemoteInWorker,
    );
    const summary = await runInference(project, options);
    expect(summary).toMatchObject({ processed: 21, failed: 0, retryable: 0 });
    expect(summary.models.find((m) => m.modelId === binary)).toMatchObject({ provider: 'remote', processed: 7 });
    expect(rows(local)).toHaveLength(7);
    expect(rows(binary)).toEqual(rows(local));
    expect(rows(json)).toEqual(rows(local));
    const firstImage = project.db.prepare('SELECT min(id) FROM images').pluck().get() as number;
    expect(predictionSource(project.db, firstImage, binary)).toEqual({ endpoint: server.url, modelVersion: '3' });
    expect(predictionSource(project.db, firstImage, local)).toBeNull();
  });

  it('finishes the run on the other replica when one drops its connections mid-run, losing nothing', async () => {
    await addNoisyImages(12);
    const local = await addLocal();
    const failing = await serve({ failAfter: { requests: 2, fault: { kind: 'reset' } } });
    const healthy = await serve();
    const remote = await addRemote([failing.url, healthy.url]);
    // The dry run counted as the failing replica's first request.
    const summary = await runInference(project, { ...options, modelIds: [remote] });
    expect(summary).toMatchObject({ processed: 12, failed: 0, retryable: 0 });
    expect(failing.faulted).toBeGreaterThan(0);
    await runInference(project, { ...options, modelIds: [local] });
    expect(rows(remote)).toEqual(rows(local));
    const counts = predictionSourceCounts(project.db, remote);
    expect(counts.reduce((n, c) => n + c.predictions, 0)).toBe(12);
    expect(counts.map((c) => c.endpoint)).toContain(healthy.url);
  });

  it('leaves the images for the next run when every replica fails (503), and the next run completes them', async () => {
    await addNoisyImages(10);
    const server = await serve({ failAfter: { requests: 3, fault: { kind: 'status', status: 503 } } });
    const remote = await addRemote([server.url], { card: colourCardFor('1.0') });
    const first = await runInference(project, { ...options, modelIds: [remote] });
    expect(first.failed).toBe(0);
    expect(first.retryable).toBeGreaterThan(0);
    expect(first.processed + first.retryable).toBe(10);
    expect(first.retryReason).toMatch(/HTTP 503: Service Unavailable/);
    expect(project.db.prepare('SELECT count(*) FROM predictions WHERE error IS NOT NULL').pluck().get()).toBe(0);
    server.setFault({ kind: 'none' });
    const second = await runInference(project, { ...options, modelIds: [remote] });
    expect(second).toMatchObject({ processed: first.retryable, retryable: 0 });
    expect(rows(remote)).toHaveLength(10);
  });

  it('retries a replica that answers 429 or is slow, without giving it up', async () => {
    await addNoisyImages(4);
    const server = await serve();
    const remote = await addRemote([server.url], { card: colourCardFor('1.0') });
    server.setFault({ kind: 'status', status: 429 });
    const run = runInference(project, { ...options, modelIds: [remote], batchSize: 4 });
    setTimeout(() => server.setFault({ kind: 'delay', ms: 50 }), 20);
    expect(await run).toMatchObject({ processed: 4, retryable: 0 });
  });

  it('sends the bearer token from its file, and says so when the server refuses it', async () => {
    await addNoisyImages(2);
    await addLocal();
    const server = await serve({ token: 's3cret' });
    await expect(addRemote([server.url])).rejects.toThrow(/HTTP 401: Unauthorized/);
    const tokenFile = join(temp.dir, 'token');
    writeFileSync(tokenFile, 's3cret\n');
    const remote = await addRemote([server.url], { tokenFile });
    expect(await runInference(project, { ...options, modelIds: [remote] })).toMatchObject({ processed: 2 });
  });

  it('reaches an https server through the CA file given, and says to give one when the certificate is not trusted', async () => {
    await addNoisyImages(2);
    await addLocal();
    const key = join(temp.dir, 'key.pem');
    const cert = join(temp.dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    const server = await serve({ tls: { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') } });
    expect(server.url).toMatch(/^https:/);
    await expect(addRemote([server.url])).rejects.toThrow(/give the server's CA certificate with --ca/);
    const remote = await addRemote([server.url], { caFile: cert });
    expect(await runInference(project, { ...options, modelIds: [remote] })).toMatchObject({ processed: 2, retryable: 0 });
  });

  it('refuses registration when the server has no such model, or its metadata does not fit the card', async () => {
    await addLocal();
    const server = await serve();
    await expect(addRemoteModel(project, { endpoints: [{ url: server.url, concurrency: 1 }], model: 'nosuch', card: colourCardFor('x') }, probeRemoteInWorker)).rejects.toThrow(
      /has no model nosuch \(HTTP 404: Request for unknown model: 'nosuch' is not found\)/,
    );
    await expect(addRemote([server.url], { modelVersion: '9' })).rejects.toThrow(/version 9 is not found/);
    await expect(addRemote([server.url], { card: colourCardFor('wrong-input', { tensorName: 'pixels' }) })).rejects.toThrow(/input.tensorName 'pixels' is not an input of the graph \(its inputs: 'image'\)/);
    await expect(addRemote([server.url], { card: colourCardFor('wrong-size', { width: 16 }) })).rejects.toThrow(/The model was refused: .*8/);
    await expect(addRemote(['http://127.0.0.1:9'])).rejects.toThrow(/cannot reach http:\/\/127.0.0.1:9/);
    expect(project.db.prepare('SELECT count(*) FROM remote_models').pluck().get()).toBe(0);
  });

  it('refuses replicas that serve different models', async () => {
    await addLocal();
    const a = await serve();
    const b = await V2TestServer.start({ models: [{ name: 'colour', version: '3', bytes: colourModel({ downsample: 2, classes: 4 }) }] });
    servers.push(b);
    await expect(addRemote([a.url, b.url])).rejects.toThrow(/do not serve the same colour: their inputs or outputs differ/);
  });
});

function colourCardFor(version: string, input: Record<string, unknown> = {}): never {
  return colourCard({ version }, { resize: 'letterbox', ...input }) as never;
}
