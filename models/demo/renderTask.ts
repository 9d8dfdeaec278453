import { writeFile } from 'node:fs/promises';
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

/** Where an image and its mask (the oracle's, for the pool) go, relative to the world folder. */
export function renderPaths(split: DemoSplit, index: number): { relPath: string; maskRelPath: string } {
  return { relPath: worldPaths.image(split, index), maskRelPath: split === 'pool' ? worldPaths.oracleMask(index) : worldPaths.mask(split, index) };
}

/** The folders a split's images and masks go into: the caller makes them once, not every task. */
export function renderFolders(split: DemoSplit): string[] {
  const { relPath, maskRelPath } = renderPaths(split, 0);
  return [path.posix.dirname(relPath), path.posix.dirname(maskRelPath)];
}

/** Generates the scene, renders it, writes image and mask PNGs (into renderFolders, which must exist) and returns the pixels. */
export async function renderWorldImage(task: RenderTask): Promise<RenderedWorldImage> {
  const { split, index, width, height } = task;
  const scene = generateScene(sceneSeed(task.worldSeed, split, index), split, width, height);
  const { rgb, mask } = await renderScene(scene);
  const { relPath, maskRelPath } = renderPaths(split, index);
  const write = (rel: string, data: Uint8Array): Promise<void> => writeFile(path.join(task.outDir, rel), data);
  await Promise.all([write(relPath, encodeRgbPng(rgb, width, height)), write(maskRelPath, encodeMaskPng(mask, width, height))]);
  return { split, index, relPath, maskRelPath, conditions: [...scene.conditions.tags], rgb, mask };
}
