import type { FreshCheck, SliceReport } from '../../../shared/contract/methods/sliceMethods.js';
import { scoreImages } from '../../../shared/rating/meanOpinionScore.js';
import type { Interval } from '../../../shared/slices/proportionIntervals.js';
import { confirmSlices, testSlice, type RateCount, type SliceTest } from '../../../shared/slices/sliceTest.js';
import type { Db } from '../store/openProjectDb.js';
import { imageFileReader } from '../store/images.js';
import { setRatings } from '../store/ratings.js';
import { demoGeneratorFits } from './demoGenerator.js';
import { findRunId, freshRows, loadStoredReport, type FreshRow } from '../store/sliceRuns.js';

/** A fresh image counts as failed when its mean opinion score is below this: raters called the prediction poor or bad. */
export const RATED_FAILURE_BELOW = 2.5;

/** JSON has no infinity or NaN: such an interval end becomes null. */
export function intervalView(i: Interval): { estimate: number | null; lower: number | null; upper: number | null } {
  const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);
  return { estimate: finite(i.estimate), lower: finite(i.lower), upper: finite(i.upper) };
}

export function testView<T extends SliceTest>(t: T) {
  return {
    ...t,
    inside: { ...t.inside, rate: intervalView(t.inside.rate) },
    outside: { ...t.outside, rate: intervalView(t.outside.rate) },
    difference: intervalView(t.difference),
    ratio: intervalView(t.ratio),
  };
}

interface Measured {
  row: FreshRow;
  test: SliceTest | null;
  rated: number | null;
  total: number;
  generator: string | null;
  plan: string | null;
  requested: number;
  query: string | null;
}

function ratedCounts(db: Db, setId: number | null, ids: readonly number[]): { counts: RateCount; rated: number } {
  if (setId === null) return { counts: { images: 0, failures: 0 }, rated: 0 };
  const mos = new Map(scoreImages(setRatings(db, setId)).map((o) => [o.imageId, o.mos]));
  let images = 0;
  let failures = 0;
  for (const id of ids) {
    const m = mos.get(id);
    // Unscored images and out-of-domain votes (+∞) take no part.
    if (m === null || m === undefined || !Number.isFinite(m)) continue;
    images++;
    if (m < RATED_FAILURE_BELOW) failures++;
  }
  return { counts: { images, failures }, rated: images };
}

function measure(db: Db, row: FreshRow): Measured {
  if (row.source === 'retrieval') {
    const r = row.result;
    const inside = ratedCounts(db, row.setId, r.inside);
    const outside = ratedCounts(db, row.setId, r.outside);
    const test = inside.counts.images > 0 && outside.counts.images > 0 ? testSlice(inside.counts, outside.counts) : null;
    return { row, test, rated: inside.rated + outside.rated, total: r.inside.length + r.outside.length, generator: null, plan: null, requested: r.requested, query: r.query };
  }
  const g = row.result;
  const test = g.inside.images > 0 && g.outside.images > 0 ? testSlice(g.inside, g.outside) : null;
  return {
    row,
    test,
    rated: null,
    total: g.inside.images + g.outside.images,
    generator: g.generator,
    plan: `${g.plan}; failure: image mIoU below ${g.threshold === null ? '—' : g.threshold.toFixed(3)} (${g.thresholdRule})`,
    requested: g.requested,
    query: null,
  };
}

function summary(m: Measured, confirmed: boolean | null, q: number | null): string {
  if (!m.test) {
    return m.row.source === 'retrieval'
      ? `${m.query ? `Images matching “${m.query}”: waiting` : 'Waiting'} for ratings: ${m.rated ?? 0} of ${m.total} fresh images have a score.`
      : 'No generated image could be scored.';
  }
  const { inside, outside, ratio } = m.test;
  const what = m.row.source === 'retrieval' ? `${m.query ? `Images matching “${m.query}”: rated` : 'Rated'} ${m.rated} of ${m.total}: ` : `${m.plan}: `;
  const ratioText = Number.isFinite(ratio.estimate) ? ratio.estimate.toFixed(2) : '∞';
  return `${what}${inside.failures}/${inside.images} failed in the slice vs ${outside.failures}/${outside.images} outside (ratio ${ratioText}, q = ${q!.toPrecision(2)}): ${confirmed ? 'confirmed' : 'not confirmed'}.`;
}

/**
 * A stored run as people read it, with its fresh checks measured now (ratings keep coming in):
 * each check runs the held-out test on its fresh images, BH across the run's fresh checks.
 */
export function readSliceReport(db: Db, input: { modelId?: number | undefined; runId?: number | undefined }): SliceReport | null {
  const runId = findRunId(db, input);
  if (runId === null) return null;
  const { report, createdAt } = loadStoredReport(db, runId);
  const measured = freshRows(db, runId).map((row) => measure(db, row));
  const tested = measured.filter((m) => m.test !== null);
  const confirmed = confirmSlices(
    tested.map((m) => m.test!),
    { fdr: report.params.fdr, minHeldOut: report.params.minHeldOut, minRatio: report.params.minRatio },
  );
  const verdict = new Map(tested.map((m, i) => [m.row.id, confirmed[i]!]));
  const fileOf = imageFileReader(db);
  const checks = measured.map((m): FreshCheck & { sliceIndex: number } => {
    const v = verdict.get(m.row.id) ?? null;
    return {
      sliceIndex: m.row.sliceIndex,
      id: m.row.id,
      source: m.row.source,
      createdAt: m.row.createdAt,
      setId: m.row.setId,
      generator: m.generator,
      plan: m.plan,
      requested: m.requested,
      query: m.query,
      rated: m.rated,
      total: m.total,
      test: v ? testView(v) : null,
      summary: summary(m, v?.confirmed ?? null, v?.qValue ?? null),
    };
  });
  return {
    ...report,
    runId,
    createdAt,
    slices: report.slices.map((s) => ({
      ...s,
      examples: s.examples.map((e) => ({ ...e, sourcePath: fileOf(e.imageId)?.sourcePath ?? null })),
      fresh: checks.filter((c) => c.sliceIndex === s.index).map(({ sliceIndex: _s, ...c }) => c),
    })),
    generatorAvailable: demoGeneratorFits(db),
  };
}
