/**
 * Candidate sets store the ids of the models and images they were mined from inside their JSON
 * (parameters, reasons). Ids are per copy, so a set brought from another copy has them rewritten
 * to this copy's. By then every model and every imported image of the other copy has its
 * counterpart here; an image without one (its import failed there) leaves the list of images.
 */

export type IdMap = ReadonlyMap<number, number>;

const MODEL_KEYS = ['targetModelId', 'competitorModelId', 'defenderModelId'] as const;

/** A set's stored reasons ({ imageIds, reasons: [...] }) with image and model ids mapped. */
export function remapCandidateReasons(raw: string, images: IdMap, models: IdMap): string {
  const value = JSON.parse(raw) as { imageIds?: number[]; reasons?: Array<Record<string, unknown>> };
  const mapped = {
    ...value,
    imageIds: (value.imageIds ?? []).flatMap((id) => (images.has(id) ? [images.get(id)!] : [])),
    reasons: (value.reasons ?? []).map((reason) => {
      const out: Record<string, unknown> = { ...reason };
      if (typeof reason['imageId'] === 'number') out['imageId'] = images.get(reason['imageId']) ?? reason['imageId'];
      for (const key of MODEL_KEYS) if (typeof reason[key] === 'number') out[key] = models.get(reason[key]) ?? reason[key];
      return out;
    }),
  };
  return JSON.stringify(mapped);
}

/**
 * A set's parameters with its models mapped. Slice checks name a slice run, which merging does
 * not bring (it can be rerun), so that reference goes.
 */
export function remapSetParams(raw: string, models: IdMap): string {
  const { sliceRunId: _run, sliceIndex: _index, ...value } = JSON.parse(raw) as Record<string, unknown>;
  const out: Record<string, unknown> = { ...value };
  if (typeof value['targetId'] === 'number') out['targetId'] = models.get(value['targetId']) ?? value['targetId'];
  if (Array.isArray(value['competitorIds'])) out['competitorIds'] = (value['competitorIds'] as number[]).map((id) => models.get(id) ?? id);
  return JSON.stringify(out);
}

/** A round's parameters with its rating set mapped (sets are merged after rounds; see mergeProject). */
export function remapRoundParams(raw: string, sets: IdMap): string {
  const value = JSON.parse(raw) as Record<string, unknown>;
  const setId = value['ratingSetId'];
  if (typeof setId !== 'number') return raw;
  const { ratingSetId: _old, ...rest } = value;
  return JSON.stringify(sets.has(setId) ? { ...rest, ratingSetId: sets.get(setId) } : rest);
}
