import { ModelCardEmbedding, ModelCardInput, ModelCardOutput } from './modelCard.js';

/** Card fields a form can show a problem next to: the top-level ones and every input, output and embedding field of the schema. */
export const CARD_FIELD_PATHS: readonly string[] = [
  'name',
  'version',
  'classes',
  'ignoreIndex',
  ...Object.keys(ModelCardInput.shape).map((k) => `input.${k}`),
  ...Object.keys(ModelCardOutput.shape).map((k) => `output.${k}`),
  ...Object.keys(ModelCardEmbedding.shape).map((k) => `embedding.${k}`),
];

const NESTED = new RegExp(
  `\\b(?:card\\.)?((?:input|output|embedding)\\.(?:${[...Object.keys(ModelCardInput.shape), ...Object.keys(ModelCardOutput.shape), ...Object.keys(ModelCardEmbedding.shape)].join('|')}))\\b`,
  'g',
);
/** A schema issue's path at the start of a piece: "name: …", "card.classes[1].color: …". */
const TOP_LEVEL = /^(?:card\.)?(name|version|classes|ignoreIndex)\b[^:\s]*:/;
/** The class-count and one-channel fixes name the classes in words. */
const CLASS_WORDS = /\b(?:list (?:at least )?\w+ classes|the card lists \d+ classes|classes: ids)\b/;

/** One part of a refusal and the card fields it names (first the one it is about). */
export interface RefusalPiece {
  text: string;
  fields: string[];
}

/**
 * A refusal of `models.add` or `models.preview` cut into the parts a form can put next to
 * fields: a card that fails validation lists one problem per line (or, refused at the contract,
 * per "; card.…"), each naming its field; a graph or dry-run refusal is one sentence naming the
 * fields to change ("set output.kind to 'sigmoid'"). A piece naming no field belongs to the form as a whole.
 */
export function refusalPieces(message: string): RefusalPiece[] {
  const body = message.replace(/^Invalid input for [\w.]+: /, '');
  return body
    .split(/\n|;\s(?=card\.)/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((text) => {
      const fields: string[] = [];
      const top = TOP_LEVEL.exec(text);
      if (top) fields.push(top[1]!);
      for (const m of text.matchAll(NESTED)) fields.push(m[1]!);
      if (CLASS_WORDS.test(text)) fields.push('classes');
      return { text, fields: [...new Set(fields)] };
    });
}
