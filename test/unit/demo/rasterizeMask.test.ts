import { describe, expect, it } from 'vitest';
import { rasterizeMask } from '../../../models/demo/scenes/rasterizeMask.js';
import type { Scene, SceneShape } from '../../../models/demo/scenes/sceneTypes.js';
import { sampleConditions } from '../../../models/demo/scenes/sceneConditions.js';
import { createRandom } from '../../../models/random.js';

function scene(width: number, height: number, shapes: SceneShape[]): Scene {
  return { width, height, conditions: sampleConditions(createRandom(1), 'train'), defs: [], shapes, texture: { classGrain: [], sensorNoise: 0, seed: 1 } };
}

const rect = (x0: number, y0: number, x1: number, y1: number, classId: number | null): SceneShape => ({
  kind: 'polygon',
  points: [x0, y0, x1, y0, x1, y1, x0, y1],
  classId,
  fill: '#000000',
});

function rows(mask: Uint8Array, width: number): string[] {
  const out: string[] = [];
  for (let y = 0; y < mask.length / width; y++) out.push([...mask.subarray(y * width, (y + 1) * width)].join(''));
  return out;
}

describe('rasterizeMask', () => {
  it('fills exactly the pixels whose centres lie inside a rectangle', () => {
    const mask = rasterizeMask(scene(5, 4, [rect(1, 1, 3, 3, 7)]));
    expect(rows(mask, 5)).toEqual(['00000', '07700', '07700', '00000']);
  });

  it('counts a pixel whose centre is exactly on the left or top edge, not on the right or bottom edge', () => {
    const mask = rasterizeMask(scene(4, 4, [rect(0.5, 0.5, 2.5, 2.5, 3)]));
    expect(rows(mask, 4)).toEqual(['3300', '3300', '0000', '0000']);
  });

  it('fills a triangle by pixel centres', () => {
    const tri: SceneShape = { kind: 'polygon', points: [0, 0, 4, 0, 0, 4], classId: 2, fill: '#000' };
    expect(rows(rasterizeMask(scene(4, 4, [tri])), 4)).toEqual(['2220', '2200', '2000', '0000']);
  });

  it('lets later shapes cover earlier ones and ignores decorations', () => {
    const mask = rasterizeMask(scene(4, 2, [rect(0, 0, 4, 2, 1), rect(2, 0, 4, 2, 5), rect(0, 0, 4, 2, null)]));
    expect(rows(mask, 4)).toEqual(['1155', '1155']);
  });

  it('clips shapes reaching far outside the canvas', () => {
    const mask = rasterizeMask(scene(3, 2, [rect(-1000, -1000, 1000, 1, 4)]));
    expect(rows(mask, 3)).toEqual(['444', '000']);
  });
});
