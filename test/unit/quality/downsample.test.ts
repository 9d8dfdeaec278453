import { describe, expect, it } from 'vitest';
import { Downsampler, roundHalfEven } from '../../../shared/quality/downsample.js';
import { flaggedToMask } from '../../../shared/quality/flaggedPixels.js';
import { confidentThresholds, findLabelIssues, searchInMemory } from '../../../shared/quality/labelIssues.js';

describe('roundHalfEven', () => {
  it('rounds halves to the even neighbour like numpy, other values to the nearest', () => {
    expect([0.5, 1.5, 2.5, 3.5, 1.4, 1.6, 0].map(roundHalfEven)).toEqual([0, 2, 2, 4, 1, 2, 0]);
  });
});

describe('downsampling', () => {
  it('rejects a block size that does not divide the image with the reference’s message', () => {
    const labels = new Uint8Array(100);
    const probs = new Float32Array(200).fill(0.5);
    expect(() => findLabelIssues(labels, probs, { K: 2, H: 10, W: 10 }, { downsample: 4 })).toThrow(
      'Height 10 and width 10 not divisible by downsample value of 4. Set kwarg downsample to 1 to avoid downsampling.',
    );
    expect(() => findLabelIssues(labels, probs, { K: 2, H: 10, W: 10 }, { downsample: 0 })).toThrow('downsample must be a positive integer');
    expect(() => findLabelIssues(labels, probs, { K: 2, H: 10, W: 10 }, { downsample: 2.5 })).toThrow('downsample must be a positive integer');
  });

  it('turns a half-0, half-2 block into class 1 in compatible-mean mode and into class 0 by majority', () => {
    const block = new Uint8Array([0, 0, 2, 2]);
    const mean = new Downsampler(3, 2, 2, 2, 'compatible-mean', new Uint8Array(1)).downsampleLabels(block, 0, 255);
    const vote = new Downsampler(3, 2, 2, 2, 'majority', new Uint8Array(1)).downsampleLabels(block, 0, 255);
    expect(mean[0]).toBe(1);
    expect(vote[0]).toBe(0);
    const threeTwos = new Uint8Array([0, 2, 2, 2]);
    expect(new Downsampler(3, 2, 2, 2, 'compatible-mean', new Uint8Array(1)).downsampleLabels(threeTwos, 0, 255)[0]).toBe(2);
  });

  it('leaves ignored pixels out of a block’s label and skips a block with no labelled pixel', () => {
    const downsampler = new Downsampler(3, 2, 4, 2, 'majority', new Uint8Array(2));
    const labels = new Uint8Array([255, 1, 255, 255, 255, 255, 255, 255]);
    expect(Array.from(downsampler.downsampleLabels(labels, 0, 255))).toEqual([1, 255]);
  });

  it('averages each block and renormalises every cell to sum to 1', () => {
    const downsampler = new Downsampler(2, 2, 2, 2, 'majority', new Uint8Array(1));
    const probs = downsampler.downsampleProbs(new Float32Array([0.2, 0.4, 0.6, 0.8, 0.2, 0.2, 0.2, 0.2]), 0);
    expect(probs[0]).toBeCloseTo(0.5 / 0.7, 6);
    expect(probs[1]).toBeCloseTo(0.2 / 0.7, 6);
  });

  it('changes the thresholds with the label mode, so the modes are really different searches', () => {
    // One image of 2×2: labels half 0, half 2; the model says class 1 everywhere.
    const labels = new Uint8Array([0, 0, 2, 2]);
    const probs = new Float32Array([...[0.1, 0.1, 0.1, 0.1], ...[0.8, 0.8, 0.8, 0.8], ...[0.1, 0.1, 0.1, 0.1]]);
    const shape = { K: 3, H: 2, W: 2 };
    const mean = confidentThresholds(labels, probs, shape, { downsample: 2, labelMode: 'compatible-mean' });
    const vote = confidentThresholds(labels, probs, shape, { downsample: 2, labelMode: 'majority' });
    expect(mean[1]).toBeCloseTo(0.8, 6);
    expect(mean[0]).toBe(2e-6);
    expect(vote[0]).toBeCloseTo(0.1, 6);
    expect(vote[1]).toBe(2e-6);
  });

  it('flags the full-resolution pixels of a taken block whose own prediction differs from their label', () => {
    // 2×4 image, D = 2: the right block is labelled 0 but predicted 1 except its top-left pixel; t1 = 0.6.
    const labels = new Uint8Array([1, 1, 0, 0, 1, 1, 0, 0]);
    const c1 = [0.6, 0.6, 0.4, 0.9, 0.6, 0.6, 0.9, 0.9];
    const probs = new Float32Array([...c1.map((p) => 1 - p), ...c1]);
    const result = searchInMemory(labels, probs, { K: 2, H: 2, W: 4 }, { downsample: 2, softminTemperature: null });
    expect(result.numIssuesEstimate).toBe(1);
    expect(Array.from(flaggedToMask(result.flagged!, 1, 8))).toEqual([0, 0, 0, 1, 0, 0, 1, 1]);
  });
});
