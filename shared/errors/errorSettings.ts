import { z } from 'zod';

const share = z.number().min(0).max(1);

/**
 * Every threshold of the error rules. Shares are of a region's pixels unless said otherwise;
 * distances are fractions of the image diagonal so one setting fits every image size.
 */
const fields = {
  /** Neighbourhood of a region's pixels (8: diagonal neighbours join). */
  connectivity: z.union([z.literal(4), z.literal(8)]),
  /** Regions and predicted components smaller than this take no part (annotation specks, prediction noise). */
  minRegionPixels: z.number().int().min(1).max(1_000_000),
  /** Rule 0, ignore: more than this share of the region is predicted as no project class. */
  ignoreShare: share,
  /** Rule 0, correct: recall of the true class at least this… */
  correctRecall: share,
  /** …and boundary agreement (correct share of the band inside the boundary, spill counted against it) at least this. */
  correctBoundary: share,
  /** Rule 1: mean probability of the dominant wrong class over the pixels predicted as it. */
  highConfidence: share,
  /** Rule 1: mean self-confidence of the given label over the region below this. */
  lowLabelQuality: share,
  /** Rule 1: a competitor agrees when it predicts the same wrong class on this share of those pixels. */
  competitorAgreement: share,
  /** Rule 2: width of the band on each side of the true boundary, as a fraction of the image diagonal (at least one pixel). */
  boundaryBand: z.number().min(0).max(0.25),
  /** Rule 2: the true class covers at least this share of the region… */
  boundaryRecall: share,
  /** …and at least this share of the wrong pixels lie in the band. */
  boundaryWrongShare: share,
  /** Rule 3: more than this share predicted as background… */
  missedBackgroundShare: share,
  /** …or recall below this… */
  missedRecall: share,
  /** …with no single other class above this share. */
  missedOtherShare: share,
  /** Rule 4: the dominant wrong class covers at least this share and shares a superclass. */
  fineGrainedShare: share,
  /** Rule 5: the dominant wrong class covers at least this share… */
  contextShare: share,
  /** …and co-occurs with the true class in S0 images with at least this lift… */
  contextLift: z.number().min(0),
  /** …or at least this share of the true class's boundary pixels in S0 touch it (a frequent adjacency pair). */
  contextAdjacencyShare: share,
  /** Rule 7: log area or log aspect ratio more than this many standard deviations from the class's S0 regions. */
  atypicalSigma: z.number().min(0),
  /** Rule 7 needs at least this many S0 regions of the class. */
  atypicalMinRegions: z.number().int().min(2),
  /** Prediction side: a component overlapping ground truth of its class by less than this share is a hallucination. */
  hallucinationOverlap: share,
  /** A hallucination within this distance (fraction of the diagonal) of a true region of its class is a fragment. */
  fragmentDistance: z.number().min(0).max(0.5),
};

export const ErrorSettings = z.object(fields).strict();
export type ErrorSettings = z.infer<typeof ErrorSettings>;

/** Edits to the settings: any subset, each field checked like the whole. */
export const ErrorSettingsPatch = z.object(fields).partial().strict();
export type ErrorSettingsPatch = z.infer<typeof ErrorSettingsPatch>;

export const DEFAULT_ERROR_SETTINGS: Readonly<ErrorSettings> = Object.freeze({
  connectivity: 8,
  minRegionPixels: 4,
  ignoreShare: 0.5,
  correctRecall: 0.9,
  correctBoundary: 0.8,
  highConfidence: 0.9,
  lowLabelQuality: 0.3,
  competitorAgreement: 0.5,
  boundaryBand: 0.015,
  boundaryRecall: 0.5,
  boundaryWrongShare: 0.8,
  missedBackgroundShare: 0.5,
  missedRecall: 0.1,
  missedOtherShare: 0.5,
  fineGrainedShare: 0.5,
  contextShare: 0.3,
  contextLift: 2,
  contextAdjacencyShare: 0.25,
  atypicalSigma: 3,
  atypicalMinRegions: 5,
  hallucinationOverlap: 0.1,
  fragmentDistance: 0.03,
});

/** The defaults with a patch applied, checked. */
export function withSettings(patch: ErrorSettingsPatch = {}, base: ErrorSettings = DEFAULT_ERROR_SETTINGS): ErrorSettings {
  return ErrorSettings.parse({ ...base, ...ErrorSettingsPatch.parse(patch) });
}

/** Band and fragment distances in pixels for an image (at least one pixel for the band). */
export function pixelDistances(settings: ErrorSettings, width: number, height: number): { band: number; fragment: number } {
  const diagonal = Math.hypot(width, height);
  return {
    band: Math.max(1, Math.min(254, Math.round(settings.boundaryBand * diagonal))),
    fragment: Math.max(0, Math.min(254, Math.round(settings.fragmentDistance * diagonal))),
  };
}
