import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listVisionModels, resolveVisionModel, fingerprintVisionModel } from '../../../electron/core/vision-models/visionModelFolders.js';
import { decodeForVision, VisionModelSession } from '../../../electron/core/vision-models/visionModelSession.js';
import { makeTempDir } from '../../helpers/tempDir.js';
import { writeTinyCaptioner, writeTinyClip } from '../../helpers/tinyTransformersModels.js';

let project: string;
let cleanup: () => void;

async function writeImage(path: string, rgb: [number, number, number], width = 40, height = 30): Promise<void> {
  await sharp({ create: { width, height, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } }).png().toFile(path);
}

beforeAll(async () => {
  ({ dir: project, cleanup } = makeTempDir('faultline-vision-'));
  const models = join(project, 'models');
  writeTinyClip(join(models, 'tiny-clip'));
  writeTinyClip(join(models, 'image-only'), { text: false });
  writeTinyCaptioner(join(models, 'tiny-captioner'));
  mkdirSync(join(models, 'broken', 'onnx'), { recursive: true });
  mkdirSync(join(models, 'foreign'), { recursive: true });
  writeFileSync(join(models, 'foreign', 'config.json'), JSON.stringify({ model_type: 'bert' }));
  writeFileSync(join(models, 'segmenter-1.onnx'), 'not a folder');
  await writeImage(join(project, 'dark.png'), [10, 10, 30]);
  await writeImage(join(project, 'bright.png'), [240, 230, 200], 64, 20);
});

afterAll(() => cleanup());

describe('vision model folders', () => {
  it('lists each folder with its kind, text tower and problem, skipping registered ONNX files', () => {
    const found = listVisionModels(project).map((m) => ({ name: m.name, kind: m.kind, text: m.text, dtype: m.dtype, problem: m.problem }));
    expect(found).toEqual([
      { name: 'broken', kind: null, text: false, dtype: '', problem: expect.stringContaining('no config.json') },
      { name: 'foreign', kind: null, text: false, dtype: '', problem: expect.stringContaining("model_type 'bert'") },
      { name: 'image-only', kind: 'image-encoder', text: false, dtype: 'fp32', problem: null },
      { name: 'tiny-captioner', kind: 'captioner', text: false, dtype: 'fp32', problem: null },
      { name: 'tiny-clip', kind: 'image-encoder', text: true, dtype: 'fp32', problem: null },
    ]);
  });

  it('resolves auto to the first usable folder of a kind and refuses wrong or unknown names', () => {
    expect(resolveVisionModel(project, 'image-encoder', 'auto')?.name).toBe('image-only');
    expect(resolveVisionModel(project, 'captioner', 'auto')?.name).toBe('tiny-captioner');
    expect(() => resolveVisionModel(project, 'image-encoder', 'tiny-captioner')).toThrow(/not an image encoder but a captioner/);
    expect(() => resolveVisionModel(project, 'image-encoder', 'nope')).toThrow(/no model folder 'nope'.*image-only, tiny-clip/);
    expect(() => resolveVisionModel(project, 'captioner', 'broken')).toThrow(/not a captioner/);
  });

  it('reports a missing file by name', () => {
    const dir = join(project, 'models', 'no-processor');
    writeTinyClip(dir);
    rmSync(join(dir, 'preprocessor_config.json'));
    try {
      expect(() => resolveVisionModel(project, 'image-encoder', 'no-processor')).toThrow(/missing preprocessor_config.json/);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it('fingerprints change when the weights change', async () => {
    const a = await fingerprintVisionModel(resolveVisionModel(project, 'image-encoder', 'tiny-clip')!);
    expect(a).toMatch(/^tiny-clip@[0-9a-f]{16}$/);
    const dir = join(project, 'models', 'reseeded');
    writeTinyClip(dir, { seed: 99 });
    try {
      const b = await fingerprintVisionModel(resolveVisionModel(project, 'image-encoder', 'reseeded')!);
      expect(b.split('@')[1]).not.toBe(a.split('@')[1]);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});

describe('vision model session (transformers.js, offline)', () => {
  it('embeds images and texts as unit vectors in one space, and different images differently', async () => {
    const session = await VisionModelSession.open(project, resolveVisionModel(project, 'image-encoder', 'tiny-clip')!, { userDataDir: join(project, 'home'), text: true });
    try {
      expect(session.device).toBe('cpu');
      const images = await Promise.all([decodeForVision(join(project, 'dark.png'), 1), decodeForVision(join(project, 'bright.png'), 2)]);
      expect(Math.max(images[1]!.width, images[1]!.height)).toBe(448);
      const results = await session.embedImages(images);
      const vectors = results.map((r) => ('vector' in r ? r.vector : null));
      expect(vectors.every((v) => v !== null && v.length === 12)).toBe(true);
      for (const v of vectors) expect(Math.hypot(...v!)).toBeCloseTo(1, 5);
      expect(Math.max(...vectors[0]!.map((x, i) => Math.abs(x - vectors[1]![i]!)))).toBeGreaterThan(1e-3);
      const texts = await session.embedTexts(['a street at night', 'fog']);
      expect(texts).toHaveLength(2);
      expect(texts[0]!.length).toBe(12);
      expect(Math.hypot(...texts[0]!)).toBeCloseTo(1, 5);
    } finally {
      await session.close();
    }
  }, 30_000);

  it('captions images with words from the tokenizer vocabulary', async () => {
    const session = await VisionModelSession.open(project, resolveVisionModel(project, 'captioner', 'auto')!, { userDataDir: join(project, 'home') });
    try {
      const results = await session.caption([await decodeForVision(join(project, 'dark.png'), 5)], 6);
      expect(results).toHaveLength(1);
      const first = results[0]!;
      expect(first).toEqual({ key: 5, text: expect.any(String) });
      const words = ('text' in first ? first.text : '').split(/\s+/).filter(Boolean);
      expect(words.length).toBeGreaterThan(0);
      expect(words.length).toBeLessThanOrEqual(6);
    } finally {
      await session.close();
    }
  }, 30_000);

  it('refuses text search on an encoder without a text tower', async () => {
    const session = await VisionModelSession.open(project, resolveVisionModel(project, 'image-encoder', 'image-only')!, { userDataDir: join(project, 'home'), text: true });
    try {
      await expect(session.embedTexts(['fog'])).rejects.toThrow(/no text tower/);
    } finally {
      await session.close();
    }
  }, 30_000);
});
