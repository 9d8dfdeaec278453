import { compileHierarchy, defaultHierarchy } from '../../../shared/errors/classHierarchy.js';
import { classifyErrors, type ClassifyOptions, type ErrorRegion } from '../../../shared/errors/classifyErrors.js';
import { DEFAULT_ERROR_SETTINGS, withSettings, type ErrorSettingsPatch } from '../../../shared/errors/errorSettings.js';
import { TrainingStatisticsBuilder, type TrainingStatistics } from '../../../shared/errors/trainingStatistics.js';

/**
 * A small street world for hand-built mask pairs: 80×60 images (band 2 px, fragment distance
 * 3 px at the default settings), sky on top, background in the middle, road below, with a car,
 * a person leaning on a pole, and in a quarter of the training images a truck and a van.
 */
export const W = 80;
export const H = 60;
export const C = { background: 0, road: 1, sky: 2, car: 3, truck: 4, van: 5, person: 6, pole: 7 } as const;
export const CLASSES = [
  { id: 0, name: 'background', superclass: null },
  { id: 1, name: 'road', superclass: 'flat' },
  { id: 2, name: 'sky', superclass: 'sky' },
  { id: 3, name: 'car', superclass: 'vehicle' },
  { id: 4, name: 'truck', superclass: 'vehicle' },
  { id: 5, name: 'van', superclass: null },
  { id: 6, name: 'person', superclass: 'human' },
  { id: 7, name: 'pole', superclass: 'structure' },
];
export const K = CLASSES.length;
/** Where the test images' car lies: 12×8 on the road. */
export const CAR = { x: 20, y: 42, width: 12, height: 8 } as const;
export const PERSON = { x: 58, y: 38, width: 4, height: 10 } as const;

export function fill(map: Uint8Array, x0: number, y0: number, width: number, height: number, value: number): void {
  for (let y = y0; y < y0 + height; y++) map.fill(value, y * W + x0, y * W + x0 + width);
}

/** Sky, background and road, with a pole and a person touching it. */
function backdrop(): Uint8Array {
  const map = new Uint8Array(W * H);
  fill(map, 0, 0, W, 15, C.sky);
  fill(map, 0, 35, W, 25, C.road);
  fill(map, 56, 15, 2, 33, C.pole);
  fill(map, PERSON.x, PERSON.y, PERSON.width, PERSON.height, C.person);
  return map;
}

/** S0: twelve scenes; car sizes vary a little, truck and van appear together in three. */
export function trainingStatistics(): TrainingStatistics {
  const builder = new TrainingStatisticsBuilder(K, { connectivity: 8, minRegionPixels: DEFAULT_ERROR_SETTINGS.minRegionPixels });
  for (let i = 0; i < 12; i++) {
    const map = backdrop();
    fill(map, 8 + i, 40, 11 + (i % 3), 7 + ((i >> 1) % 3), C.car);
    if (i < 3) {
      fill(map, 36, 50, 10, 8, C.truck);
      fill(map, 66, 50, 8, 7, C.van);
    }
    builder.addMask(map, W, H);
  }
  return builder.finish();
}

/** The test image's reference: the backdrop with the car. */
export function reference(): Uint8Array {
  const map = backdrop();
  fill(map, CAR.x, CAR.y, CAR.width, CAR.height, C.car);
  return map;
}

export const hierarchy = compileHierarchy({ ...defaultHierarchy(CLASSES), aliases: { car: ['van'] } }, CLASSES);
export const stats = trainingStatistics();

export function classify(ref: Uint8Array, prediction: Uint8Array, patch: ErrorSettingsPatch = {}, extra: Partial<ClassifyOptions> = {}) {
  return classifyErrors(ref, prediction, { width: W, height: H, numClasses: K, stats, hierarchy, settings: withSettings(patch), explain: true, ...extra });
}

/** The reference-side region of a class (the test images hold one of each). */
export function regionOf(regions: readonly ErrorRegion[], classId: number): ErrorRegion {
  const found = regions.filter((r) => r.side === 'reference' && r.classId === classId);
  if (found.length !== 1) throw new Error(`expected one region of class ${classId}, found ${found.length}`);
  return found[0]!;
}
