import { describe, expect, it } from 'vitest';
import { nextVersion } from '../../../electron/core/finetune/nextVersion.js';

describe('nextVersion', () => {
  it('adds +ft1 to a plain version', () => {
    expect(nextVersion('1.0.0', new Set())).toBe('1.0.0+ft1');
  });

  it('counts up the fine-tune suffix of a fine-tuned version', () => {
    expect(nextVersion('1.0.0+ft1', new Set(['1.0.0', '1.0.0+ft1']))).toBe('1.0.0+ft2');
    expect(nextVersion('round-3+ft9', new Set())).toBe('round-3+ft10');
  });

  it('skips versions already registered (a sibling fine-tuned from the same parent)', () => {
    expect(nextVersion('1.0.0', new Set(['1.0.0+ft1', '1.0.0+ft2']))).toBe('1.0.0+ft3');
  });
});
