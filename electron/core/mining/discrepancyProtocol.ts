import type { DiscrepancySettings } from '../../../shared/mining/discrepancy.js';
import type { StoredLabelMap } from '../store/labelMapBlob.js';

export interface DiscrepancyRequest {
  batch: number;
  numClasses: number;
  ignoreIndex: number;
  settings: DiscrepancySettings;
  items: Array<{ imageId: number; a: StoredLabelMap; b: StoredLabelMap }>;
}

export type DiscrepancyResult =
  | { imageId: number; miou: number; pixelAccuracy: number; fwIou: number }
  | { imageId: number; error: string };

export interface DiscrepancyResponse {
  batch: number;
  results: DiscrepancyResult[];
}
