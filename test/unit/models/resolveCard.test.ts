import { describe, expect, it } from 'vitest';
import { ModelRefusedError } from '../../../electron/core/models/modelRefusal.js';
import { EMBEDDED_CARD_KEY, mergeCards, resolveCard } from '../../../electron/core/models/resolveCard.js';
import { ModelCard } from '../../../shared/models/modelCard.js';
import { colourCard } from '../../fixtures/models/tinyModels.js';

function problems(card: unknown, metadata: Record<string, string> = {}): string {
  try {
    resolveCard(card, metadata, 'card.json');
  } catch (error) {
    expect(error).toBeInstanceOf(ModelRefusedError);
    return (error as Error).message;
  }
  throw new Error('the card was accepted');
}

describe('card validation', () => {
  it('accepts a complete card and orders classes by id', () => {
    const card = colourCard();
    (card.classes as unknown[]).reverse();
    expect(resolveCard(card, {}, 'card.json').classes.map((c) => c.id)).toEqual([0, 1, 2]);
  });

  it('names every missing field with its path', () => {
    const card = colourCard({ name: undefined }, { tensorName: undefined, std: undefined });
    const message = problems(card);
    expect(message).toContain('the card (card.json) is not valid');
    expect(message).toContain('name: missing (expected string)');
    expect(message).toContain('input.tensorName: missing (expected string)');
    expect(message).toContain('input.std: missing (expected tuple)');
  });

  it('names wrong values with the schema reason', () => {
    expect(problems(colourCard({ cardVersion: 3 }))).toContain("cardVersion: Invalid discriminator value. Expected '2' | '1'");
    const message = problems(colourCard({ name: 'has space' }, { width: 0, layout: 'CHW', std: [1, 0, 1] }));
    expect(message).toContain('name: name must be a plain file-name stem');
    expect(message).toContain('input.width: Too small');
    expect(message).toContain('input.layout: Invalid option: expected one of "NCHW"|"NHWC"');
    expect(message).toContain('input.std: std must be positive');
  });

  it('checks rules across fields once the fields themselves are right', () => {
    expect(problems(colourCard({ ignoreIndex: 1 }))).toContain('ignoreIndex: ignoreIndex must not be a class id');
  });

  it('points at the class entry that is wrong', () => {
    const card = colourCard();
    (card.classes as Array<Record<string, unknown>>)[2]!.color = 'blue';
    expect(problems(card)).toContain('classes[2].color: colour must be #rrggbb');
  });

  it('refuses duplicate class names and ids that are not output channels 0..K−1', () => {
    const dup = colourCard();
    (dup.classes as Array<Record<string, unknown>>)[1]!.name = 'red';
    expect(problems(dup)).toContain('classes: duplicate class name red');
    const gap = colourCard();
    (gap.classes as Array<Record<string, unknown>>)[2]!.id = 7;
    expect(problems(gap)).toContain('classes: ids must be 0..2 (one per output channel); blue has id 7');
  });

  it('reads a card embedded in metadata_props and reports its bad JSON', () => {
    const embedded = resolveCard(undefined, { [EMBEDDED_CARD_KEY]: JSON.stringify(colourCard()) }, 'embedded');
    expect(embedded.name).toBe('colour');
    expect(problems(undefined, { [EMBEDDED_CARD_KEY]: '{not json' })).toMatch(/metadata_props\['faultline.card'\] of the ONNX file is not valid JSON/);
  });

  it('merges a partial card file over the embedded card, field by field inside input and output', () => {
    const merged = mergeCards(colourCard(), { version: '2', input: { resize: 'crop' }, output: { kind: 'probabilities' } }) as ReturnType<typeof colourCard>;
    expect(merged.version).toBe('2');
    expect(merged.input).toMatchObject({ resize: 'crop', width: 8, tensorName: 'image' });
    expect(merged.output).toEqual({ tensorName: 'logits', kind: 'probabilities' });
  });
});

describe('card versions', () => {
  it('reads a version-1 card (as projects store them) as version 2: channels-first output', () => {
    const card = ModelCard.parse(colourCard());
    expect(card.cardVersion).toBe(2);
    expect(card.output).toEqual({ tensorName: 'logits', kind: 'logits', layout: 'NCHW' });
    expect(ModelCard.parse(JSON.parse(JSON.stringify(card)))).toEqual(card);
  });
});
