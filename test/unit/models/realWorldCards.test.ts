import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ModelCard } from '../../../shared/models/modelCard.js';

const FOLDER = fileURLToPath(new URL('../../fixtures/real-world-cards/', import.meta.url));

/** The cards the README gives for real third-party models (fetched by scripts/fetch-real-world.sh) stay valid as the card format moves on. */
describe('cards of the real models the README names', () => {
  it.each(readdirSync(FOLDER).filter((f) => f.endsWith('.card.json')))('%s is a valid card for a foreground/background sigmoid model', (file) => {
    const card = ModelCard.parse(JSON.parse(readFileSync(`${FOLDER}${file}`, 'utf8')));
    expect(card.output.kind).toBe('sigmoid');
    expect(card.classes.map((c) => c.name)).toEqual(['background', 'foreground']);
    expect(card.input.scale * 128).toBeCloseTo(card.input.mean[0], 9);
  });
});
