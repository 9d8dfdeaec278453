import { useEffect, useState } from 'react';
import type { Client } from '../../../shared/client/createClient.js';
import { inflateLabelMap } from './labelMapOverlay.js';

export interface DecodedPrediction {
  map: Uint8Array;
  width: number;
  height: number;
}

/** A label map as the contract carries it (deflated, base64), decoded for drawing. */
export async function decodeMask(data: string, width: number, height: number): Promise<DecodedPrediction> {
  return { map: await inflateLabelMap(data), width, height };
}

const cache = new Map<string, Promise<DecodedPrediction | null>>();
const MAX_CACHED = 64;

/** Fetches and inflates a stored prediction once; later views of the same image are instant. */
export function loadPrediction(client: Client, imageId: number, modelId: number): Promise<DecodedPrediction | null> {
  const key = `${imageId}:${modelId}`;
  let entry = cache.get(key);
  if (!entry) {
    entry = client.call('predictions.get', { imageId, modelId }).then(async (p) => {
      if (!p || !p.labelMap || p.width === null || p.height === null) return null;
      return decodeMask(p.labelMap, p.width, p.height);
    });
    entry.catch(() => cache.delete(key));
    cache.set(key, entry);
    if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value!);
  }
  return entry;
}

export function usePrediction(client: Client, imageId: number | null, modelId: number | null): DecodedPrediction | null {
  const [prediction, setPrediction] = useState<DecodedPrediction | null>(null);
  useEffect(() => {
    let live = true;
    setPrediction(null);
    if (imageId === null || modelId === null) return;
    loadPrediction(client, imageId, modelId)
      .then((p) => live && setPrediction(p))
      .catch(() => live && setPrediction(null));
    return () => {
      live = false;
    };
  }, [client, imageId, modelId]);
  return prediction;
}
