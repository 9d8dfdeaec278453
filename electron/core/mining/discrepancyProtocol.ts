export interface DiscrepancyRequest {
  batch: number;
  numClasses: number;
  ignoreIndex: number;
  items: Array<{ imageId: number; a: Uint8Array; b: Uint8Array }>;
}

export type DiscrepancyResult =
  | { imageId: number; miou: number; pixelAccuracy: number; fwIou: number }
  | { imageId: number; error: string };

export interface DiscrepancyResponse {
  batch: number;
  results: DiscrepancyResult[];
}
