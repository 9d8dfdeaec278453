import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { encodeMaskPng, encodeRgbPng, renderScene } from './scenes/renderScene.js';
import type { DemoSplit } from './scenes/sceneConditions.js';
import { generateScene } from './scenes/streetScene.js';
import { sceneSeed, worldPaths } from './worldLayout.js';

/** One image of the demo world to render and write (plain data: it crosses to worker threads). */
export interface RenderTask {
  outDir: string;
  worldSeed: number;
  split: DemoSplit;
  index: number;
  width: number;
  height: number;
}

export interface RenderedWorldImage {
  split: DemoSplit;
  index: number;
  relPath: string;
  /** Training/test mask path, or the oracle mask path for a pool image. */
  maskRelPath: string;
  conditions: string[];
  rgb: Uint8Array;
  mask: Uint8Array;
}

/** Generates the scene, renders it, writes image and mask PNGs and returns the pixels. */
export async function renderWorldImage(task: RenderTask): Promise<RenderedWorldImage> {
  const { split, index, width, height } = task;
  const scene = generateScene(sceneSeed(task.worldSeed, split, index), split, width, height);
  const { rgb, mask } = await renderScene(scene);
  const relPath = worldPaths.image(split, index);
  const maskRelPath = split === 'pool' ? worldPaths.oracleMask(index) : worldPaths.mask(split, index);
  const write = async (rel: string, data: Uint8Array): Promise<void> => {
    const file = path.join(task.outDir, rel);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, data);
  };
  await Promise.all([write(relPath, encodeRgbPng(rgb, width, height)), write(maskRelPath, encodeMaskPng(mask, width, height))]);
  return { split, index, relPath, maskRelPath, conditions: [...scene.conditions.tags], rgb, mask };
}
