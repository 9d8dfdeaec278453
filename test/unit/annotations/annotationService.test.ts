import Database from 'better-sqlite3';
import { join } from 'node:path';
import { deflateSync, inflateSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient, type Client } from '../../../shared/client/createClient.js';
import type { MaskPayload } from '../../../shared/contract/domain.js';
import { createCore, type Core } from '../../../electron/core/createCore.js';
import { headlessHost } from '../../../electron/core/host/hostServices.js';
import { projectDbPath } from '../../../electron/core/store/projectFiles.js';
import { insertSeedRows } from '../../helpers/seedProject.js';
import { makeTempDir } from '../../helpers/tempDir.js';
import { inProcessTransport } from '../../helpers/wsClientTransport.js';

const W = 6;
const H = 4;
const CLASSES = [
  { id: 0, name: 'background', color: '#000000' },
  { id: 1, name: 'road', color: '#804080' },
  { id: 2, name: 'car', color: '#0000ff' },
];

function payload(labels: Uint8Array, width = W, height = H): MaskPayload {
  return { width, height, encoding: 'deflate', data: deflateSync(labels).toString('base64') };
}

function decode(mask: MaskPayload): number[] {
  return [...inflateSync(Buffer.from(mask.data, 'base64'))];
}

function filled(value: number): Uint8Array {
  return new Uint8Array(W * H).fill(value);
}

describe('annotation service', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let core: Core;
  let client: Client;
  let dir: string;
  // People: 1 Ada (annotator), 2 Grace (reviewer), 3 Linus (second annotator).
  const ada = 1;
  const grace = 2;
  const linus = 3;

  beforeEach(async () => {
    temp = makeTempDir();
    dir = join(temp.dir, 'p');
    core = createCore({ host: headlessHost('in-process'), userDataDir: join(temp.dir, 'home') });
    client = createClient(inProcessTransport(core));
    await client.call('project.create', { dir });
    insertSeedRows(dir, {
      classes: CLASSES,
      people: ['Ada', 'Grace', 'Linus'],
      images: [
        { relPath: 'images/a.png', width: W, height: H },
        { relPath: 'images/b.png', width: W, height: H, groundTruth: filled(0) },
        { relPath: 'images/c.png', width: W, height: H },
      ],
    });
  });
  afterEach(async () => {
    await core.dispose();
    temp.cleanup();
  });

  const save = (imageId: number, authorId: number, labels: Uint8Array, timeMs = 100) =>
    client.call('annotations.saveDraft', { imageId, authorId, origin: 'scratch', timeMs, mask: payload(labels) });
  const submit = (imageId: number, authorId: number, labels: Uint8Array, timeMs = 100) =>
    client.call('annotations.submit', { imageId, authorId, origin: 'scratch', timeMs, mask: payload(labels) });

  it('keeps one draft row per image and author, updated in place, and restores its latest mask', async () => {
    const first = await save(1, ada, filled(1), 500);
    const second = await save(1, ada, filled(2), 900);
    expect(second.id).toBe(first.id);
    expect(second).toMatchObject({ version: 0, status: 'draft', timeMs: 900, authorName: 'Ada' });
    expect(decode(await client.call('annotations.loadMask', { kind: 'draft', imageId: 1, authorId: ada }))).toEqual([...filled(2)]);
    const session = await client.call('annotations.open', { imageId: 1, authorId: ada });
    expect(session.draft?.id).toBe(first.id);
    expect((await client.call('annotations.open', { imageId: 1, authorId: linus })).draft).toBeNull();
    await client.call('annotations.discardDraft', { imageId: 1, authorId: ada });
    await expect(client.call('annotations.loadMask', { kind: 'draft', imageId: 1, authorId: ada })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('numbers submitted versions per image across authors and turns the draft into the version', async () => {
    const draft = await save(1, ada, filled(1));
    const v1 = await submit(1, ada, filled(2), 4000);
    expect(v1).toMatchObject({ id: draft.id, version: 1, status: 'submitted', timeMs: 4000 });
    const v2 = await submit(1, linus, filled(0));
    expect(v2).toMatchObject({ version: 2, authorName: 'Linus' });
    const other = await submit(3, ada, filled(1));
    expect(other.version).toBe(1);
    expect((await client.call('annotations.open', { imageId: 1, authorId: ada })).draft).toBeNull();
    expect(decode(await client.call('annotations.loadMask', { kind: 'annotation', annotationId: v1.id }))).toEqual([...filled(2)]);
    const history = await client.call('annotations.history', { imageId: 1 });
    expect(history.versions.map((v) => [v.version, v.authorName])).toEqual([
      [1, 'Ada'],
      [2, 'Linus'],
    ]);
    expect((await client.call('project.stats')).annotations).toBe(3);
  });

  it('refuses masks of the wrong size, with unknown classes, that are not zlib, or that inflate past the image', async () => {
    const wrongSize = { imageId: 1, authorId: ada, origin: 'scratch', timeMs: 0, mask: payload(new Uint8Array(W * (H + 1)).fill(1), W, H + 1) };
    await expect(client.call('annotations.saveDraft', wrongSize)).rejects.toThrow(/mask is 6×5; the image is 6×4/);
    const unknown = filled(1);
    unknown[W + 3] = 7;
    await expect(save(1, ada, unknown)).rejects.toThrow(/class 7 at \(3, 1\)/);
    const bomb = { ...payload(filled(1)), data: deflateSync(new Uint8Array(10_000_000)).toString('base64') };
    await expect(client.call('annotations.saveDraft', { imageId: 1, authorId: ada, origin: 'scratch', timeMs: 0, mask: bomb })).rejects.toThrow(
      /more than 6×4 pixels/,
    );
    const garbage = { ...payload(filled(1)), data: Buffer.from('not a zlib stream').toString('base64') };
    await expect(client.call('annotations.saveDraft', { imageId: 1, authorId: ada, origin: 'scratch', timeMs: 0, mask: garbage })).rejects.toThrow(/not zlib data/);
    await expect(client.call('annotations.saveDraft', { imageId: 1, authorId: ada, origin: 'nonsense', timeMs: 0, mask: payload(filled(1)) })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(save(1, 99, filled(1))).rejects.toMatchObject({ code: 'not_found' });
  });

  it('runs a review round: return with marks, resubmit as a new version, accept; refuses self-review and mark-less returns', async () => {
    const v1 = await submit(1, ada, filled(1));
    await expect(client.call('annotations.review', { annotationId: v1.id, reviewerId: ada, decision: 'accepted', marks: [] })).rejects.toThrow(
      /review must be done by someone else/,
    );
    await expect(client.call('annotations.review', { annotationId: v1.id, reviewerId: grace, decision: 'returned', marks: [] })).rejects.toThrow(
      /at least one mark/,
    );
    await expect(
      client.call('annotations.review', { annotationId: v1.id, reviewerId: grace, decision: 'returned', marks: [{ x: 6, y: 0, kind: 'boundary', comment: '' }] }),
    ).rejects.toThrow(/outside the 6×4 image/);
    const mark = { x: 2.5, y: 1, kind: 'wrong_class' as const, comment: 'this is a car' };
    const returned = await client.call('annotations.review', { annotationId: v1.id, reviewerId: grace, decision: 'returned', marks: [mark] });
    expect(returned).toMatchObject({ decision: 'returned', version: 1, reviewerName: 'Grace', marks: [mark] });

    const reopened = await client.call('annotations.open', { imageId: 1, authorId: ada });
    expect(reopened.latest).toMatchObject({ id: v1.id, status: 'returned' });
    expect(reopened.latestReview?.marks).toEqual([mark]);
    await expect(client.call('annotations.review', { annotationId: v1.id, reviewerId: grace, decision: 'accepted', marks: [] })).rejects.toThrow(
      /already returned/,
    );

    const v2 = await submit(1, ada, filled(2));
    expect(v2.version).toBe(2);
    const accepted = await client.call('annotations.review', { annotationId: v2.id, reviewerId: grace, decision: 'accepted', marks: [] });
    expect(accepted.decision).toBe('accepted');
    const history = await client.call('annotations.history', { imageId: 1 });
    expect(history.versions.map((v) => [v.version, v.status])).toEqual([
      [1, 'returned'],
      [2, 'accepted'],
    ]);
    expect(history.reviews.map((r) => [r.version, r.decision, r.marks.length])).toEqual([
      [1, 'returned', 1],
      [2, 'accepted', 0],
    ]);
  });

  it('refuses to review a version that a newer one superseded', async () => {
    const v1 = await submit(1, ada, filled(1));
    await submit(1, linus, filled(2));
    await expect(client.call('annotations.review', { annotationId: v1.id, reviewerId: grace, decision: 'accepted', marks: [] })).rejects.toThrow(
      /superseded by version 2/,
    );
  });

  it('offers the newest version, ground truth and predictions (target first) as starting points, unknown ids unlabelled', async () => {
    const db = new Database(projectDbPath(dir));
    const now = new Date().toISOString();
    const addModel = db.prepare("INSERT INTO models (name, version, onnx_path, onnx_hash, card, is_target, created_at) VALUES (?, '1', 'm.onnx', 'h', '{}', ?, ?)");
    const competitor = Number(addModel.run('rival', 0, now).lastInsertRowid);
    const target = Number(addModel.run('target', 1, now).lastInsertRowid);
    const predicted = filled(2);
    predicted[0] = 250;
    for (const [modelId, map] of [[target, predicted], [competitor, filled(1)]] as const) {
      db.prepare('INSERT INTO predictions (image_id, model_id, created_at) VALUES (?, ?, ?)').run(2, modelId, now);
      db.prepare('INSERT INTO prediction_maps (image_id, model_id, label_map) VALUES (?, ?, ?)').run(2, modelId, deflateSync(map));
    }
    db.close();
    const v1 = await submit(2, linus, filled(1));

    const session = await client.call('annotations.open', { imageId: 2, authorId: ada });
    expect(session.starts.map((s) => s.origin)).toEqual([`annotation:${v1.id}`, 'ground_truth', `prediction:${target}`, `prediction:${competitor}`]);
    expect(session.starts.map((s) => s.label)).toEqual(['Version 1 by Linus (submitted)', 'Ground truth', 'Target target 1', 'Competitor rival 1']);
    const fromTarget = decode(await client.call('annotations.loadMask', { kind: 'prediction', imageId: 2, modelId: target }));
    expect(fromTarget[0]).toBe(255);
    expect(fromTarget.slice(1)).toEqual([...filled(2)].slice(1));
    expect(decode(await client.call('annotations.loadMask', { kind: 'ground_truth', imageId: 2 }))).toEqual([...filled(0)]);
    await expect(client.call('annotations.loadMask', { kind: 'ground_truth', imageId: 1 })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('lists the queue by status, with the newest version and the asker’s draft', async () => {
    await save(1, ada, filled(1));
    const v = await submit(2, linus, filled(1));
    await client.call('annotations.review', { annotationId: v.id, reviewerId: grace, decision: 'accepted', marks: [] });
    await submit(3, linus, filled(2));
    const ids = async (filter: 'all' | 'unlabelled' | 'drafts' | 'submitted' | 'returned' | 'accepted', authorId?: number) =>
      (await client.call('annotations.queue', { filter, ...(authorId ? { authorId } : {}) })).items.map((i) => i.image.id);
    expect(await ids('all')).toEqual([1, 2, 3]);
    expect(await ids('unlabelled')).toEqual([1]);
    expect(await ids('drafts', ada)).toEqual([1]);
    expect(await ids('drafts', linus)).toEqual([]);
    expect(await ids('submitted')).toEqual([3]);
    expect(await ids('accepted')).toEqual([2]);
    expect(await ids('returned')).toEqual([]);
    const page = await client.call('annotations.queue', { filter: 'all', authorId: ada, offset: 1, limit: 1 });
    expect(page.total).toBe(3);
    expect(page.items.map((i) => [i.image.id, i.latest?.status, i.draft])).toEqual([[2, 'accepted', null]]);
    const first = await client.call('annotations.queue', { filter: 'all', authorId: ada, limit: 1 });
    expect(first.items[0]?.draft).toMatchObject({ status: 'draft', authorName: 'Ada' });
    expect(first.items[0]?.image.hasLabel).toBe(false);
  });
});
