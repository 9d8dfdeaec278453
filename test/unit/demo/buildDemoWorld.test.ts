import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoWorld, DEMO_TARGET } from '../../../models/demo/buildDemoWorld.js';
import { DEMO_CLASS_COUNT } from '../../../models/demo/classes.js';
import { DemoOracleIndex, DemoWorldManifest } from '../../../models/demo/demoWorldManifest.js';
import { loadOracleMask, openOracle } from '../../../models/demo/oracle.js';
import { decodeMaskPng } from '../../../models/demo/scenes/renderScene.js';
import { parseModel } from '../../../models/onnx/graphBuilder.js';
import { ModelCard } from '../../../shared/models/modelCard.js';

const tiny = { seed: 3, trainSize: 24, testSize: 8, poolSize: 12 };

async function fingerprints(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  for (const e of entries) {
    if (!e.isFile()) continue;
    const file = path.join(e.parentPath, e.name);
    out[path.relative(dir, file)] = createHash('sha256').update(await readFile(file)).digest('hex');
  }
  return out;
}

describe('buildDemoWorld (tiny world)', () => {
  let root: string;
  let dirA: string;
  let manifest: DemoWorldManifest;
  const stages = new Set<string>();

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'faultline-demo-test-'));
    dirA = path.join(root, 'a');
    manifest = await buildDemoWorld(dirA, { ...tiny, renderWorkers: 2, onProgress: (stage) => stages.add(stage) });
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('writes the same bytes again for the same seed, rendered on worker threads or in-thread', async () => {
    const dirB = path.join(root, 'b');
    await buildDemoWorld(dirB, { ...tiny, renderWorkers: 0 });
    const [a, b] = await Promise.all([fingerprints(dirA), fingerprints(dirB)]);
    expect(Object.keys(a).length).toBe(2 * (tiny.trainSize + tiny.testSize + tiny.poolSize) + 2 * 4 + 2);
    expect(b).toEqual(a);
  });

  it('leaves the pool unscored when asked, with every file but the manifest the same bytes', async () => {
    const dirC = path.join(root, 'c');
    const unscored = await buildDemoWorld(dirC, { ...tiny, renderWorkers: 1, scorePool: false });
    const [a, c] = await Promise.all([fingerprints(dirA), fingerprints(dirC)]);
    const { 'manifest.json': manifestA, ...restA } = a;
    const { 'manifest.json': manifestC, ...restC } = c;
    expect(restC).toEqual(restA);
    expect(manifestC).not.toBe(manifestA);
    expect(unscored.models.map((m) => m.pool)).toEqual([null, null, null, null]);
    expect(unscored.models.map((m) => m.test)).toEqual(manifest.models.map((m) => m.test));
  });

  it('lists every image with its split, masks for the labelled splits only, and reports each stage', async () => {
    expect(DemoWorldManifest.parse(JSON.parse(await readFile(path.join(dirA, 'manifest.json'), 'utf8')))).toEqual(manifest);
    const count = (split: string): number => manifest.images.filter((i) => i.split === split).length;
    expect([count('train'), count('test'), count('pool')]).toEqual([tiny.trainSize, tiny.testSize, tiny.poolSize]);
    for (const image of manifest.images) {
      expect((await stat(path.join(dirA, image.relPath))).isFile()).toBe(true);
      expect(image.maskRelPath === null).toBe(image.split === 'pool');
      if (image.maskRelPath) expect((await stat(path.join(dirA, image.maskRelPath))).isFile()).toBe(true);
    }
    expect(await readdir(path.join(dirA, 'masks'))).toEqual(expect.not.arrayContaining(['pool']));
    expect([...stages]).toEqual(['labelled', 'fit', 'test', 'pool', 'write']);
  });

  it('keeps the true pool masks apart in the oracle, readable through loadOracleMask', async () => {
    const index = DemoOracleIndex.parse(JSON.parse(await readFile(path.join(dirA, manifest.oracleIndexRelPath), 'utf8')));
    const pool = index.images.filter((e) => e.split === 'pool');
    expect(pool).toHaveLength(tiny.poolSize);
    expect(pool.every((e) => e.maskRelPath.startsWith('oracle/'))).toBe(true);
    const first = pool[0]!;
    const mask = await loadOracleMask(dirA, first.imageRelPath);
    expect(mask).toMatchObject({ width: manifest.imageWidth, height: manifest.imageHeight });
    expect(mask.data).toEqual((await decodeMaskPng(await readFile(path.join(dirA, first.maskRelPath)))).data);
    expect([...new Set(mask.data)].every((c) => c < DEMO_CLASS_COUNT)).toBe(true);
    const oracle = await openOracle(dirA);
    expect(oracle.conditions(first.imageRelPath)).toEqual(first.conditions);
    await expect(loadOracleMask(dirA, 'images/pool/nope.png')).rejects.toThrow(/no image/);
  });

  it('writes four models with valid cards that onnxruntime runs, one of them the target', async () => {
    expect(manifest.models.map((m) => m.name)).toEqual(['colour-mlp', 'local-filters', 'context-pyramid', 'texture-energy']);
    expect(manifest.models.filter((m) => m.isTarget).map((m) => m.name)).toEqual([DEMO_TARGET]);
    expect(manifest.targetModel).toBe(DEMO_TARGET);
    for (const entry of manifest.models) {
      const card = ModelCard.parse(JSON.parse(await readFile(path.join(dirA, entry.cardRelPath), 'utf8')));
      const bytes = await readFile(path.join(dirA, entry.onnxRelPath));
      const names = new Set(parseModel(bytes).graph!.initializer!.map((t) => t.name));
      expect(names.has(card.head!.weightInitializer) && names.has(card.head!.biasInitializer)).toBe(true);
      const session = await ort.InferenceSession.create(bytes);
      const input = new ort.Tensor('float32', new Float32Array(3 * card.input.width * card.input.height), [1, 3, card.input.height, card.input.width]);
      const out = (await session.run({ [card.input.tensorName]: input }))[card.output.tensorName]!;
      await session.release();
      expect(out.dims).toEqual([1, card.classes.length, card.input.height, card.input.width]);
      expect(entry.test.images).toBe(tiny.testSize);
      expect(entry.pool?.images).toBe(tiny.poolSize);
    }
  });

  it('fits a target that clearly beats chance on the test split', () => {
    const target = manifest.models.find((m) => m.isTarget)!;
    // Guessing the commonest class (road) everywhere scores about 0.06 mIoU and 0.45 pixel accuracy.
    expect(target.test.meanIoU).toBeGreaterThan(0.3);
    expect(target.test.pixelAccuracy).toBeGreaterThan(0.7);
  });

  it('stops with the abort reason when its signal is aborted', async () => {
    const controller = new AbortController();
    const reason = new Error('stop now');
    const build = buildDemoWorld(path.join(root, 'aborted'), {
      ...tiny,
      renderWorkers: 1,
      signal: controller.signal,
      onProgress: (stage) => {
        if (stage === 'labelled') controller.abort(reason);
      },
    });
    await expect(build).rejects.toBe(reason);
  });
});
