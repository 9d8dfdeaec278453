import { describe, expect, it } from 'vitest';
import { DEMO_CLASSES } from '../../../models/demo/classes.js';
import { attentionColour, deltaE, parseHexColour, toLab } from '../../../shared/labels/attentionColour.js';

/** The Cityscapes palette: 19 training classes. */
const CITYSCAPES = ['#804080', '#f423e8', '#464646', '#66669c', '#be9999', '#999999', '#faaa1e', '#dcdc00', '#6b8e23', '#98fb98', '#4682b4', '#dc143c', '#ff0000', '#00008e', '#000046', '#003c64', '#005064', '#0000e6', '#770b20'];

const nearest = (hex: string, palette: readonly string[]) => Math.min(...palette.map((c) => deltaE(parseHexColour(hex), parseHexColour(c))));

describe('attentionColour', () => {
  it('converts sRGB to CIELAB as the standard does (white, black, pure red)', () => {
    expect(toLab([255, 255, 255]).map((v) => Math.round(v) + 0)).toEqual([100, 0, 0]);
    expect(toLab([0, 0, 0]).map((v) => Math.round(v) + 0)).toEqual([0, 0, 0]);
    expect(toLab([255, 0, 0]).map((v) => Math.round(v) + 0)).toEqual([53, 80, 67]);
  });

  it('shows why magenta failed: the demo sidewalk is barely a dozen ΔE away from it', () => {
    expect(deltaE([255, 0, 255], [244, 35, 232])).toBeLessThan(15);
  });

  it('picks for the demo palette a colour far from every class colour, and farther than magenta', () => {
    const palette = DEMO_CLASSES.map((c) => c.color);
    const chosen = attentionColour(palette);
    expect(chosen.nearestDeltaE).toBeCloseTo(nearest(chosen.hex, palette), 9);
    expect(chosen.nearestDeltaE).toBeGreaterThan(50);
    expect(chosen.nearestDeltaE).toBeGreaterThan(nearest('#ff00ff', palette));
  });

  it('keeps well clear of every Cityscapes class colour', () => {
    expect(attentionColour(CITYSCAPES).nearestDeltaE).toBeGreaterThan(40);
  });

  it('moves away when a class takes its colour', () => {
    const first = attentionColour(['#000000']);
    const second = attentionColour(['#000000', first.hex]);
    expect(second.hex).not.toBe(first.hex);
    expect(nearest(second.hex, ['#000000', first.hex])).toBe(second.nearestDeltaE);
  });

  it('writes numbers in black on the light colour it picks for Cityscapes', () => {
    expect(attentionColour(CITYSCAPES)).toMatchObject({ hex: '#00ff00', text: '#000000' });
  });
});
