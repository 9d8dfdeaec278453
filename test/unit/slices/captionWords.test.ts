import { describe, expect, it } from 'vitest';
import { captionSummary, captionTokens, distinctiveCaptionWords } from '../../../shared/slices/captionWords.js';
import { isReservedForFresh } from '../../../shared/slices/freshReserve.js';

describe('caption words', () => {
  it('tokenises to lower-case content words, once per caption', () => {
    expect([...captionTokens("A picture of a car's headlights at NIGHT, night-time and night")]).toEqual(['car', 'headlights', 'night', 'night-time']);
  });

  it('keeps words most slice captions use and few others do (hand-counted)', () => {
    const inside = ['a dark street at night', 'a car at night', 'night road with fog', 'a street'];
    const outside = ['a sunny street', 'a car on a road', 'a street with trees', 'a bright road at noon', 'a tree'];
    // night: 3/4 inside, 0/5 outside → lift 0.75 / (1/6) = 4.5. street: 2/4 vs 2/5 → 0.5 / 0.5 = 1. car: 1/4 < 0.4.
    expect(distinctiveCaptionWords(inside, outside)).toEqual([{ word: 'night', inside: 3, insideTotal: 4, outside: 0, outsideTotal: 5 }]);
    expect(captionSummary(distinctiveCaptionWords(inside, outside))).toBe('captions mention night (3 of 4; 0 of 5 elsewhere)');
  });

  it('finds nothing when the slice speaks like everyone else', () => {
    const same = ['a street with cars', 'a street with a car', 'cars on a street'];
    expect(distinctiveCaptionWords(same, same)).toEqual([]);
    expect(captionSummary([])).toBeNull();
  });
});

describe('fresh reserve', () => {
  it('reserves about the asked share, stably per id and seed, and none at zero', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => i + 1);
    const share = ids.filter((id) => isReservedForFresh(id, 0.1, 1)).length / ids.length;
    expect(share).toBeGreaterThan(0.09);
    expect(share).toBeLessThan(0.11);
    expect(ids.every((id) => isReservedForFresh(id, 0.1, 1) === isReservedForFresh(id, 0.1, 1))).toBe(true);
    expect(ids.filter((id) => isReservedForFresh(id, 0.1, 1) !== isReservedForFresh(id, 0.1, 2)).length).toBeGreaterThan(1000);
    expect(ids.some((id) => isReservedForFresh(id, 0, 1))).toBe(false);
  });
});
