import { FaultlineError } from '../contract/errors.js';
import { checkDownsample } from './downsample.js';
import type { SearchConfig } from './passPlan.js';
import { checkTemperature } from './softmin.js';
import { LABEL_MODES, type LabelMode, type QualityShape } from './types.js';

export interface SearchOptions {
  /** Side of the square blocks averaged before the search (1 = full resolution). */
  readonly downsample?: number;
  readonly labelMode?: LabelMode;
  /** Label value of pixels that take no part (unlabelled, void); null or absent for none. */
  readonly ignoreIndex?: number | null;
}

/** Checks a shape and the search options, with one clear sentence for the first problem. */
export function searchConfig(shape: QualityShape, options: SearchOptions): SearchConfig {
  const { K, H, W } = shape;
  for (const [name, value] of [['K', K], ['H', H], ['W', W]] as const) {
    if (!Number.isInteger(value) || value < 1) throw new FaultlineError('invalid_input', `${name} must be a positive integer, got ${value}`);
  }
  if (K > 65535) throw new FaultlineError('invalid_input', `at most 65535 classes are supported, got K = ${K}`);
  const downsample = options.downsample ?? 1;
  checkDownsample(downsample, H, W);
  const labelMode = options.labelMode ?? 'majority';
  if (!LABEL_MODES.includes(labelMode)) {
    throw new FaultlineError('invalid_input', `label mode must be one of ${LABEL_MODES.join(', ')}, got ${String(labelMode)}`);
  }
  const ignoreIndex = options.ignoreIndex ?? null;
  if (ignoreIndex !== null && !Number.isSafeInteger(ignoreIndex)) {
    throw new FaultlineError('invalid_input', `the ignore index must be an integer, got ${ignoreIndex}`);
  }
  return { K, H, W, downsample, labelMode, ignoreIndex };
}

export function checkSoftminTemperature(temperature: number | null): void {
  if (temperature !== null) checkTemperature(temperature);
}
