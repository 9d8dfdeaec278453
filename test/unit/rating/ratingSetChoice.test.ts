import { describe, expect, it } from 'vitest';
import type { RatingSetInfo } from '../../../shared/contract/methods/ratingMethods.js';
import { pickRatingSet, ratingSetOption } from '../../../renderer/src/views/rating/ratingSetChoice.js';

const set = (setId: number, kind: RatingSetInfo['kind'], label: string): RatingSetInfo => ({
  setId,
  roundId: 1,
  roundIdx: 1,
  kind,
  label,
  strategy: kind === 'round' ? 'mad' : 'slice',
  size: 12,
  ratedByRater: 3,
  ratedByAny: 5,
  createdAt: '2025-01-01T00:00:00.000Z',
  slice: kind === 'slice' ? { runId: 2, sliceIndex: 0 } : null,
});

describe('choosing the set to rate', () => {
  const slice = set(7, 'slice', 'Slice check: run 2, slice 1');
  const round = set(3, 'round', 'Round 1 — MAD candidates');

  it('keeps the set asked for while it is open for rating', () => {
    expect(pickRatingSet([round, slice], 7)).toBe(slice);
  });

  it('falls back to the round’s rating set for no choice or a set that is gone', () => {
    expect(pickRatingSet([slice, round], null)).toBe(round);
    expect(pickRatingSet([slice, round], 99)).toBe(round);
  });

  it('falls back to the newest slice check when no set was sent to rating, and to nothing when nothing is open', () => {
    expect(pickRatingSet([slice, set(5, 'slice', 'older')], null)).toBe(slice);
    expect(pickRatingSet([], 3)).toBeNull();
  });

  it('says in the picker what the set is and how far its rating has come', () => {
    expect(ratingSetOption(round)).toBe('Round 1 — MAD candidates · 12 images · 3 rated by you · 5 by anyone');
    expect(ratingSetOption({ ...slice, ratedByRater: null })).toBe('Slice check: run 2, slice 1 · 12 images · 5 by anyone');
  });
});
