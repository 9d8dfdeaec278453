import { DemoClass } from '../classes.js';
import type { Camera } from './camera.js';
import { jitter, toHex, type Rgb } from './colour.js';
import type { DrawContext } from './streetObjects.js';

/** The static layers of a street scene, drawn back to front before the objects. */

type Point = [number, number];

/** Street layout in metres: a straight road between two sidewalks, each side lined by buildings or a park. */
export interface Street {
  roadHalf: number;
  sidewalk: number;
  /** Depth where the street ends (a cross street, skyline or tree line beyond). */
  length: number;
  /** Nearest depth whose ground is still inside the image. */
  nearestVisible: number;
  sides: { sign: -1 | 1; kind: 'buildings' | 'park' }[];
}

/** Nearest depth (metres) of ground-level surfaces: polygons reach just in front of the camera. */
export const NEAR = 0.3;
/**
 * Depth given to the paints of static layers (sky, ground, road, sidewalks, facades): one
 * overlay fogs them all by image row (drawStaticFog), so their own paint carries no fog.
 */
export const STATIC = 0;

const FACADES: readonly Rgb[] = [
  [200, 180, 150], [150, 150, 150], [150, 75, 55], [225, 220, 210], [120, 90, 70], [110, 120, 135], [210, 190, 120], [170, 110, 90],
];

function gradientVector(cam: Camera): string {
  const w = cam.params.width;
  const [x1, y1] = cam.roll(w / 2, 0);
  const [x2, y2] = cam.roll(w / 2, cam.params.height);
  return `gradientUnits="userSpaceOnUse" x1="${x1.toFixed(2)}" y1="${y1.toFixed(2)}" x2="${x2.toFixed(2)}" y2="${y2.toFixed(2)}"`;
}

function stops(list: readonly (readonly [number, string, number?])[]): string {
  return list
    .map(([offset, colour, opacity]) => `<stop offset="${Math.min(1, Math.max(0, offset)).toFixed(4)}" stop-color="${colour}"${opacity === undefined ? '' : ` stop-opacity="${opacity.toFixed(3)}"`}/>`)
    .join('');
}

/** A rectangle in unrolled image coordinates, rolled with the camera (for sky, ground, overlays). */
export function rolledRect(cam: Camera, x0: number, y0: number, x1: number, y1: number): Point[] {
  return [cam.roll(x0, y0), cam.roll(x1, y0), cam.roll(x1, y1), cam.roll(x0, y1)];
}

function groundQuad(cam: Camera, xa: number, xb: number, za: number, zb: number): Point[] {
  return [cam.project(xa, 0, za), cam.project(xb, 0, za), cam.project(xb, 0, zb), cam.project(xa, 0, zb)];
}

export function drawSky(ctx: DrawContext, defs: string[], timeOfDay: string): void {
  const { cam, look, rng, out } = ctx;
  const { width: w, height: h, horizonY } = cam.params;
  let zenith: Rgb;
  let horizon: Rgb;
  if (timeOfDay === 'night') {
    zenith = [rng.uniform(3, 10), rng.uniform(5, 12), rng.uniform(15, 30)];
    horizon = [rng.uniform(20, 35), rng.uniform(25, 40), rng.uniform(45, 70)];
  } else if (timeOfDay === 'dusk') {
    zenith = [rng.uniform(50, 80), rng.uniform(60, 90), rng.uniform(120, 160)];
    horizon = [rng.uniform(230, 255), rng.uniform(140, 180), rng.uniform(80, 120)];
  } else {
    zenith = [rng.uniform(60, 110), rng.uniform(120, 170), rng.uniform(195, 245)];
    horizon = [rng.uniform(175, 225), rng.uniform(195, 230), rng.uniform(225, 252)];
  }
  defs.push(`<linearGradient id="sky" ${gradientVector(cam)}>${stops([[0, look.sky(zenith)], [horizonY / h, look.sky(horizon)]])}</linearGradient>`);
  out.polygon(rolledRect(cam, -w, -h, 2 * w, 2 * h), DemoClass.sky, 'url(#sky)');

  if (timeOfDay === 'night') {
    const stars = rng.int(5, 25);
    for (let i = 0; i < stars; i++) {
      const [x, y] = cam.roll(rng.uniform(0, w), rng.uniform(0, horizonY - 4));
      out.polygon([[x, y], [x + 0.7, y], [x + 0.7, y + 0.7], [x, y + 0.7]], null, look.sky([230, 230, 210]));
    }
    return;
  }
  const clouds = rng.int(0, 4);
  for (let i = 0; i < clouds; i++) {
    const cx = rng.uniform(-10, w + 10);
    const cy = rng.uniform(-5, Math.max(0, horizonY - 8));
    const rx = rng.uniform(8, 30);
    const ry = rx * rng.uniform(0.2, 0.4);
    const pts: Point[] = [];
    for (let k = 0; k < 16; k++) {
      const a = (2 * Math.PI * k) / 16;
      pts.push(cam.roll(cx + rx * Math.cos(a), cy + ry * Math.sin(a) * (1 + 0.3 * Math.sin(3 * a))));
    }
    const grey = rng.uniform(215, 250);
    out.polygon(pts, null, look.sky([grey, grey, grey + 3]), rng.uniform(0.45, 0.85));
  }
}

export function drawFarEnd(ctx: DrawContext, street: Street): void {
  const { cam, look, rng, out } = ctx;
  const end = street.length + rng.uniform(8, 40);
  const kind = rng.pick(['skyline', 'skyline', 'trees', 'open'] as const);
  if (kind === 'skyline') {
    for (let x = -160; x < 160; ) {
      const wide = rng.uniform(6, 25);
      const tall = rng.uniform(6, 40);
      const colour = jitter(rng.pick(FACADES), rng.uniform(0.7, 1.0), [10, 10, 15]);
      out.polygon(
        [cam.project(x, 0, end), cam.project(x + wide, 0, end), cam.project(x + wide, tall, end), cam.project(x, tall, end)],
        DemoClass.building,
        look.surface(colour, DemoClass.building, STATIC),
      );
      x += wide;
    }
  } else if (kind === 'trees') {
    const pts: Point[] = [cam.project(-200, 0, end)];
    for (let x = -200; x <= 200; x += 4) pts.push(cam.project(x, rng.uniform(6, 14), end));
    pts.push(cam.project(200, 0, end));
    out.polygon(pts, DemoClass.vegetation, look.surface([rng.uniform(40, 70), rng.uniform(80, 110), rng.uniform(30, 50)], DemoClass.vegetation, STATIC));
  }
  if (rng.chance(0.5)) {
    const width = rng.uniform(6, 10);
    out.polygon(groundQuad(cam, -300, 300, street.length, street.length + width), DemoClass.road, look.surface([85, 85, 90], DemoClass.road, STATIC));
  }
}

export function drawRoad(ctx: DrawContext, street: Street): void {
  const { cam, look, rng, out } = ctx;
  const rh = street.roadHalf;
  const grey = rng.uniform(60, 115);
  const asphalt: Rgb = [grey + rng.uniform(-6, 6), grey + rng.uniform(-6, 6), grey + rng.uniform(-4, 10)];
  out.polygon(groundQuad(cam, -rh, rh, NEAR, street.length), DemoClass.road, look.surface(asphalt, DemoClass.road, STATIC));
  const patches = rng.int(0, 2);
  for (let i = 0; i < patches; i++) {
    const x = rng.uniform(-rh, rh - 1.5);
    const z = rng.uniform(street.nearestVisible, 40);
    out.polygon(groundQuad(cam, x, x + rng.uniform(0.8, 2.5), z, z + rng.uniform(1, 5)), null, look.surface(jitter(asphalt, rng.uniform(0.7, 1.2), [0, 0, 0]), DemoClass.road, STATIC));
  }
  const paint = rng.chance(0.7) ? look.surface([235, 235, 230], DemoClass.road, STATIC) : look.surface([230, 190, 40], DemoClass.road, STATIC);
  const start = street.nearestVisible * 0.8;
  for (let z = start + rng.uniform(0, 6); z < street.length - 3; z += 9) {
    out.polygon(groundQuad(cam, -0.08, 0.08, z, z + 3), null, paint);
  }
  for (const s of [-1, 1]) {
    const edge = s * (rh - 0.3);
    out.polygon(groundQuad(cam, edge - 0.06, edge + 0.06, NEAR, street.length), null, paint);
  }
  if (rng.chance(0.25)) {
    const z = rng.uniform(street.nearestVisible + 2, 25);
    for (let x = -rh + 0.4; x < rh - 0.6; x += 1.0) out.polygon(groundQuad(cam, x, x + 0.5, z, z + 3), null, paint);
  }
}

export function drawSidewalks(ctx: DrawContext, street: Street): void {
  const { cam, look, rng, out } = ctx;
  const rh = street.roadHalf;
  const base: Rgb = jitter(rng.pick<Rgb>([[170, 165, 160], [190, 180, 165], [165, 120, 110], [140, 140, 145]]), rng.uniform(0.85, 1.1), [0, 0, 0]);
  for (const { sign } of street.sides) {
    const inner = sign * rh;
    const outer = sign * (rh + street.sidewalk);
    out.polygon(groundQuad(cam, Math.min(inner, outer), Math.max(inner, outer), NEAR, street.length), DemoClass.sidewalk, look.surface(base, DemoClass.sidewalk, STATIC));
    const kerb = sign * (rh + 0.2);
    out.polygon(groundQuad(cam, Math.min(inner, kerb), Math.max(inner, kerb), NEAR, street.length), DemoClass.sidewalk, look.surface(jitter(base, 1.15, [5, 5, 5]), DemoClass.sidewalk, STATIC));
    const joint = look.surface(jitter(base, 0.7, [0, 0, 0]), DemoClass.sidewalk, STATIC);
    for (let z = street.nearestVisible; z < Math.min(30, street.length); z += 2.5) {
      out.polygon(groundQuad(cam, Math.min(kerb, outer), Math.max(kerb, outer), z, z + 0.06), null, joint);
    }
  }
}

export function drawBuildings(ctx: DrawContext, street: Street, sign: -1 | 1, timeOfDay: string): void {
  const { cam, look, rng, out } = ctx;
  const facadeX = sign * (street.roadHalf + street.sidewalk);
  const segments: { z0: number; z1: number; height: number; colour: Rgb }[] = [];
  for (let z = NEAR; z < street.length; ) {
    const len = rng.uniform(8, 30);
    if (rng.chance(0.15)) {
      z += rng.uniform(2, 8);
      continue;
    }
    const colour = jitter(rng.pick(FACADES), rng.uniform(0.8, 1.15), [rng.uniform(-10, 10), rng.uniform(-10, 10), rng.uniform(-10, 10)]);
    segments.push({ z0: z, z1: Math.min(z + len, street.length), height: rng.uniform(6, 28), colour });
    z += len;
  }
  const litShare = timeOfDay === 'night' ? 0.45 : timeOfDay === 'dusk' ? 0.2 : 0;
  const brick = rng.chance(0.4);
  for (let i = segments.length - 1; i >= 0; i--) {
    const seg = segments[i]!;
    const wall = look.surface(seg.colour, DemoClass.building, STATIC);
    out.polygon(
      [cam.project(facadeX, 0, seg.z1), cam.project(facadeX + sign * 14, 0, seg.z1), cam.project(facadeX + sign * 14, seg.height, seg.z1), cam.project(facadeX, seg.height, seg.z1)],
      DemoClass.building,
      look.surface(jitter(seg.colour, 0.7, [0, 0, 0]), DemoClass.building, STATIC),
    );
    const facade: Point[] = [cam.project(facadeX, 0, seg.z0), cam.project(facadeX, 0, seg.z1), cam.project(facadeX, seg.height, seg.z1), cam.project(facadeX, seg.height, seg.z0)];
    out.polygon(facade, DemoClass.building, wall);
    if (brick) out.polygon(facade, null, 'url(#bricks)', 0.5);

    const spacing = rng.uniform(2.5, 4);
    const glass: Rgb = [rng.uniform(40, 90), rng.uniform(60, 100), rng.uniform(85, 130)];
    for (let y = 1; y + 2 < seg.height; y += 3.2) {
      for (let z = seg.z0 + 0.6; z + spacing * 0.55 < seg.z1 - 0.4; z += spacing) {
        const zb = z + spacing * 0.55;
        const wide = Math.abs(cam.project(facadeX, y, z)[0] - cam.project(facadeX, y, zb)[0]);
        if (wide < 0.7 || cam.pixelsPerMetre(zb) * 1.4 < 0.8) continue;
        const lit = litShare > 0 && rng.chance(litShare);
        const colour = lit ? look.emissive([255, rng.uniform(190, 230), rng.uniform(100, 160)], STATIC) : look.surface(timeOfDay === 'night' ? [15, 15, 25] : glass, DemoClass.building, STATIC);
        out.polygon([cam.project(facadeX, y, z), cam.project(facadeX, y, zb), cam.project(facadeX, y + 1.5, zb), cam.project(facadeX, y + 1.5, z)], null, colour);
      }
    }
  }
  // Sunlight across the street: the building's shadow falls on road and sidewalk.
  if (timeOfDay === 'day' && rng.chance(0.4)) {
    const reach = rng.uniform(2, street.roadHalf * 2 + street.sidewalk);
    for (const seg of segments) {
      out.polygon(groundQuad(cam, facadeX, facadeX - sign * reach * Math.min(1, seg.height / 15), seg.z0, seg.z1), null, '#000000', rng.uniform(0.25, 0.4));
    }
  }
}

export function drawPark(ctx: DrawContext, street: Street, sign: -1 | 1): void {
  const { cam, look, rng, out } = ctx;
  const x = sign * (street.roadHalf + street.sidewalk + 0.3);
  if (rng.chance(0.6)) {
    const tall = rng.uniform(0.7, 1.5);
    out.polygon(
      [cam.project(x, 0, NEAR), cam.project(x, 0, street.length), cam.project(x, tall, street.length), cam.project(x, tall, NEAR)],
      DemoClass.vegetation,
      look.surface([rng.uniform(35, 70), rng.uniform(85, 120), rng.uniform(25, 50)], DemoClass.vegetation, STATIC),
    );
  }
}

/** Fog over the static layers by distance along the image rows (objects are fogged one by one). */
export function drawStaticFog(ctx: DrawContext, defs: string[], street: Street): void {
  const { cam, look, out } = ctx;
  const { width: w, height: h, horizonY } = cam.params;
  const fog = toHex(look.fogColour);
  const list: [number, string, number][] = [[0, fog, look.fogAmount(30)], [horizonY / h, fog, look.fogAmount(street.length)]];
  for (let k = 1; k <= 6; k++) {
    const y = horizonY + ((h - horizonY) * k) / 6;
    list.push([y / h, fog, look.fogAmount(Math.min(street.length, cam.groundDepthAtRow(y)))]);
  }
  defs.push(`<linearGradient id="fog" ${gradientVector(cam)}>${stops(list)}</linearGradient>`);
  out.polygon(rolledRect(cam, -w, -h, 2 * w, 2 * h), null, 'url(#fog)');
}
