import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { contextPyramid } from '../../models/demo/architectures/contextPyramid.js';
import { fitDesign } from '../../models/demo/fitDesign.js';
import { encodeRgbPng, renderScene, type RenderedScene } from '../../models/demo/scenes/renderScene.js';
import { generateScene } from '../../models/demo/scenes/streetScene.js';
import { DEMO_IMAGE_SIZE, sceneSeed } from '../../models/demo/worldLayout.js';
import { runInference } from '../../electron/core/inference/runInference.js';
import { createProjectDb, type ProjectDb } from '../../electron/core/store/openProjectDb.js';
import { probeInWorker } from '../../electron/core/inference/probeInWorker.js';
import { addModel } from '../../electron/core/models/modelRegistry.js';

export interface SeededImage {
  id: number;
  night: boolean;
}

export interface SliceWorld {
  project: ProjectDb;
  targetId: number;
  labelled: SeededImage[];
  pool: SeededImage[];
}

const { width, height } = DEMO_IMAGE_SIZE;

/** Scene seeds of the demo pool whose conditions are exactly none (ordinary daylight) or exactly night. */
function pickScenes(worldSeed: number, plain: number, night: number): Array<{ seed: number; night: boolean }> {
  const out: Array<{ seed: number; night: boolean }> = [];
  let p = 0;
  let n = 0;
  for (let index = 0; p < plain || n < night; index++) {
    const seed = sceneSeed(worldSeed, 'pool', index);
    const tags = generateScene(seed, 'pool', width, height).conditions.tags;
    if (tags.length === 0 && p < plain) {
      out.push({ seed, night: false });
      p++;
    } else if (tags.length === 1 && tags[0] === 'night' && n < night) {
      out.push({ seed, night: true });
      n++;
    }
  }
  return out;
}

async function renderAll(seeds: number[]): Promise<RenderedScene[]> {
  const out: RenderedScene[] = [];
  for (let i = 0; i < seeds.length; i += 16) out.push(...(await Promise.all(seeds.slice(i, i + 16).map((s) => renderScene(generateScene(s, 'pool', width, height))))));
  return out;
}

/**
 * A small demo world with one planted weakness: the target (the demo's context-pyramid design,
 * fitted on a few ordinary training scenes) meets night scenes it has hardly seen. Labelled test
 * images and unlabelled pool images are each a mix of ordinary daylight and night scenes, written
 * as PNG files, imported as rows (with ground truth for the labelled ones), and predicted by the
 * target through the real inference pipeline. The project is left open.
 */
export async function seedSliceWorld(
  dir: string,
  sizes: { train: number; plain: number; night: number; poolPlain: number; poolNight: number },
  worldSeed = 11,
): Promise<SliceWorld> {
  const train = await Promise.all(Array.from({ length: sizes.train }, (_, i) => renderScene(generateScene(sceneSeed(worldSeed, 'train', i), 'train', width, height))));
  const fitted = await fitDesign(contextPyramid, train, DEMO_IMAGE_SIZE, { seed: worldSeed, pixelsPerImage: 160, epochs: 6 });
  const source = join(dir, '..', 'model-src');
  mkdirSync(source, { recursive: true });
  writeFileSync(join(source, 'target.onnx'), fitted.bytes);
  writeFileSync(join(source, 'target.card.json'), JSON.stringify(fitted.card));
  const project = createProjectDb(dir, 'Slices');
  const model = await addModel(project, { onnxPath: join(source, 'target.onnx'), cardPath: join(source, 'target.card.json'), target: true }, probeInWorker);

  const picked = pickScenes(worldSeed, sizes.plain + sizes.poolPlain, sizes.night + sizes.poolNight);
  const plain = picked.filter((p) => !p.night);
  const night = picked.filter((p) => p.night);
  const labelledScenes = [...plain.slice(0, sizes.plain), ...night.slice(0, sizes.night)];
  const poolScenes = [...plain.slice(sizes.plain), ...night.slice(sizes.night)];
  const rendered = await renderAll([...labelledScenes, ...poolScenes].map((s) => s.seed));
  mkdirSync(join(dir, 'images', 'world'), { recursive: true });
  const insert = project.db.prepare(
    'INSERT INTO images (content_hash, rel_path, source_path, width, height, split, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const truth = project.db.prepare("INSERT INTO ground_truth (image_id, mask, source, created_at) VALUES (?, ?, 'import', ?)");
  const now = new Date().toISOString();
  const labelled: SeededImage[] = [];
  const pool: SeededImage[] = [];
  project.db.transaction(() => {
    [...labelledScenes, ...poolScenes].forEach((scene, i) => {
      const image = rendered[i]!;
      const isLabelled = i < labelledScenes.length;
      const name = `scene-${scene.seed}.png`;
      writeFileSync(join(dir, 'images', 'world', name), encodeRgbPng(image.rgb, width, height));
      const id = Number(insert.run(`slice-world-${scene.seed}`, `images/world/${name}`, name, width, height, isLabelled ? 'test' : 'pool', now).lastInsertRowid);
      if (isLabelled) truth.run(id, deflateSync(image.mask), now);
      (isLabelled ? labelled : pool).push({ id, night: scene.night });
    });
  })();
  await runInference(project, { provider: 'cpu', storeProbs: false, retryFailed: false, workers: 1 });
  return { project, targetId: model.id, labelled, pool };
}
