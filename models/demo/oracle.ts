import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DemoOracleIndex } from './demoWorldManifest.js';
import { decodeMaskPng } from './scenes/renderScene.js';
import { worldPaths } from './worldLayout.js';

/** A label map read from the oracle: one class id per pixel, row-major. */
export interface OracleMask {
  width: number;
  height: number;
  data: Uint8Array;
}

/**
 * The simulation oracle of a built demo world: the true mask and scene conditions of every image,
 * pool included. Only simulated raters and annotators, experiments and tests may use it.
 */
export interface DemoOracle {
  /** Image paths (relative to the world folder) the oracle knows. */
  readonly images: readonly string[];
  mask(imageRelPath: string): Promise<OracleMask>;
  conditions(imageRelPath: string): readonly string[];
}

export async function openOracle(worldDir: string): Promise<DemoOracle> {
  const index = DemoOracleIndex.parse(JSON.parse(await readFile(path.join(worldDir, worldPaths.oracleIndex), 'utf8')));
  const byImage = new Map(index.images.map((e) => [e.imageRelPath, e]));
  const entry = (imageRelPath: string): DemoOracleIndex['images'][number] => {
    const found = byImage.get(imageRelPath.split(path.sep).join('/'));
    if (!found) throw new Error(`the demo oracle has no image ${imageRelPath}`);
    return found;
  };
  return {
    images: index.images.map((e) => e.imageRelPath),
    mask: async (imageRelPath) => decodeMaskPng(await readFile(path.join(worldDir, entry(imageRelPath).maskRelPath))),
    conditions: (imageRelPath) => entry(imageRelPath).conditions,
  };
}

const opened = new Map<string, Promise<DemoOracle>>();

/**
 * The true mask of one image of a demo world. The oracle index is read once per world folder and
 * process: a built world does not change.
 */
export async function loadOracleMask(worldDir: string, imageRelPath: string): Promise<OracleMask> {
  const key = path.resolve(worldDir);
  let oracle = opened.get(key);
  if (!oracle) {
    oracle = openOracle(key);
    opened.set(key, oracle);
    oracle.catch(() => opened.delete(key));
  }
  return (await oracle).mask(imageRelPath);
}
