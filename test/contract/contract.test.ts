import { join } from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { encode as encodePng } from 'fast-png';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type Client } from '../../shared/client/createClient.js';
import type { Transport } from '../../shared/client/transport.js';
import { FaultlineError } from '../../shared/contract/errors.js';
import { methodNames, methods, type MethodInput, type MethodName } from '../../shared/contract/methods.js';
import { createCore, type Core } from '../../electron/core/createCore.js';
import { headlessHost } from '../../electron/core/host/hostServices.js';
import { startServer, type RunningServer } from '../../electron/server/serveHost.js';
import { colourCard, colourModel, writeModel } from '../fixtures/models/tinyModels.js';
import { storeErrorPrediction } from '../fixtures/models/tinyProject.js';
import { addLabelledTestImage } from '../helpers/seedErrorsProject.js';
import { insertSeedRows } from '../helpers/seedProject.js';
import { makeTempDir } from '../helpers/tempDir.js';
import { connectWsTransport, inProcessTransport } from '../helpers/wsClientTransport.js';
import { writeTinyClip } from '../helpers/tinyTransformersModels.js';
import { writeSamAssist } from '../fixtures/models/assistModels.js';

/**
 * One scripted session per transport: every method of the contract is called in an order that
 * makes sense, and both transports must give the same answers. The `satisfies` makes a new
 * method without a step here a compile error.
 */
/** An 8×6 label map, half road (1), half unlabelled (255), as the editor sends it. */
function contractMask() {
  const labels = new Uint8Array(48).fill(255).fill(1, 0, 24);
  return { width: 8, height: 6, encoding: 'deflate' as const, data: deflateSync(labels).toString('base64') };
}

/** An 8×6 photo, red on the left and blue on the right, outside any project; returns its path. */
function contractPhoto(dir: string): string {
  const data = new Uint8Array(48 * 3);
  for (let p = 0; p < 48; p++) data.set(p % 8 < 4 ? [220, 20, 20] : [20, 20, 220], p * 3);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'photo.png');
  writeFileSync(path, encodePng({ width: 8, height: 6, data, channels: 3, depth: 8 }));
  return path;
}

/** A tiny colour model whose classes partly match the project's (background, road), so the class map has a gap. */
const contractModelClasses = [
  { id: 0, name: 'background', color: '#000000', superclass: null },
  { id: 1, name: 'road', color: '#804080', superclass: 'flat' },
  { id: 2, name: 'car', color: '#00008e', superclass: 'object' },
];

function contractModel(dir: string) {
  return writeModel(dir, 'contract', colourModel(), colourCard({ name: 'contract', classes: contractModelClasses }));
}

/** What a step may use: the project folder, a folder that is no project, and the job the latest job-starting step started. */
type StepContext = { dir: string; other: string; jobId: string };
type Step = { [M in MethodName]: (ctx: StepContext) => MethodInput<M> };
const steps = {
  'app.info': () => ({}),
  'project.current': () => ({}),
  'project.create': ({ dir }) => ({ dir, name: 'Contract' }),
  'project.stats': () => ({}),
  'project.check': () => ({}),
  'people.upsert': () => ({ name: 'Ada', roles: ['rater'] }),
  'people.list': () => ({}),
  'classes.set': () => ({ classes: [{ id: 0, name: 'background', color: '#000000', superclass: null }, { id: 1, name: 'road', color: '#804080', superclass: 'flat' }] }),
  'classes.list': () => ({}),
  'images.list': () => ({ limit: 10 }),
  'images.browse': () => ({ order: 'name', nameContains: 'a', limit: 10 }),
  'images.import': ({ dir }) => ({ folder: join(dir, '..', 'home'), split: 'pool' }),
  'images.importStatus': () => ({ jobId: 'no-such-job' }),
  'images.importFailures': () => ({ limit: 10 }),
  'images.thumbnails': () => ({ ids: [1, 2] }),
  'images.dicomView': () => ({ imageId: 1 }),
  'images.dicomReview': () => ({ limit: 10 }),
  // The empty project has no DICOM frame.
  'images.dicomMarkReviewed': () => ({ imageId: 1 }),
  // No such label folder: refused before any job starts.
  'groundTruth.import': ({ dir }) => ({ path: join(dir, '..', 'no-labels'), format: 'voc' }),
  'models.list': () => ({}),
  'annotations.queue': ({ dir }) => {
    insertSeedRows(dir, { images: [{ relPath: 'images/a.png', width: 8, height: 6 }], people: ['Grace'] });
    return { filter: 'all', authorId: 1 };
  },
  'annotations.open': () => ({ imageId: 1, authorId: 1 }),
  'annotations.saveDraft': () => ({ imageId: 1, authorId: 1, origin: 'scratch', timeMs: 1200, mask: contractMask() }),
  'annotations.loadMask': () => ({ kind: 'draft', imageId: 1, authorId: 1 }),
  'annotations.discardDraft': () => ({ imageId: 1, authorId: 1 }),
  'annotations.submit': () => ({ imageId: 1, authorId: 1, origin: 'scratch', timeMs: 1500, mask: contractMask() }),
  'annotations.review': () => ({ annotationId: 1, reviewerId: 2, decision: 'returned', marks: [{ x: 2, y: 3, kind: 'boundary', comment: 'edge' }] }),
  'annotations.history': () => ({ imageId: 1 }),
  // Image 1 has a submitted version now: nothing unlabelled is left to hand out.
  'annotations.claim': () => ({}),
  'annotations.release': () => ({ imageId: 1 }),
  'mining.defaults': () => ({}),
  'mining.run': () => ({ params: {} }),
  'mining.sets': () => ({}),
  'mining.candidates': () => ({ setId: 1 }),
  'mining.bounds': () => ({ constraint: { mode: 'off' } }),
  'mining.histogram': () => ({ targetId: 1, competitorIds: [2] }),
  'mining.sendToRating': () => ({ setId: 1 }),
  'rating.sets': () => ({ rater: 'Ada' }),
  'rating.queue': () => ({}),
  'rating.rate': () => ({ setId: 1, imageId: 1, rater: 'Ada', score: 3, outOfDomain: false, timeMs: 1200 }),
  'rating.undo': () => ({ setId: 1, rater: 'Ada' }),
  'rating.summary': () => ({ setId: 1 }),
  'rating.confirm': () => ({ setId: 1 }),
  'rating.claim': () => ({ setId: 1 }),
  'rating.release': () => ({ setId: 1, imageId: 1 }),
  'evaluation.run': () => ({}),
  'leaderboard.get': () => ({}),
  'rounds.setState': () => ({ roundId: 1, state: 'rating' }),
  'rounds.buildTestSet': () => ({ setId: 1 }),
  'models.add': ({ dir }) => ({ ...contractModel(join(dir, '..', 'model-src')), target: true }),
  // Under the home folder, whose path both transports normalise.
  'models.exportTriton': ({ other }) => ({ dir: join(other, '..', 'triton') }),
  // Nothing listens on the discard port: refused alike (a served model is registered in test/unit/remote/).
  'models.addRemote': () => ({ endpoints: [{ url: 'http://127.0.0.1:9', concurrency: 1 }], model: 'contract' }),
  // The copy models.add made, inside the project folder (whose path both transports normalise).
  'models.inspect': ({ dir }) => ({ onnxPath: join(dir, 'models', 'contract-1.0.onnx') }),
  // The model before registering, with its card inline, on a photo outside the project: needs no project.
  'models.preview': ({ dir }) => ({
    onnxPath: join(dir, 'models', 'contract-1.0.onnx'),
    card: colourCard({ name: 'contract', classes: contractModelClasses }) as MethodInput<'models.preview'>['card'],
    imagePath: contractPhoto(join(dir, '..', 'photos')),
  }),
  'models.setTarget': () => ({ modelId: 1 }),
  'models.setClassMap': () => ({ modelId: 1, classMap: [{ modelClassId: 2, projectClassId: 1 }] }),
  'finetune.preview': () => ({}),
  // The contract model has no classifier head named in its card: refused before any job starts.
  'finetune.run': () => ({ iterations: 10 }),
  'inference.run': ({ dir }) => {
    // The seeded image has no file; with its result already stored the run has nothing to do and ends at once on both transports.
    storeErrorPrediction(dir, 1, 1, 'seeded image without a file');
    return { modelIds: [1] };
  },
  'inference.status': () => ({}),
  'predictions.get': () => ({ imageId: 1, modelId: 1 }),
  // Only image 1 (pool, an error record) and no competitor: no population to slice, refused before any job starts.
  'slices.run': () => ({}),
  'slices.get': () => ({}),
  'slices.fetchFresh': () => ({ runId: 1, sliceIndex: 0, source: 'retrieval' }),
  'slices.visionModels': ({ dir }) => {
    writeTinyClip(join(dir, 'models', 'tiny-clip'));
    return {};
  },
  'slices.failureMask': () => ({ imageId: 1, modelId: 1 }),
  'assist.models': ({ dir }) => {
    writeSamAssist(dir);
    return {};
  },
  // The seeded image has no file: nothing to encode, so nothing to decode either.
  'assist.prepare': () => ({ model: 'tiny-sam', imageId: 1 }),
  'assist.decode': () => ({ model: 'tiny-sam', imageId: 1, prompt: { points: [{ x: 2, y: 3, positive: true }], box: null } }),
  'assist.mask': () => ({ model: 'tiny-sam', imageId: 1 }),
  'assist.cancel': () => ({ model: 'tiny-sam' }),
  'quality.sets': () => ({}),
  'quality.run': () => ({ set: 'S0', source: 'stored' }),
  'quality.runs': () => ({}),
  'quality.images': () => ({ runId: 1, limit: 10 }),
  'quality.imageMasks': () => ({ runId: 1, imageId: 1 }),
  'quality.commonIssues': () => ({ runId: 1, classId: 1 }),
  'quality.rescoreImage': () => ({ imageId: 1 }),
  // No labelled image in S0, S(i) or a test set yet: nothing to export, refused before any job starts.
  'export.run': ({ dir }) => ({ format: 'voc', out: `${dir}-export` }),
  'rounds.labelSets': () => ({}),
  'host.pickDirectory': () => ({}),
  'jobs.list': () => ({}),
  'jobs.cancel': () => ({ jobId: 'no-such-job' }),
  'errors.getConfig': () => ({}),
  'errors.setConfig': () => ({ hierarchy: { superclasses: { road: 'flat' }, stuff: ['road'], background: ['background'] }, settings: { minRegionPixels: 2 } }),
  'errors.run': ({ dir }) => {
    // A labelled test image (T0) whose road model 1 misses: the job is this small, so it has finished when the call returns.
    const groundTruth = new Uint8Array(48).fill(1, 0, 24);
    addLabelledTestImage(dir, { width: 8, height: 6, groundTruth, modelId: 1, prediction: new Uint8Array(48), sourcePath: 'street/day 1/frame-0007.png' });
    return { modelIds: [1] };
  },
  // The errors run above: its typed result (one run per labelled set) once it has ended.
  'jobs.wait': ({ jobId }) => ({ jobId }),
  'errors.overview': () => ({}),
  'errors.gallery': () => ({ runId: 1, category: 'missed' }),
  'errors.image': () => ({ runId: 1, imageId: 2 }),
  'errors.compare': () => ({ runId: 1, baseRunId: 1 }),
  // No such folder: refused before anything is read.
  'project.merge': ({ other }) => ({ from: other, dryRun: true }),
  'lab.me': () => ({}),
  'people.add': () => ({ name: 'Bea', roles: ['annotator'], expiresInDays: 7 }),
  'people.link': () => ({ name: 'Nobody' }),
  'people.remove': () => ({ name: 'Bea' }),
  'people.accounts': () => ({}),
  'project.recent': () => ({}),
  'project.close': () => ({}),
  'project.open': ({ dir }) => ({ dir, readOnly: true }),
  'project.forgetRecent': ({ other }) => ({ dir: other }),
  'project.openDemo': () => ({}),
} satisfies Step;

const EXPECTED_REFUSALS = [
  'assist.decode: invalid_input',
  'assist.mask: invalid_input',
  'assist.prepare: not_found',
  'export.run: invalid_input',
  'finetune.run: unsupported',
  'groundTruth.import: not_found',
  'images.dicomMarkReviewed: not_found',
  'mining.candidates: not_found',
  'mining.run: invalid_input',
  'mining.sendToRating: not_found',
  'models.addRemote: invalid_input',
  'people.link: not_found',
  'project.merge: not_found',
  'quality.commonIssues: not_found',
  'quality.imageMasks: not_found',
  'quality.images: not_found',
  'quality.run: invalid_input',
  'rating.claim: not_found',
  'rating.confirm: not_found',
  'rating.queue: not_found',
  'rating.rate: not_found',
  'rounds.buildTestSet: not_found',
  'rounds.setState: not_found',
  'slices.fetchFresh: not_found',
  'slices.run: invalid_input',
];

/** Drops what legitimately differs between two runs (paths of the temp folders, timestamps, durations). */
function normalise(value: unknown, dirs: string[]): unknown {
  return JSON.parse(
    JSON.stringify(value, (k, v: unknown) => {
      if (k === 'ms' && typeof v === 'number') return 0;
      // A sign-in token is random by design.
      if (k === 'token' && typeof v === 'string') return '<token>';
      if (typeof v !== 'string') return v;
      let s = v;
      for (const d of dirs) s = s.split(d).join('<dir>');
      if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(s)) return '<uuid>';
      return /^\d{4}-\d{2}-\d{2}T/.test(s) ? '<time>' : s;
    }),
  );
}

async function runScript(client: Client, dir: string, home: string): Promise<Record<string, unknown>> {
  const results: Record<string, unknown> = {};
  let jobId = 'no-job-started-yet';
  for (const name of Object.keys(steps) as MethodName[]) {
    const input = (steps[name] as (ctx: StepContext) => unknown)({ dir, other: join(home, 'nowhere'), jobId });
    try {
      const value = await (client.call as (m: string, i: unknown) => Promise<unknown>)(name, input);
      if (value !== null && typeof value === 'object' && 'jobId' in value && typeof value.jobId === 'string') jobId = value.jobId;
      results[name] = normalise(value, [dir, home]);
    } catch (error) {
      // Refusals are part of the contract too: both transports must refuse alike.
      results[name] = { error: error instanceof FaultlineError ? error.code : String(error) };
    }
  }
  return results;
}

describe('contract', () => {
  const temps = [makeTempDir(), makeTempDir()];
  let cores: Core[] = [];
  let server: RunningServer;
  let ws: Transport & { close(): void };

  beforeAll(async () => {
    cores = temps.map((t, i) => createCore({ host: headlessHost(i === 0 ? 'in-process' : 'server'), userDataDir: join(t.dir, 'home') }));
    server = await startServer({ core: cores[1]!, port: 0 });
    ws = await connectWsTransport(server.origin, server.token);
  });
  afterAll(async () => {
    ws.close();
    await server.close();
    for (const c of cores) await c.dispose();
    for (const t of temps) t.cleanup();
  });

  it('has a step for every method', () => {
    expect(Object.keys(steps).sort()).toEqual([...methodNames].sort());
  });

  // Every method runs twice (in-process and over WebSocket), so its bound grows with the contract.
  it('answers every method the same in-process and over WebSocket', async () => {
    const direct = await runScript(createClient(inProcessTransport(cores[0]!)), join(temps[0]!.dir, 'p'), join(temps[0]!.dir, 'home'));
    const remote = await runScript(createClient(ws), join(temps[1]!.dir, 'p'), join(temps[1]!.dir, 'home'));
    for (const name of methodNames) {
      const value = direct[name] as { error?: string };
      if (value && typeof value === 'object' && 'error' in value && Object.keys(value).length === 1) continue;
      const out = methods[name].output.safeParse(direct[name]);
      expect(out.success, `${name} output matches its schema`).toBe(true);
    }
    const { ['app.info']: infoA, ...restA } = direct;
    const { ['app.info']: infoB, ...restB } = remote;
    expect(restB).toEqual(restA);
    // The steps that must be refused on an empty project; any other refusal is a failure.
    const refused = Object.entries(restA)
      .filter(([, v]) => v !== null && typeof v === 'object' && 'error' in v && Object.keys(v).length === 1)
      .map(([k, v]) => `${k}: ${(v as { error: string }).error}`)
      .sort();
    expect(refused).toEqual(EXPECTED_REFUSALS);
    expect((infoA as { host: string }).host).toBe('in-process');
    expect((infoB as { host: string }).host).toBe('server');
    expect((restA['project.stats'] as { images: number }).images).toBe(0);
    expect(restA['people.list']).toEqual([{ id: 1, name: 'Ada', roles: ['rater'], createdAt: '<time>' }]);
    expect(restA['jobs.wait']).toMatchObject({ kind: 'errors', state: 'done', error: null, result: [{ setName: 'T0', modelId: 1 }] });
    // Images are named by the path they were imported under; the project's copy stays for serving the file.
    const imported = { relPath: 'images/labelled.png', sourcePath: 'street/day 1/frame-0007.png' };
    expect(restA['errors.gallery']).toMatchObject({ total: 1, items: [{ imageId: 2, ...imported, regions: [{ category: 'missed', classId: 1, pixels: 24 }] }] });
    expect(restA['errors.image']).toMatchObject({ imageId: 2, ...imported });
    expect(restA['annotations.queue']).toMatchObject({ items: [{ image: { id: 1, relPath: 'images/a.png', sourcePath: null } }] });
    expect(restA['annotations.open']).toMatchObject({ image: { id: 1, relPath: 'images/a.png', sourcePath: null } });
  }, 300_000);

  it('rejects invalid input and unknown methods with the same errors on both transports', async () => {
    for (const transport of [inProcessTransport(cores[0]!), ws]) {
      const client = createClient(transport);
      await expect(client.call('project.open', { dir: '' })).rejects.toMatchObject({ code: 'invalid_input' });
      await expect((client.call as (m: string, i: unknown) => Promise<unknown>)('project.open', { dir: 'x', extra: 1 })).rejects.toMatchObject({ code: 'invalid_input' });
      // A relative path would land in the host's working folder, which no client can see.
      await expect(client.call('project.create', { dir: 'relative/new' })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('must be absolute') });
      await expect(client.call('images.import', { folder: '/tmp/x\u0000y' })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('NUL') });
      await expect(client.call('export.run', { format: 'voc', out: 'out' })).rejects.toMatchObject({ code: 'invalid_input' });
      const unknown = await transport.invoke('fs.readFile', { path: '/etc/passwd' });
      expect(unknown).toEqual({ ok: false, error: { code: 'unknown_method', message: 'There is no method named "fs.readFile".' } });
    }
  });

  it('reports project-scoped calls without a project as no_project', async () => {
    const core = createCore({ host: headlessHost('in-process'), userDataDir: join(temps[0]!.dir, 'home2') });
    const error = await createClient(inProcessTransport(core)).call('project.stats').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FaultlineError);
    expect((error as FaultlineError).code).toBe('no_project');
    await core.dispose();
  });

  it('refuses a mining run with an unknown competitor before any job exists', async () => {
    const core = createCore({ host: headlessHost('in-process'), userDataDir: join(temps[0]!.dir, 'home3') });
    const client = createClient(inProcessTransport(core));
    const dir = join(temps[0]!.dir, 'mine-refusal');
    await client.call('project.create', { dir });
    await client.call('models.add', { ...contractModel(join(temps[0]!.dir, 'mine-model')), target: true });
    const error = await client.call('mining.run', { targetId: 1, competitorIds: [99], params: {} }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'not_found', message: expect.stringContaining('no model 99') });
    expect(await client.call('jobs.list')).toEqual([]);
    await expect(client.call('jobs.wait', { jobId: 'no-such-job' })).rejects.toMatchObject({ code: 'not_found' });
    await core.dispose();
  });

  it('pushes project.changed events to WebSocket clients', async () => {
    const client = createClient(ws);
    const seen: Array<string | null> = [];
    const off = client.on('project.changed', ({ project }) => seen.push(project?.name ?? null));
    await client.call('project.close');
    await client.call('project.create', { dir: join(temps[1]!.dir, 'q'), name: 'Second' });
    off();
    expect(seen).toEqual([null, 'Second']);
  });
});
