import { describe, expect, it } from 'vitest';
import { ModelCard } from '../../../shared/models/modelCard.js';
import { CARD_FIELD_PATHS, refusalPieces } from '../../../shared/models/refusalFields.js';
import { validateCard } from '../../../electron/core/models/resolveCard.js';
import { outputMisfit } from '../../../electron/core/models/tensorFit.js';
import { colourCard } from '../../fixtures/models/tinyModels.js';

function refusalOf(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('refusalPieces: where a form shows each part of a refusal', () => {
  it('lists every input and output field of the card schema', () => {
    expect(CARD_FIELD_PATHS).toEqual(expect.arrayContaining(['name', 'classes', 'input.channelOrder', 'input.std', 'input.resize', 'output.kind', 'output.layout']));
  });

  it('puts each line of an invalid card next to the field it names', () => {
    const card = colourCard({ name: 'two words' }, { width: 0 }) as { classes: Array<{ color: string }> };
    card.classes[1]!.color = 'red';
    const pieces = refusalPieces(refusalOf(() => validateCard(card, 'card.json')));
    expect(pieces[0]).toMatchObject({ fields: [] });
    expect(pieces.slice(1).map((p) => p.fields)).toEqual(expect.arrayContaining([['name'], ['classes'], ['input.width']]));
  });

  it('splits a card refused at the contract by its card.… issues', () => {
    const message = 'Invalid input for models.preview: card.input.width: Too small: expected number to be >0; card.classes: duplicate class name road';
    expect(refusalPieces(message).map((p) => p.fields)).toEqual([['input.width'], ['classes']]);
  });

  it('names the field a graph refusal says to change, in order', () => {
    const card = ModelCard.parse({ ...colourCard(), cardVersion: 2, output: { tensorName: 'logits', kind: 'logits', layout: 'NCHW' } });
    const misfit = outputMisfit([1, 6, 8, 3], 'FLOAT', card, 'preview')!;
    const [piece] = refusalPieces(`The model was refused: ${misfit.detail}`);
    expect(piece!.fields).toEqual(['output.layout']);
    const classCount = outputMisfit([1, 5, 6, 8], 'FLOAT', card, 'declared')!;
    expect(refusalPieces(classCount.detail)[0]!.fields).toEqual(['classes']);
  });
});
