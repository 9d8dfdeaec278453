import type { SceneConditions } from './sceneConditions.js';

/**
 * A filled polygon in image coordinates. Shapes with a class id define the ground truth; shapes
 * without one (windows, markings, shadows, glows) only decorate and always lie on a surface whose
 * label they must not change.
 */
export interface PolygonShape {
  kind: 'polygon';
  /** Flat x0,y0,x1,y1,... rounded to 1/100 px, so SVG and mask read the same numbers. */
  points: number[];
  classId: number | null;
  fill: string;
  opacity?: number;
}

/** A round light glow; decoration only. */
export interface GlowShape {
  kind: 'glow';
  cx: number;
  cy: number;
  r: number;
  /** Id of a radial gradient in the scene's defs. */
  gradientId: string;
}

export type SceneShape = PolygonShape | GlowShape;

/** Per-class grain added after rendering (surface texture) and sensor noise (grows at night). */
export interface SceneTexture {
  /** Amplitude of uniform grain per class id, in 8-bit levels. */
  classGrain: number[];
  /** Standard deviation of sensor noise, in 8-bit levels. */
  sensorNoise: number;
  /** Seed of the grain stream. */
  seed: number;
}

export interface Scene {
  width: number;
  height: number;
  conditions: SceneConditions;
  /** SVG <defs> children (gradients, patterns). */
  defs: string[];
  /** Paint order: later shapes cover earlier ones. */
  shapes: SceneShape[];
  texture: SceneTexture;
}

const round = (v: number): number => Math.round(v * 100) / 100;

/**
 * Collects shapes in paint order. Polygons wholly outside the canvas are dropped, and so are
 * decorations smaller than a pixel: neither changes the mask, and they cost render time.
 */
export class ShapeList {
  readonly shapes: SceneShape[] = [];

  constructor(
    private readonly width: number,
    private readonly height: number,
  ) {}

  polygon(points: readonly (readonly [number, number])[], classId: number | null, fill: string, opacity?: number): void {
    const flat: number[] = [];
    let minX = Infinity;
    let maxX = -Infinity;
    let minY = Infinity;
    let maxY = -Infinity;
    for (const [x, y] of points) {
      flat.push(round(x), round(y));
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      minY = Math.min(minY, y);
      maxY = Math.max(maxY, y);
    }
    if (maxX <= 0 || maxY <= 0 || minX >= this.width || minY >= this.height) return;
    if (classId === null && (maxX - minX) * (maxY - minY) < 1) return;
    const shape: PolygonShape = { kind: 'polygon', points: flat, classId, fill };
    if (opacity !== undefined && opacity < 1) shape.opacity = round(opacity);
    this.shapes.push(shape);
  }

  glow(cx: number, cy: number, r: number, gradientId: string): void {
    this.shapes.push({ kind: 'glow', cx: round(cx), cy: round(cy), r: round(r), gradientId });
  }
}
