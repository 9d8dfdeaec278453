import { DEMO_CLASS_COUNT, DemoClass } from '../classes.js';
import { createRandom, type Random } from '../../random.js';
import { Camera } from './camera.js';
import type { Rgb } from './colour.js';
import { sampleConditions, type DemoSplit } from './sceneConditions.js';
import { SceneLook } from './sceneLook.js';
import { ShapeList, type Scene } from './sceneTypes.js';
import { drawBuildings, drawFarEnd, drawPark, drawRoad, drawSidewalks, drawSky, drawStaticFog, rolledRect, STATIC, type Street } from './streetLayers.js';
import { drawFurniture, drawPerson, drawSign, drawStreetLamp, drawTree, drawVehicle, type DrawContext, type VehicleSpec } from './streetObjects.js';

interface Placed {
  z: number;
  draw: () => void;
}

function placeObjects(ctx: DrawContext, street: Street, scene: { vehicleScale: number; personScale: number }): Placed[] {
  const { rng } = ctx;
  const rh = street.roadHalf;
  const near = street.nearestVisible * 0.85;
  const far = Math.min(street.length - 2, 80);
  const placed: Placed[] = [];
  if (far <= near) return placed;

  for (const { sign, kind } of street.sides) {
    if (kind === 'park') {
      const count = rng.int(3, 9);
      for (let i = 0; i < count; i++) {
        const x = sign * (rh + street.sidewalk + rng.uniform(1, 14));
        const z = rng.uniform(near, street.length);
        const height = rng.uniform(5, 12);
        placed.push({ z, draw: () => drawTree(ctx, x, z, height) });
      }
    } else if (rng.chance(0.5)) {
      const x = sign * (rh + street.sidewalk - 0.7);
      for (let z = near + rng.uniform(0, 8); z < far; z += rng.uniform(7, 14)) {
        const zz = z;
        const height = rng.uniform(5, 9);
        placed.push({ z: zz, draw: () => drawTree(ctx, x, zz, height) });
      }
    }
    if (rng.chance(0.6)) {
      const x = sign * (rh + 0.35);
      for (let z = near + rng.uniform(0, 10); z < far; z += rng.uniform(18, 30)) {
        const zz = z;
        placed.push({ z: zz, draw: () => drawStreetLamp(ctx, x, zz, sign) });
      }
    }
  }
  const signs = rng.int(0, 2);
  for (let i = 0; i < signs; i++) {
    const x = rng.pick([-1, 1]) * (rh + 0.3);
    const z = rng.uniform(near, Math.min(far, 40));
    placed.push({ z, draw: () => drawSign(ctx, x, z) });
  }
  const furniture = rng.int(0, 3);
  for (let i = 0; i < furniture; i++) {
    const x = rng.pick([-1, 1]) * (rh + rng.uniform(0.4, street.sidewalk - 0.2));
    const z = rng.uniform(near, Math.min(far, 40));
    placed.push({ z, draw: () => drawFurniture(ctx, x, z) });
  }

  const lanes: { x: number; facing: 'away' | 'toward' | 'either'; taken: number[] }[] = [
    { x: rh / 2, facing: 'away', taken: [] },
    { x: -rh / 2, facing: 'toward', taken: [] },
    { x: rh - 1.1, facing: 'either', taken: [] },
    { x: -(rh - 1.1), facing: 'either', taken: [] },
  ];
  // Odd-sized scenes show several of the odd objects, so the condition is visible, not incidental.
  const vehicles = rng.int(0, 7) + (scene.vehicleScale === 1 ? 0 : 3);
  for (let i = 0; i < vehicles; i++) {
    const lane = rng.pick(lanes);
    const kind = rng.chance(0.75) ? 'car' : rng.chance(0.65) ? 'van' : 'bus';
    const vscale = scene.vehicleScale * rng.uniform(0.93, 1.07);
    const z = rng.uniform(Math.max(near, 2), Math.min(far, 70));
    const length = (kind === 'bus' ? 11 : 5) * vscale;
    if (lane.taken.some((t) => Math.abs(t - z) < length + 1.5)) continue;
    lane.taken.push(z);
    const facing = lane.facing === 'either' ? (rng.chance(0.5) ? 'away' : 'toward') : lane.facing;
    const spec: VehicleSpec = { x: lane.x, z, facing, kind, scale: vscale };
    placed.push({ z, draw: () => drawVehicle(ctx, spec) });
  }

  const people = (rng.chance(0.1) ? rng.int(8, 15) : rng.int(0, 7)) + (scene.personScale === 1 ? 0 : 4);
  for (let i = 0; i < people; i++) {
    const onRoad = rng.chance(0.1);
    const x = onRoad ? rng.uniform(-rh + 0.5, rh - 0.5) : rng.pick([-1, 1]) * (rh + rng.uniform(0.4, Math.max(0.5, street.sidewalk - 0.3)));
    const z = rng.uniform(Math.max(near, 2), Math.min(far, 45));
    const height = (rng.chance(0.1) ? rng.uniform(1.05, 1.35) : rng.uniform(1.5, 1.95)) * scene.personScale;
    placed.push({ z, draw: () => drawPerson(ctx, x, z, height) });
  }
  return placed;
}

/**
 * One procedural street scene, fully determined by (seed, split, size): the condition mix
 * depends on the split, everything else on the seed alone.
 */
export function generateScene(seed: number, split: DemoSplit, width: number, height: number): Scene {
  const rng: Random = createRandom(seed);
  const conditions = sampleConditions(rng, split);
  const look = new SceneLook(conditions, rng);
  const roadHalf = rng.uniform(3, 7);
  const cam = new Camera({
    width,
    height,
    focal: width * rng.uniform(0.75, 1.05),
    principalX: width * rng.uniform(0.38, 0.62),
    horizonY: height * conditions.horizonFraction,
    eyeHeight: rng.uniform(1.2, 1.9),
    lateral: roadHalf * rng.uniform(-0.5, 0.7),
    rollDegrees: conditions.rollDegrees,
  });
  const street: Street = {
    roadHalf,
    sidewalk: rng.uniform(1.5, 4),
    length: rng.uniform(40, 150),
    nearestVisible: (cam.params.focal * cam.params.eyeHeight) / (height - cam.params.horizonY),
    sides: [
      { sign: -1, kind: rng.chance(0.75) ? 'buildings' : 'park' },
      { sign: 1, kind: rng.chance(0.75) ? 'buildings' : 'park' },
    ],
  };
  const out = new ShapeList(width, height);
  const ctx: DrawContext = { out, cam, look, rng, night: conditions.timeOfDay === 'night' };
  const defs: string[] = [
    '<pattern id="bricks" width="3" height="2" patternUnits="userSpaceOnUse"><rect width="3" height="0.6" fill="#000000" fill-opacity="0.35"/></pattern>',
    '<radialGradient id="glowWarm"><stop offset="0" stop-color="#ffe0a0" stop-opacity="0.9"/><stop offset="1" stop-color="#ffe0a0" stop-opacity="0"/></radialGradient>',
    '<radialGradient id="glowWhite"><stop offset="0" stop-color="#fffff0" stop-opacity="0.9"/><stop offset="1" stop-color="#fffff0" stop-opacity="0"/></radialGradient>',
    '<radialGradient id="glowRed"><stop offset="0" stop-color="#ff3020" stop-opacity="0.7"/><stop offset="1" stop-color="#ff3020" stop-opacity="0"/></radialGradient>',
  ];

  drawSky(ctx, defs, conditions.timeOfDay);
  const grass: Rgb = [rng.uniform(60, 110), rng.uniform(100, 150), rng.uniform(40, 70)];
  out.polygon(rolledRect(cam, -width, cam.params.horizonY, 2 * width, 3 * height), DemoClass.vegetation, look.surface(grass, DemoClass.vegetation, STATIC));
  drawFarEnd(ctx, street);
  drawRoad(ctx, street);
  drawSidewalks(ctx, street);
  for (const { sign, kind } of street.sides) {
    if (kind === 'buildings') drawBuildings(ctx, street, sign, conditions.timeOfDay);
    else drawPark(ctx, street, sign);
  }
  if (conditions.fogDensity > 0) drawStaticFog(ctx, defs, street);

  const placed = placeObjects(ctx, street, conditions);
  placed.sort((a, b) => b.z - a.z);
  for (const p of placed) p.draw();

  const grain = [6, 1.5, 7, 5, 5, 16, 3, 4];
  const textureScale = rng.uniform(0.6, 1.4);
  const sensor = conditions.timeOfDay === 'night' ? rng.uniform(4, 8) : conditions.timeOfDay === 'dusk' ? rng.uniform(2, 4) : rng.uniform(1, 3);
  return {
    width,
    height,
    conditions,
    defs,
    shapes: out.shapes,
    texture: {
      classGrain: grain.slice(0, DEMO_CLASS_COUNT).map((g) => g * textureScale),
      sensorNoise: sensor,
      seed: rng.int(0, 0x7fffffff),
    },
  };
}
