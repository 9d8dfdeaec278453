import { describe, expect, it } from 'vitest';
import { metaChoice } from '../../../electron/core/assist/assistAdapters.js';

describe("SAM's choice among a full export's four candidates", () => {
  const scores = Float32Array.of(0.99, 0.4, 0.8, 0.6);

  it('one click and its padding point: the best of the ambiguity masks 1–3, never mask 0', () => {
    expect(metaChoice(2)(scores)).toBe(2);
  });

  it('a second click (three points fed) or a click with a box: mask 0', () => {
    expect(metaChoice(3)(Float32Array.of(0.1, 0.9, 0.9, 0.9))).toBe(0);
    expect(metaChoice(4)(scores)).toBe(0);
  });

  it('other candidate counts, or no point count, take the best score', () => {
    expect(metaChoice(2)(Float32Array.of(0.2, 0.7, 0.5))).toBe(1);
    expect(metaChoice(undefined)(scores)).toBe(0);
  });
});
