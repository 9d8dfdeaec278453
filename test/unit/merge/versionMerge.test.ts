import { describe, expect, it } from 'vitest';
import { remapCandidateReasons, remapRoundParams, remapSetParams } from '../../../shared/merge/remapIds.js';
import { laterWins, planVersionMerge } from '../../../shared/merge/versionMerge.js';

const v = (uid: string, version: number) => ({ uid, version });

describe('planVersionMerge', () => {
  it('appends the versions made only in the other copy after this copy’s last, without a conflict when only the other copy moved on', () => {
    expect(planVersionMerge([v('a', 1)], [v('a', 1), v('b', 2), v('c', 3)], 1)).toEqual({ append: [v('b', 2), v('c', 3)], conflict: false });
  });

  it('calls it a conflict when both copies made a version after the one they share', () => {
    expect(planVersionMerge([v('a', 1), v('x', 2)], [v('a', 1), v('y', 2)], 2)).toEqual({ append: [v('y', 3)], conflict: true });
  });

  it('calls it a conflict when two copies labelled an image neither had labelled', () => {
    expect(planVersionMerge([v('x', 1)], [v('y', 1)], 1)).toEqual({ append: [v('y', 2)], conflict: true });
  });

  it('numbers appended versions after drafts and versions alike (topHere), and changes nothing when this copy has them all', () => {
    expect(planVersionMerge([], [v('y', 1)], 0)).toEqual({ append: [v('y', 1)], conflict: false });
    expect(planVersionMerge([v('a', 1), v('b', 2)], [v('b', 1)], 2)).toEqual({ append: [], conflict: false });
  });

  it('sees the conflict the other copy flagged when it merged this copy’s head over a version this copy lacks', () => {
    // There: a, x (its own), y (this copy's, merged in on top). Here: a, y.
    expect(planVersionMerge([v('a', 1), v('y', 2)], [v('a', 1), v('x', 2), v('y', 3)], 2)).toEqual({ append: [v('x', 3)], conflict: true });
  });

  it('sees no conflict when the other copy built on a version that this copy got by an earlier merge', () => {
    // Here: a, x (own), y (merged from there earlier). There: a, y, then z after y.
    expect(planVersionMerge([v('a', 1), v('x', 2), v('y', 3)], [v('a', 1), v('y', 2), v('z', 3)], 3)).toEqual({ append: [v('z', 4)], conflict: false });
  });
});

describe('laterWins', () => {
  it('keeps the later record, and on a tie the larger identity, whichever side it is on', () => {
    expect(laterWins({ createdAt: '2026-01-02', uid: 'a' }, { createdAt: '2026-01-01', uid: 'b' })).toBe('here');
    expect(laterWins({ createdAt: '2026-01-01', uid: 'a' }, { createdAt: '2026-01-02', uid: 'b' })).toBe('there');
    expect(laterWins({ createdAt: '2026-01-01', uid: 'a' }, { createdAt: '2026-01-01', uid: 'b' })).toBe('there');
    expect(laterWins({ createdAt: '2026-01-01', uid: 'b' }, { createdAt: '2026-01-01', uid: 'a' })).toBe('here');
  });
});

describe('remapping ids inside candidate sets', () => {
  const images = new Map([[7, 70], [8, 80]]);
  const models = new Map([[1, 10], [2, 20]]);

  it('maps image and model ids of reasons, and drops images with no counterpart', () => {
    const raw = JSON.stringify({
      imageIds: [7, 9],
      reasons: [{ strategy: 'mad', targetModelId: 1, competitorModelId: 2, defenderModelId: 1, classId: 3, rank: 1, d: 0.5, imageId: 7 }],
    });
    expect(JSON.parse(remapCandidateReasons(raw, images, models))).toEqual({
      imageIds: [70],
      reasons: [{ strategy: 'mad', targetModelId: 10, competitorModelId: 20, defenderModelId: 10, classId: 3, rank: 1, d: 0.5, imageId: 70 }],
    });
  });

  it('maps a set’s models and forgets the slice run it checked', () => {
    expect(JSON.parse(remapSetParams(JSON.stringify({ targetId: 1, competitorIds: [2], n3: 3, sliceRunId: 4, sliceIndex: 0 }), models))).toEqual({
      targetId: 10,
      competitorIds: [20],
      n3: 3,
    });
  });

  it('maps a round’s rating set, or drops it when the set did not come along', () => {
    expect(JSON.parse(remapRoundParams(JSON.stringify({ ratingSetId: 5, x: 1 }), new Map([[5, 50]])))).toEqual({ ratingSetId: 50, x: 1 });
    expect(JSON.parse(remapRoundParams(JSON.stringify({ ratingSetId: 5 }), new Map()))).toEqual({});
    expect(remapRoundParams('{}', new Map())).toBe('{}');
  });
});
