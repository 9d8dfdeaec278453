import { describe, expect, it } from 'vitest';
import { ModelCard } from '../../../shared/models/modelCard.js';

const valid = {
  cardVersion: 1,
  name: 'road-net',
  version: '2.1',
  classes: [
    { id: 0, name: 'background', color: '#000000', superclass: null },
    { id: 1, name: 'road', color: '#804080', superclass: 'flat' },
  ],
  input: {
    tensorName: 'input',
    width: 64,
    height: 32,
    resize: 'letterbox',
    channelOrder: 'BGR',
    layout: 'NCHW',
    dataType: 'float32',
    scale: 1 / 255,
    mean: [0.5, 0.5, 0.5],
    std: [0.25, 0.25, 0.25],
  },
  output: { tensorName: 'out', kind: 'probabilities' },
  ignoreIndex: 255,
};

describe('ModelCard', () => {
  it('accepts a general card without a head and fills the defaults', () => {
    const card = ModelCard.parse(valid);
    expect(card.input.padColour).toEqual([0, 0, 0]);
    expect(card.description).toBe('');
    expect(card.head).toBeUndefined();
  });

  it('rejects duplicate class ids or names and an ignore index that is a class id', () => {
    const dupId = { ...valid, classes: [...valid.classes, { id: 1, name: 'lane', color: '#ffffff', superclass: null }] };
    const dupName = { ...valid, classes: [...valid.classes, { id: 2, name: 'road', color: '#ffffff', superclass: null }] };
    expect(ModelCard.safeParse(dupId).error?.issues[0]?.message).toMatch(/duplicate class id 1/);
    expect(ModelCard.safeParse(dupName).error?.issues[0]?.message).toMatch(/duplicate class name road/);
    expect(ModelCard.safeParse({ ...valid, ignoreIndex: 1 }).error?.issues[0]?.message).toMatch(/ignoreIndex/);
  });

  it('rejects a malformed colour, a zero std, an unknown resize policy and a name unfit for a file', () => {
    const colour = { ...valid, classes: [{ ...valid.classes[0], color: 'red' }, valid.classes[1]] };
    expect(ModelCard.safeParse(colour).success).toBe(false);
    expect(ModelCard.safeParse({ ...valid, input: { ...valid.input, std: [1, 0, 1] } }).success).toBe(false);
    expect(ModelCard.safeParse({ ...valid, input: { ...valid.input, resize: 'fit' } }).success).toBe(false);
    expect(ModelCard.safeParse({ ...valid, name: '../evil' }).success).toBe(false);
  });
});
