import { labelComponents } from '../geometry/connectedComponents.js';
import type { Rect } from '../geometry/rect.js';
import { boundaryDistance, distanceToValue } from './boundaryDistance.js';
import type { CompiledHierarchy } from './classHierarchy.js';
import { summariseComponents } from './componentSummary.js';
import type { ErrorCategory } from './errorCategories.js';
import { pixelDistances, type ErrorSettings } from './errorSettings.js';
import { matchingRules, type RegionEvidence } from './regionRules.js';
import { adjacencyShare, atypicality, lift, type TrainingStatistics } from './trainingStatistics.js';

export interface ErrorRegion {
  side: 'reference' | 'prediction';
  category: ErrorCategory;
  /** The region's class: the true class (reference side) or the predicted class (prediction side). */
  classId: number;
  /** Reference side: the dominant wrong predicted class; prediction side: the dominant true class under the component; null when there is none. */
  otherClassId: number | null;
  /** Pixels of the ground-truth region or of the predicted component. */
  area: number;
  /**
   * Pixels the category accounts for: a region's wrong pixels (plus the spill over its boundary for
   * boundary errors), the whole region for correct and ignored ones, and a hallucination's pixels
   * over ground truth of other classes.
   */
  pixels: number;
  /** Component number in raster order: the same reference gives every model the same reference-side numbers. */
  index: number;
  box: Rect;
  /** With `explain`: every rule the region meets, in order (reference side only). */
  matches?: ErrorCategory[];
}

/** Whether rule 1 (suspected label error) could be tested on an image, and if not, why. */
export type LabelErrorRuleState = 'active' | 'no_probabilities' | 'no_competitors';

export interface ClassifiedImage {
  regions: ErrorRegion[];
  labelErrorRule: LabelErrorRuleState;
}

export interface ClassifyOptions {
  width: number;
  height: number;
  /** Class slots (largest project class id + 1); values ≥ this are "no class" (the ignore index, an unmapped model class). */
  numClasses: number;
  stats: TrainingStatistics;
  hierarchy: CompiledHierarchy;
  settings: ErrorSettings;
  /** Per pixel, the model's probability of the class it predicted. */
  confidence?: Float32Array;
  /** Per pixel, the model's probability of the reference label (its self-confidence). */
  labelQuality?: Float32Array;
  /** Other models' label maps of the same image, in project class ids. */
  competitors?: readonly Uint8Array[];
  /** Also list, per ground-truth region, every rule it meets. */
  explain?: boolean;
}

function boxOf(c: { minX: Int32Array; minY: Int32Array; maxX: Int32Array; maxY: Int32Array }, id: number): Rect {
  return { x: c.minX[id]!, y: c.minY[id]!, width: c.maxX[id]! - c.minX[id]! + 1, height: c.maxY[id]! - c.minY[id]! + 1 };
}

/**
 * Sorts a model's errors on one image into categories. Units are the ground-truth regions
 * (connected components of each class, background classes left out) and, for false positives,
 * the predicted components that match no ground truth. A region takes the first rule that fits,
 * in the fixed order 0–8; every threshold comes from `settings`.
 */
export function classifyErrors(reference: Uint8Array, prediction: Uint8Array, o: ClassifyOptions): ClassifiedImage {
  const { width: w, height: h, settings: s, hierarchy: H, stats } = o;
  const K = o.numClasses;
  const total = w * h;
  if (reference.length !== total || prediction.length !== total) {
    throw new RangeError(`reference has ${reference.length} and prediction ${prediction.length} pixels, expected ${w}×${h}`);
  }
  if (H.numClasses !== K || stats.numClasses !== K) {
    throw new RangeError(`numClasses is ${K}, the hierarchy has ${H.numClasses} and the statistics ${stats.numClasses}`);
  }
  for (const [name, map] of [['confidence', o.confidence], ['labelQuality', o.labelQuality]] as const) {
    if (map && map.length !== total) throw new RangeError(`${name} has ${map.length} pixels, expected ${total}`);
  }
  const competitors = o.competitors ?? [];
  for (const c of competitors) if (c.length !== total) throw new RangeError(`a competitor map has ${c.length} pixels, expected ${total}`);
  const labelErrorRule: LabelErrorRuleState = !o.confidence || !o.labelQuality ? 'no_probabilities' : competitors.length === 0 ? 'no_competitors' : 'active';

  const noClass: number[] = [];
  for (let v = K; v < 256; v++) noClass.push(v);
  const ref = labelComponents(reference, w, h, { connectivity: s.connectivity, skipClasses: noClass });
  const labels = ref.labels;
  const count = ref.count;
  const sum = summariseComponents(labels, count, ref.classId, prediction, K, H.background);
  const { band, fragment } = pixelDistances(s, w, h);
  const distance = boundaryDistance(reference, w, h, band);

  // Per region: its inner band, what is right there, its wrong pixels in the band, and the
  // pixels predicted as its class just outside it (spill), given to the nearest region of that class.
  const bandPixels = new Int32Array(count + 1);
  const bandCorrect = new Int32Array(count + 1);
  const wrongInBand = new Int32Array(count + 1);
  const spill = new Int32Array(count + 1);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (distance[i]! >= band) continue;
      const t = reference[i]!;
      const p = prediction[i]!;
      const r = labels[i]!;
      if (r > 0) {
        bandPixels[r]!++;
        if (p === t) bandCorrect[r]!++;
        else wrongInBand[r]!++;
      }
      if (p === t || p >= K || t >= K || H.background[p]) continue;
      const owner = nearestOfClass(reference, labels, w, h, x, y, p, band);
      if (owner > 0) spill[owner]!++;
    }
  }

  const quality = new Float64Array(count + 1);
  const confidence = new Float64Array(count + 1);
  const agreement = new Float64Array(count + 1);
  if (labelErrorRule === 'active') {
    const dominant = sum.dominant;
    for (let i = 0; i < total; i++) {
      const r = labels[i]!;
      if (r === 0) continue;
      quality[r]! += o.labelQuality![i]!;
      if (prediction[i] === dominant[r]) confidence[r]! += o.confidence![i]!;
    }
    const agreeing = new Int32Array(count + 1);
    for (const other of competitors) {
      agreeing.fill(0);
      for (let i = 0; i < total; i++) {
        const r = labels[i]!;
        if (r !== 0 && prediction[i] === dominant[r] && other[i] === dominant[r]) agreeing[r]!++;
      }
      for (let r = 1; r <= count; r++) {
        const n = sum.dominantCount[r]!;
        if (n > 0) agreement[r] = Math.max(agreement[r]!, agreeing[r]! / n);
      }
    }
  }

  const regions: ErrorRegion[] = [];
  for (let r = 1; r <= count; r++) {
    const y = ref.classId[r]!;
    if (H.background[y]) continue;
    const area = ref.area[r]!;
    const box = boxOf(ref, r);
    const d = sum.dominant[r]!;
    const wrong = area - sum.own[r]!;
    const active = labelErrorRule === 'active';
    const evidence: RegionEvidence = {
      classId: y,
      area,
      recall: sum.own[r]! / area,
      dominant: d,
      dominantShare: sum.dominantCount[r]! / area,
      noClassShare: sum.noClass[r]! / area,
      backgroundShare: sum.background[r]! / area,
      boundaryAgreement: bandPixels[r]! + spill[r]! > 0 ? bandCorrect[r]! / (bandPixels[r]! + spill[r]!) : 1,
      wrongInBand: wrongInBand[r]!,
      spill: spill[r]!,
      wrongAround: wrong + spill[r]!,
      confidence: active && sum.dominantCount[r]! > 0 ? confidence[r]! / sum.dominantCount[r]! : null,
      labelQuality: active ? quality[r]! / area : null,
      competitorAgreement: active ? agreement[r]! : null,
      atypicality: atypicality(stats, y, area, box.width, box.height, total, s.atypicalMinRegions),
    };
    const matches = matchingRules(evidence, s, H, stats);
    const category = matches[0] ?? 'model_failure';
    const pixels = category === 'ignore' || category === 'correct' ? area : category === 'boundary_under' || category === 'boundary_bleeding' ? wrong + spill[r]! : wrong;
    regions.push({
      side: 'reference',
      category,
      classId: y,
      otherClassId: d >= 0 ? d : null,
      area,
      pixels,
      index: r,
      box,
      ...(o.explain ? { matches } : {}),
    });
  }

  // A region confused with class c already counts the pixels predicted as c over it; a predicted
  // component of c lying mostly there is that confusion seen from the other side, not a hallucination.
  const confusedAs = new Int16Array(count + 1).fill(-1);
  for (const r of regions) if (r.category !== 'correct' && r.category !== 'ignore' && r.otherClassId !== null) confusedAs[r.index] = r.otherClassId;
  regions.push(...hallucinations(reference, prediction, o, fragment, labels, confusedAs));
  return { regions, labelErrorRule };
}

/** The region (component id) of a reference pixel of class `c` nearest to (x, y) within `radius` (chessboard rings), or 0. */
function nearestOfClass(reference: Uint8Array, labels: Int32Array, w: number, h: number, x: number, y: number, c: number, radius: number): number {
  const at = (xx: number, yy: number): number => (xx >= 0 && xx < w && yy >= 0 && yy < h && reference[yy * w + xx] === c ? labels[yy * w + xx]! : 0);
  for (let k = 1; k <= radius; k++) {
    for (let xx = x - k; xx <= x + k; xx++) {
      const found = at(xx, y - k) || at(xx, y + k);
      if (found) return found;
    }
    for (let yy = y - k + 1; yy < y + k; yy++) {
      const found = at(x - k, yy) || at(x + k, yy);
      if (found) return found;
    }
  }
  return 0;
}

/**
 * Predicted components (background classes left out) that overlap ground truth of their class by
 * less than the setting and lie mostly outside ground-truth regions already confused with their
 * class; a hallucination's pixels are those outside both. Fragments lie near a true region of
 * their class (checked first: a piece broken off an object is that, whatever S0 says),
 * co-occurring ones sit on a class that S0 pairs with theirs, the rest are plain hallucinations.
 */
function hallucinations(
  reference: Uint8Array,
  prediction: Uint8Array,
  o: ClassifyOptions,
  fragment: number,
  referenceLabels: Int32Array,
  confusedAs: Int16Array,
): ErrorRegion[] {
  const { width: w, height: h, settings: s, hierarchy: H, stats } = o;
  const K = o.numClasses;
  const skip: number[] = [];
  for (let v = 0; v < 256; v++) if (v >= K || H.background[v]) skip.push(v);
  const comps = labelComponents(prediction, w, h, { connectivity: s.connectivity, skipClasses: skip });
  const sum = summariseComponents(comps.labels, comps.count, comps.classId, reference, K, new Uint8Array(K));
  const explained = new Int32Array(comps.count + 1);
  for (let i = 0; i < prediction.length; i++) {
    const id = comps.labels[i]!;
    if (id !== 0 && confusedAs[referenceLabels[i]!] === prediction[i]) explained[id]!++;
  }
  const near = new Map<number, Uint8Array>();
  const out: ErrorRegion[] = [];
  for (let id = 1; id <= comps.count; id++) {
    const area = comps.area[id]!;
    const ignored = sum.noClass[id]!;
    const valid = area - ignored;
    if (area < s.minRegionPixels || ignored / area > s.ignoreShare || valid === 0) continue;
    const own = sum.own[id]!;
    const unexplained = valid - own - explained[id]!;
    if (own / valid >= s.hallucinationOverlap || unexplained <= explained[id]! || unexplained < s.minRegionPixels) continue;
    const c = comps.classId[id]!;
    const t = sum.dominant[id]!;
    const box = boxOf(comps, id);
    let category: ErrorCategory;
    if (own > 0 || (fragment > 0 && touches(comps.labels, id, box, w, distanceMap(near, reference, w, h, c, fragment), fragment))) category = 'hallucination_fragment';
    else if (t >= 0 && (lift(stats, t, c) >= s.contextLift || adjacencyShare(stats, c, t) >= s.contextAdjacencyShare)) category = 'hallucination_cooccurring';
    else category = 'hallucination_other';
    out.push({ side: 'prediction', category, classId: c, otherClassId: t >= 0 ? t : null, area, pixels: unexplained, index: id, box });
  }
  return out;
}

function distanceMap(cache: Map<number, Uint8Array>, reference: Uint8Array, w: number, h: number, c: number, fragment: number): Uint8Array {
  let map = cache.get(c);
  if (!map) {
    map = distanceToValue(reference, w, h, c, fragment + 1);
    cache.set(c, map);
  }
  return map;
}

function touches(labels: Int32Array, id: number, box: Rect, w: number, distance: Uint8Array, limit: number): boolean {
  for (let y = box.y; y < box.y + box.height; y++) {
    for (let i = y * w + box.x, end = i + box.width; i < end; i++) if (labels[i] === id && distance[i]! <= limit) return true;
  }
  return false;
}
