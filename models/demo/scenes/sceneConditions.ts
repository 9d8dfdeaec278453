import type { Random } from '../../random.js';

export type DemoSplit = 'train' | 'test' | 'pool';

/** Named conditions a scene can carry; the unusual ones are what the pool over-represents. */
export type ConditionTag = 'dusk' | 'night' | 'fog' | 'hue' | 'oddSize' | 'tilted';
export const UNUSUAL_TAGS: readonly ConditionTag[] = ['night', 'fog', 'hue', 'oddSize', 'tilted'];

/** Scene-wide parameters that change appearance without changing what is where. */
export interface SceneConditions {
  timeOfDay: 'day' | 'dusk' | 'night';
  /** Fog extinction per metre; 0 means clear air. */
  fogDensity: number;
  /** 'global' turns every colour; 'classes' gives single classes odd colours (purple trees, green sky). */
  hueMode: 'none' | 'global' | 'classes';
  hueDegrees: number;
  /** Size multipliers for vehicles and people (1 = realistic). */
  vehicleScale: number;
  personScale: number;
  /** Camera roll in degrees and horizon position as a fraction of the image height. */
  rollDegrees: number;
  horizonFraction: number;
  tags: ConditionTag[];
}

interface ConditionRates {
  dusk: number;
  night: number;
  fog: number;
  hue: number;
  oddSize: number;
  tilted: number;
}

/**
 * Labelled splits are mostly ordinary daylight; the pool carries each unusual condition several
 * times more often and at full strength, so models fitted on the training split fail on a
 * minority of pool images, for reasons a person can name.
 */
const RATES: Record<DemoSplit, ConditionRates> = {
  train: { dusk: 0.12, night: 0.03, fog: 0.03, hue: 0.015, oddSize: 0.02, tilted: 0.02 },
  test: { dusk: 0.12, night: 0.03, fog: 0.03, hue: 0.015, oddSize: 0.02, tilted: 0.02 },
  pool: { dusk: 0.12, night: 0.12, fog: 0.12, hue: 0.1, oddSize: 0.1, tilted: 0.08 },
};

export function sampleConditions(rng: Random, split: DemoSplit): SceneConditions {
  const rates = RATES[split];
  const labelled = split !== 'pool';
  const tags: ConditionTag[] = [];

  let timeOfDay: SceneConditions['timeOfDay'] = 'day';
  if (rng.chance(rates.night)) timeOfDay = 'night';
  else if (rng.chance(rates.dusk)) timeOfDay = 'dusk';
  if (timeOfDay !== 'day') tags.push(timeOfDay);

  let fogDensity = 0;
  if (rng.chance(rates.fog)) {
    // Labelled fog is thin haze; pool fog can swallow the far half of the street.
    fogDensity = labelled ? rng.uniform(0.01, 0.03) : rng.uniform(0.03, 0.12);
    tags.push('fog');
  }

  let hueMode: SceneConditions['hueMode'] = 'none';
  let hueDegrees = 0;
  if (rng.chance(rates.hue)) {
    hueMode = rng.chance(0.5) ? 'global' : 'classes';
    hueDegrees = labelled ? rng.uniform(-40, 40) : rng.uniform(90, 270);
    tags.push('hue');
  }

  let vehicleScale = 1;
  let personScale = 1;
  if (rng.chance(rates.oddSize)) {
    const odd = (): number => (rng.chance(0.5) ? rng.uniform(0.3, 0.5) : rng.uniform(labelled ? 1.5 : 2.2, labelled ? 1.8 : 3.5));
    if (rng.chance(0.5)) vehicleScale = odd();
    else personScale = odd();
    tags.push('oddSize');
  }

  let rollDegrees = rng.uniform(-2, 2);
  let horizonFraction = rng.uniform(0.32, 0.52);
  if (rng.chance(rates.tilted)) {
    const sign = rng.chance(0.5) ? -1 : 1;
    rollDegrees = sign * (labelled ? rng.uniform(4, 7) : rng.uniform(9, 18));
    horizonFraction = rng.chance(0.5) ? rng.uniform(0.12, 0.22) : rng.uniform(0.62, 0.75);
    tags.push('tilted');
  }

  return { timeOfDay, fogDensity, hueMode, hueDegrees, vehicleScale, personScale, rollDegrees, horizonFraction, tags };
}
