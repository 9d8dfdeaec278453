import type { Random } from '../../random.js';
import { DEMO_CLASS_COUNT, DemoClass } from '../classes.js';
import { hueRotate, mix, multiply, scale, toHex, type Rgb } from './colour.js';
import type { SceneConditions } from './sceneConditions.js';

/**
 * Turns a surface's own colour into the colour the camera sees under the scene's conditions:
 * odd hues first, then illumination, then fog by distance. Emitted light skips illumination.
 */
export class SceneLook {
  readonly fogColour: Rgb;
  private readonly ambient: number;
  private readonly tint: Rgb;
  private readonly fogDensity: number;
  private readonly hueByClass: number[];

  constructor(conditions: SceneConditions, rng: Random) {
    switch (conditions.timeOfDay) {
      case 'day':
        this.ambient = rng.uniform(0.85, 1.15);
        this.tint = [rng.uniform(235, 255), rng.uniform(240, 255), rng.uniform(235, 255)];
        this.fogColour = [205, 208, 212];
        break;
      case 'dusk':
        this.ambient = rng.uniform(0.55, 0.75);
        this.tint = [255, rng.uniform(175, 205), rng.uniform(130, 170)];
        this.fogColour = [170, 150, 140];
        break;
      case 'night':
        this.ambient = rng.uniform(0.16, 0.28);
        this.tint = [rng.uniform(120, 160), rng.uniform(140, 170), 255];
        this.fogColour = [38, 40, 48];
        break;
    }
    this.fogDensity = conditions.fogDensity;
    this.hueByClass = new Array<number>(DEMO_CLASS_COUNT).fill(0);
    if (conditions.hueMode === 'global') this.hueByClass.fill(conditions.hueDegrees);
    if (conditions.hueMode === 'classes') {
      const turned = rng.int(1, 3);
      for (let i = 0; i < turned; i++) this.hueByClass[rng.int(1, DEMO_CLASS_COUNT - 1)] = conditions.hueDegrees;
    }
  }

  /** Share of fog colour in what is seen at this distance (0 clear .. 1 fog only). */
  fogAmount(depth: number): number {
    return this.fogDensity === 0 ? 0 : 1 - Math.exp(-this.fogDensity * depth);
  }

  surfaceRgb(base: Rgb, classId: number, depth: number): Rgb {
    const hue = this.hueByClass[classId] ?? 0;
    const turned = hue === 0 ? base : hueRotate(base, hue);
    const lit = scale(multiply(turned, this.tint), this.ambient);
    return mix(lit, this.fogColour, this.fogAmount(depth));
  }

  surface(base: Rgb, classId: number, depth: number): string {
    return toHex(this.surfaceRgb(base, classId, depth));
  }

  /** Sky light: its colour already encodes the time of day, so only odd hues and fog apply. */
  sky(base: Rgb): string {
    const hue = this.hueByClass[DemoClass.sky] ?? 0;
    const turned = hue === 0 ? base : hueRotate(base, hue);
    return toHex(mix(turned, this.fogColour, this.fogAmount(400)));
  }

  /** A light source (lit window, lamp, headlight): not darkened at night, still fogged. */
  emissive(base: Rgb, depth: number): string {
    return toHex(mix(base, this.fogColour, this.fogAmount(depth)));
  }
}
