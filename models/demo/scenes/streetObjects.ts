import { DemoClass } from '../classes.js';
import type { Random } from '../../random.js';
import type { Camera } from './camera.js';
import { jitter, type Rgb } from './colour.js';
import type { SceneLook } from './sceneLook.js';
import type { ShapeList } from './sceneTypes.js';

/** What every object builder draws with. */
export interface DrawContext {
  out: ShapeList;
  cam: Camera;
  look: SceneLook;
  rng: Random;
  night: boolean;
}

type Point = [number, number];

/** Convex hull (monotone chain); the silhouette of a projected box. */
export function convexHull(points: readonly Point[]): Point[] {
  const sorted = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const cross = (o: Point, a: Point, b: Point): number => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const build = (list: readonly Point[]): Point[] => {
    const hull: Point[] = [];
    for (const p of list) {
      while (hull.length >= 2 && cross(hull[hull.length - 2]!, hull[hull.length - 1]!, p) <= 0) hull.pop();
      hull.push(p);
    }
    hull.pop();
    return hull;
  };
  return [...build(sorted), ...build([...sorted].reverse())];
}

function boxCorners(cam: Camera, x0: number, x1: number, y0: number, y1: number, z0: number, z1: number): Point[] {
  const corners: Point[] = [];
  for (const x of [x0, x1]) for (const y of [y0, y1]) for (const z of [z0, z1]) corners.push(cam.project(x, y, z));
  return corners;
}

/** A quad in a plane of constant depth z (facing the camera). */
function frontQuad(cam: Camera, x0: number, x1: number, y0: number, y1: number, z: number): Point[] {
  return [cam.project(x0, y0, z), cam.project(x1, y0, z), cam.project(x1, y1, z), cam.project(x0, y1, z)];
}

/** A quad in a plane of constant x (a side face, running away from the camera). */
function sideQuad(cam: Camera, x: number, y0: number, y1: number, z0: number, z1: number): Point[] {
  return [cam.project(x, y0, z0), cam.project(x, y0, z1), cam.project(x, y1, z1), cam.project(x, y1, z0)];
}

/** A disc of radius r (metres) facing the camera at depth z. */
function disc(cam: Camera, x: number, y: number, z: number, r: number, sides: number): Point[] {
  const pts: Point[] = [];
  for (let i = 0; i < sides; i++) {
    const a = (2 * Math.PI * i) / sides;
    pts.push(cam.project(x + r * Math.cos(a), y + r * Math.sin(a), z));
  }
  return pts;
}

const VEHICLE_COLOURS: readonly Rgb[] = [
  [200, 30, 30], [30, 60, 160], [230, 230, 230], [25, 25, 28], [120, 120, 125], [200, 180, 40],
  [40, 120, 60], [160, 160, 170], [90, 20, 30], [230, 120, 30], [60, 160, 200],
];

export interface VehicleSpec {
  /** Centre line of the vehicle (metres) and depth of its face nearest the camera. */
  x: number;
  z: number;
  /** Driving away shows the rear (red lights); toward shows the front (white lights). */
  facing: 'away' | 'toward';
  kind: 'car' | 'van' | 'bus';
  scale: number;
}

const VEHICLE_SIZES = {
  car: { width: 1.8, length: 4.4, body: 1.0, roof: 1.45 },
  van: { width: 2.0, length: 5.0, body: 1.3, roof: 2.1 },
  bus: { width: 2.5, length: 11, body: 3.1, roof: 3.1 },
} as const;

export function drawVehicle(ctx: DrawContext, spec: VehicleSpec): void {
  const { out, cam, look, rng } = ctx;
  const size = VEHICLE_SIZES[spec.kind];
  const s = spec.scale;
  const w = size.width * s;
  const len = size.length * s;
  const x0 = spec.x - w / 2;
  const x1 = spec.x + w / 2;
  const z0 = spec.z;
  const z1 = spec.z + len;
  const base = jitter(rng.pick(VEHICLE_COLOURS), rng.uniform(0.8, 1.15), [rng.uniform(-12, 12), rng.uniform(-12, 12), rng.uniform(-12, 12)]);
  const paint = (c: Rgb, k = 1): string => look.surface([c[0] * k, c[1] * k, c[2] * k], DemoClass.vehicle, z0);
  const dark: Rgb = [28, 28, 30];
  const glass: Rgb = [45, 60, 75];

  // Shadow on the ground first: decoration on whatever surface lies below.
  out.polygon(convexHull(boxCorners(cam, x0 - 0.15 * s, x1 + 0.15 * s, 0, 0, z0 - 0.2 * s, z1 + 0.2 * s)), null, '#000000', 0.35);

  // Wheels reach below the body, so they are labelled shapes of their own.
  const wheelR = 0.33 * s;
  const sideX = spec.x - cam.params.lateral > 0 ? x0 : x1;
  for (const zc of [z0 + 0.18 * len, z1 - 0.18 * len]) {
    out.polygon(sideQuad(cam, sideX, 0, 2 * wheelR, zc - wheelR, zc + wheelR), DemoClass.vehicle, paint(dark));
  }
  for (const [a, b] of [[x0 + 0.05 * s, x0 + 0.3 * s], [x1 - 0.3 * s, x1 - 0.05 * s]] as const) {
    out.polygon(frontQuad(cam, a, b, 0, 0.4 * s, z0 + 0.15 * len), DemoClass.vehicle, paint(dark));
  }

  out.polygon(convexHull(boxCorners(cam, x0, x1, 0.28 * s, size.body * s, z0, z1)), DemoClass.vehicle, paint(base, 0.85));
  out.polygon(frontQuad(cam, x0, x1, 0.28 * s, size.body * s, z0), null, paint(base));

  if (spec.kind === 'bus') {
    out.polygon(sideQuad(cam, sideX, 1.5 * s, 2.6 * s, z0 + 0.5 * s, z1 - 0.5 * s), null, paint(glass));
    out.polygon(frontQuad(cam, x0 + 0.2 * s, x1 - 0.2 * s, 1.7 * s, 2.8 * s, z0), null, paint(glass));
  } else {
    const inset = 0.12 * w;
    const cz0 = z0 + (spec.facing === 'away' ? 0.3 : 0.25) * len;
    const cz1 = z0 + (spec.facing === 'away' ? 0.75 : 0.7) * len;
    out.polygon(convexHull(boxCorners(cam, x0 + inset, x1 - inset, size.body * s, size.roof * s, cz0, cz1)), DemoClass.vehicle, paint(base, 0.9));
    out.polygon(frontQuad(cam, x0 + inset * 1.4, x1 - inset * 1.4, size.body * s + 0.05 * s, size.roof * s - 0.06 * s, cz0), null, paint(glass));
  }

  const lightY0 = size.body * s * (spec.kind === 'bus' ? 0.2 : 0.7);
  const lightY1 = lightY0 + 0.15 * s;
  const lightColour: Rgb = spec.facing === 'away' ? [230, 30, 30] : [250, 245, 215];
  for (const [a, b] of [[x0 + 0.1 * s, x0 + 0.35 * s], [x1 - 0.35 * s, x1 - 0.1 * s]] as const) {
    out.polygon(frontQuad(cam, a, b, lightY0, lightY1, z0), null, ctx.night ? look.emissive(lightColour, z0) : paint(lightColour));
    if (ctx.night) {
      const [gx, gy] = cam.project((a + b) / 2, (lightY0 + lightY1) / 2, z0);
      const radius = (spec.facing === 'away' ? 0.8 : 2.2) * s * cam.pixelsPerMetre(z0);
      out.glow(gx, gy, radius, spec.facing === 'away' ? 'glowRed' : 'glowWhite');
    }
  }
}

const SKIN: readonly Rgb[] = [[240, 200, 170], [200, 150, 110], [150, 100, 70], [90, 60, 40]];
const CLOTHES: readonly Rgb[] = [
  [20, 20, 25], [40, 50, 110], [180, 30, 40], [230, 230, 225], [90, 90, 95], [200, 170, 60],
  [40, 110, 60], [150, 80, 160], [230, 120, 50], [70, 140, 200], [120, 80, 50],
];

export function drawPerson(ctx: DrawContext, x: number, z: number, height: number): void {
  const { out, cam, look, rng } = ctx;
  const h = height;
  const P = (u: number, v: number): Point => cam.project(x + u * h, v * h, z);
  const paint = (c: Rgb): string => look.surface(c, DemoClass.person, z);
  const trousers = paint(jitter(rng.pick(CLOTHES), rng.uniform(0.8, 1.1), [0, 0, 0]));
  const top = paint(jitter(rng.pick(CLOTHES), rng.uniform(0.8, 1.1), [0, 0, 0]));
  const skin = paint(rng.pick(SKIN));
  const stride = rng.uniform(0, 0.09);
  const sway = rng.uniform(-0.04, 0.04);

  out.polygon([P(-0.08, 0.48), P(-0.01, 0.48), P(-0.03 - stride, 0), P(-0.1 - stride, 0)], DemoClass.person, trousers);
  out.polygon([P(0.01, 0.48), P(0.08, 0.48), P(0.1 + stride, 0), P(0.03 + stride, 0)], DemoClass.person, trousers);
  out.polygon([P(-0.13, 0.8), P(-0.16 - sway, 0.46), P(-0.12 - sway, 0.46), P(-0.09, 0.78)], DemoClass.person, top);
  out.polygon([P(0.09, 0.78), P(0.12 + sway, 0.46), P(0.16 + sway, 0.46), P(0.13, 0.8)], DemoClass.person, top);
  out.polygon([P(-0.09, 0.46), P(0.09, 0.46), P(0.13, 0.81), P(-0.13, 0.81)], DemoClass.person, top);
  out.polygon([P(-0.03, 0.8), P(0.03, 0.8), P(0.03, 0.86), P(-0.03, 0.86)], DemoClass.person, skin);
  out.polygon(disc(cam, x, 0.91 * h, z, 0.065 * h, 12), DemoClass.person, skin);
  out.polygon([P(-0.066, 0.92), P(-0.05, 0.965), P(0, 0.978), P(0.05, 0.965), P(0.066, 0.92)], null, paint([40, 30, 25]));
}

export function drawTree(ctx: DrawContext, x: number, z: number, height: number): void {
  const { out, cam, look, rng } = ctx;
  const trunkH = height * rng.uniform(0.3, 0.45);
  const paint = (c: Rgb): string => look.surface(c, DemoClass.vegetation, z);
  out.polygon(frontQuad(cam, x - 0.14, x + 0.14, 0, trunkH + 0.5, z), DemoClass.vegetation, paint([rng.uniform(70, 100), 55, 35]));
  const crownR = (height - trunkH) / 2;
  const green: Rgb = [rng.uniform(40, 90), rng.uniform(90, 140), rng.uniform(25, 55)];
  const blobs = rng.int(4, 7);
  for (let i = 0; i < blobs; i++) {
    const r = crownR * rng.uniform(0.5, 0.8);
    const bx = x + rng.uniform(-0.5, 0.5) * crownR;
    const by = trunkH + crownR + rng.uniform(-0.45, 0.45) * crownR;
    out.polygon(disc(cam, bx, by, z, r, 12), DemoClass.vegetation, paint(jitter(green, rng.uniform(0.75, 1.2), [0, 0, 0])));
  }
}

/** A street lamp leaning over the road (side = -1 left, +1 right). */
export function drawStreetLamp(ctx: DrawContext, x: number, z: number, side: number): void {
  const { out, cam, look, rng } = ctx;
  const h = rng.uniform(5.5, 8);
  const metal = look.surface([rng.uniform(50, 110), rng.uniform(50, 110), rng.uniform(55, 115)], DemoClass.background, z);
  out.polygon(frontQuad(cam, x - 0.09, x + 0.09, 0, h, z), DemoClass.background, metal);
  const armEnd = x - side * 1.6;
  out.polygon(frontQuad(cam, Math.min(x, armEnd), Math.max(x, armEnd), h - 0.12, h, z), DemoClass.background, metal);
  const lampX0 = Math.min(armEnd, armEnd + side * 0.5);
  const lampX1 = Math.max(armEnd, armEnd + side * 0.5);
  out.polygon(frontQuad(cam, lampX0, lampX1, h - 0.3, h - 0.05, z), DemoClass.background, metal);
  if (ctx.night) {
    out.polygon(frontQuad(cam, lampX0, lampX1, h - 0.3, h - 0.2, z), null, look.emissive([255, 225, 160], z));
    const [gx, gy] = cam.project((lampX0 + lampX1) / 2, h - 0.3, z);
    out.glow(gx, gy, 3 * cam.pixelsPerMetre(z), 'glowWarm');
  }
}

export function drawSign(ctx: DrawContext, x: number, z: number): void {
  const { out, cam, look, rng } = ctx;
  const paint = (c: Rgb): string => look.surface(c, DemoClass.background, z);
  out.polygon(frontQuad(cam, x - 0.04, x + 0.04, 0, 2.3, z), DemoClass.background, paint([120, 120, 125]));
  const plate = rng.pick<Rgb>([[200, 20, 20], [20, 60, 170], [230, 190, 20], [240, 240, 240]]);
  if (rng.chance(0.5)) out.polygon(disc(cam, x, 2.5, z, 0.32, 12), DemoClass.background, paint(plate));
  else out.polygon(frontQuad(cam, x - 0.35, x + 0.35, 2.2, 2.8, z), DemoClass.background, paint(plate));
}

/** Low street furniture: a bin, a bollard or a box. */
export function drawFurniture(ctx: DrawContext, x: number, z: number): void {
  const { out, cam, look, rng } = ctx;
  const w = rng.uniform(0.25, 0.8);
  const h = rng.uniform(0.6, 1.2);
  const colour: Rgb = [rng.uniform(30, 160), rng.uniform(30, 160), rng.uniform(30, 160)];
  out.polygon(convexHull(boxCorners(cam, x - w / 2, x + w / 2, 0, h, z, z + w)), DemoClass.background, look.surface(colour, DemoClass.background, z));
}
