import { describe, expect, it } from 'vitest';
import { versionRegressions } from '../../../shared/evaluation/versionRegressions.js';

describe('versionRegressions', () => {
  const models = [
    { id: 1, parentId: null },
    { id: 2, parentId: 1 },
    { id: 3, parentId: 2 },
    { id: 4, parentId: 1 },
  ];

  it('flags a version that scores lower on T0 than the version it was fine-tuned from', () => {
    const t0 = new Map([
      [1, 0.542],
      [2, 0.493],
      [3, 0.51],
      [4, 0.542],
    ]);
    expect(versionRegressions(models, t0)).toEqual([{ modelId: 2, parentId: 1, miou: 0.493, parentMiou: 0.542 }]);
  });

  it('does not judge a version or a parent without a T0 score', () => {
    expect(versionRegressions(models, new Map([[2, 0.1]]))).toEqual([]);
    expect(versionRegressions(models, new Map([[1, 0.9]]))).toEqual([]);
  });
});
