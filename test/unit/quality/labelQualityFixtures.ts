import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

/**
 * The golden cases computed with the reference implementation: a copy of the team's
 * ../shared/fixtures/label-quality kept in test/fixtures, so CI runs them without that folder
 * (fixtureCopy.test.ts checks the copy against the original wherever both exist).
 */
export const FIXTURE_ROOT = path.resolve(import.meta.dirname, '../../fixtures/label-quality');
export const SHARED_FIXTURE_ROOT = path.resolve(import.meta.dirname, '../../../../shared/fixtures/label-quality');
export const FIXTURE_CASES = ['tiny-nonsquare', 'mid', 'hard'] as const;

export interface FixtureExpected {
  readonly 'image_scores_softmin_t0.1': number[];
  readonly 'image_scores_softmin_t1.0': number[];
  readonly 'image_scores_softmin_t0.05': number[];
  readonly image_scores_num_pixel_issues: number[];
  readonly confident_thresholds: number[];
  readonly num_issues_estimate: number;
  readonly issues_flagged_pixels: number;
  readonly issues_per_image: number[];
  readonly common_label_issues: [number, number, number][];
  readonly filter_by_class_1_pixels: number;
  readonly tie_at_cutoff: boolean;
}

export interface Fixture {
  readonly name: string;
  readonly N: number;
  readonly K: number;
  readonly H: number;
  readonly W: number;
  readonly labels: Uint8Array;
  readonly probs: Float32Array;
  readonly issues: Uint8Array;
  readonly expected: FixtureExpected;
}

export function loadFixture(name: string): Fixture {
  const dir = path.join(FIXTURE_ROOT, name);
  const meta = JSON.parse(readFileSync(path.join(dir, 'case.json'), 'utf8')) as { N: number; K: number; H: number; W: number; expected: FixtureExpected };
  const raw = (file: string): Buffer => gunzipSync(readFileSync(path.join(dir, file)));
  const probBytes = raw('pred_probs.f32.gz');
  const probs = new Float32Array(probBytes.length / 4);
  new Uint8Array(probs.buffer).set(probBytes);
  return {
    name,
    N: meta.N,
    K: meta.K,
    H: meta.H,
    W: meta.W,
    labels: new Uint8Array(raw('labels.u8.gz')),
    probs,
    issues: new Uint8Array(raw('issues.u8.gz')),
    expected: meta.expected,
  };
}
