import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { DEMO_CLASS_COUNT, DemoClass } from '../../../models/demo/classes.js';
import { Camera } from '../../../models/demo/scenes/camera.js';
import { decodeMaskPng, encodeMaskPng, encodeRgbPng, renderScene } from '../../../models/demo/scenes/renderScene.js';
import { UNUSUAL_TAGS, sampleConditions, type DemoSplit } from '../../../models/demo/scenes/sceneConditions.js';
import { sceneToSvg } from '../../../models/demo/scenes/sceneSvg.js';
import { generateScene } from '../../../models/demo/scenes/streetScene.js';
import { DEMO_IMAGE_SIZE } from '../../../models/demo/worldLayout.js';
import { createRandom, deriveSeed } from '../../../models/random.js';

const { width: W, height: H } = DEMO_IMAGE_SIZE;

describe('generateScene', () => {
  it('gives the same shapes and SVG for the same seed and a different scene for another seed', () => {
    const a = generateScene(42, 'pool', W, H);
    const b = generateScene(42, 'pool', W, H);
    expect(b).toEqual(a);
    expect(sceneToSvg(b)).toBe(sceneToSvg(a));
    expect(sceneToSvg(generateScene(43, 'pool', W, H))).not.toBe(sceneToSvg(a));
  });

  it('puts unusual conditions in the pool several times more often than in the training split', () => {
    const share = (split: DemoSplit): number => {
      let unusual = 0;
      for (let i = 0; i < 4000; i++) {
        const tags = sampleConditions(createRandom(deriveSeed(9, i)), split).tags;
        if (tags.some((t) => UNUSUAL_TAGS.includes(t))) unusual++;
      }
      return unusual / 4000;
    };
    const train = share('train');
    const pool = share('pool');
    expect(train).toBeGreaterThan(0.02);
    expect(train).toBeLessThan(0.2);
    expect(pool).toBeGreaterThan(3 * train);
    expect(pool).toBeLessThan(0.6);
  });
});

describe('renderScene', () => {
  const seeds = Array.from({ length: 24 }, (_, i) => deriveSeed(5, i));

  it('renders a mask holding only valid class ids, with sky, road and buildings or vegetation in every scene', async () => {
    for (const [i, seed] of seeds.entries()) {
      const { mask } = await renderScene(generateScene(seed, i % 2 ? 'pool' : 'train', W, H));
      const present = new Set(mask);
      expect([...present].every((c) => c < DEMO_CLASS_COUNT)).toBe(true);
      expect(present.has(DemoClass.road)).toBe(true);
      expect(present.has(DemoClass.building) || present.has(DemoClass.vegetation)).toBe(true);
    }
  });

  it('labels sky only above the horizon and road or sidewalk only below it', async () => {
    let sky = 0;
    let ground = 0;
    const misplaced: string[] = [];
    for (const seed of seeds) {
      const scene = generateScene(seed, 'pool', W, H);
      const { mask } = await renderScene(scene);
      const { horizonFraction, rollDegrees } = scene.conditions;
      // Undo the roll to read each pixel's row in the level camera frame.
      const level = new Camera({ width: W, height: H, focal: 1, principalX: 0, horizonY: 0, eyeHeight: 1, lateral: 0, rollDegrees: -rollDegrees });
      const horizon = H * horizonFraction;
      for (let p = 0; p < mask.length; p++) {
        const [, y] = level.roll((p % W) + 0.5, Math.floor(p / W) + 0.5);
        const c = mask[p];
        if (c === DemoClass.sky) {
          sky++;
          if (y >= horizon + 1e-6) misplaced.push(`sky at ${p} of scene ${seed}`);
        }
        if (c === DemoClass.road || c === DemoClass.sidewalk) {
          ground++;
          if (y <= horizon - 1e-6) misplaced.push(`ground at ${p} of scene ${seed}`);
        }
      }
    }
    expect(misplaced).toEqual([]);
    expect(sky).toBeGreaterThan(10_000);
    expect(ground).toBeGreaterThan(10_000);
  });

  it('draws the photo from the same geometry: colour edges fall on mask edges', async () => {
    let edgeStep = 0;
    let edges = 0;
    let flatStep = 0;
    let flats = 0;
    for (const seed of seeds) {
      const scene = generateScene(seed, 'train', W, H);
      if (scene.conditions.timeOfDay !== 'day' || scene.conditions.fogDensity > 0) continue;
      const { rgb, mask } = await renderScene(scene);
      for (let y = 0; y < H; y++) {
        for (let x = 0; x + 1 < W; x++) {
          const p = y * W + x;
          let step = 0;
          for (let c = 0; c < 3; c++) step += Math.abs(rgb[3 * p + c]! - rgb[3 * (p + 1) + c]!);
          if (mask[p] !== mask[p + 1]) {
            edgeStep += step;
            edges++;
          } else {
            flatStep += step;
            flats++;
          }
        }
      }
    }
    expect(edges).toBeGreaterThan(1000);
    expect(edgeStep / edges).toBeGreaterThan(3 * (flatStep / flats));
  });

  it('encodes image and mask as PNGs that decode to the same pixels', async () => {
    const { rgb, mask } = await renderScene(generateScene(7, 'test', W, H));
    const decoded = await sharp(encodeRgbPng(rgb, W, H)).raw().toBuffer({ resolveWithObject: true });
    expect(decoded.info).toMatchObject({ width: W, height: H, channels: 3 });
    expect(new Uint8Array(decoded.data)).toEqual(rgb);
    expect((await decodeMaskPng(encodeMaskPng(mask, W, H))).data).toEqual(mask);
  });
});
