import type { z } from 'zod';
import { ModelCard } from '../../../shared/models/modelCard.js';
import { refuse } from './modelRefusal.js';

/** metadata_props key under which an ONNX file may carry its own card (JSON, whole or partial). */
export const EMBEDDED_CARD_KEY = 'faultline.card';

function fieldPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(the card itself)';
  return path.reduce<string>((s, key) => (typeof key === 'number' ? `${s}[${key}]` : s ? `${s}.${String(key)}` : String(key)), '');
}

/** One line per problem, each naming the card field: "classes[1].color: colour must be #rrggbb". */
export function formatCardIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const missing = issue.code === 'invalid_type' && /received undefined$/.test(issue.message);
    const message = missing ? `missing (expected ${(issue as { expected?: string }).expected ?? 'a value'})` : issue.message;
    return `${fieldPath(issue.path)}: ${message}`;
  });
}

export function parseCardJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    refuse('card_invalid', `${source} is not valid JSON (${(error as Error).message}).`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The card file's fields override the embedded card's; `input` and `output` are merged field by
 * field, so a card file may change only, say, `input.resize`.
 */
export function mergeCards(embedded: unknown, file: unknown): unknown {
  if (!isRecord(embedded)) return file;
  if (!isRecord(file)) return embedded;
  const merged: Record<string, unknown> = { ...embedded, ...file };
  for (const key of ['input', 'output']) {
    if (isRecord(embedded[key]) && isRecord(file[key])) merged[key] = { ...embedded[key], ...file[key] };
  }
  return merged;
}

/**
 * The card of a model being imported: the card file, over the card embedded in the ONNX
 * metadata_props, validated (see validateCard).
 */
export function resolveCard(fileCard: unknown, metadataProps: Record<string, string>, source: string): ModelCard {
  const embeddedText = metadataProps[EMBEDDED_CARD_KEY];
  const embedded = embeddedText === undefined ? undefined : parseCardJson(embeddedText, `metadata_props['${EMBEDDED_CARD_KEY}'] of the ONNX file`);
  if (fileCard === undefined && embedded === undefined) {
    refuse('card_missing', `no model card: pass one (--card CARD.json) or embed it in the ONNX file's metadata_props under '${EMBEDDED_CARD_KEY}'.`);
  }
  return validateCard(mergeCards(embedded, fileCard), source);
}

/**
 * A card validated with the shared schema, classes sorted by id. Class ids must be 0..K−1
 * because a class id is its output channel.
 */
export function validateCard(raw: unknown, source: string): ModelCard {
  const parsed = ModelCard.safeParse(raw);
  if (!parsed.success) refuse('card_invalid', `the card (${source}) is not valid:\n  ${formatCardIssues(parsed.error).join('\n  ')}`);
  const card = parsed.data;
  const k = card.classes.length;
  const outOfRange = card.classes.filter((c) => c.id >= k);
  if (outOfRange.length > 0) {
    refuse('card_invalid', `the card (${source}) is not valid:\n  classes: ids must be 0..${k - 1} (one per output channel); ${outOfRange.map((c) => `${c.name} has id ${c.id}`).join(', ')}`);
  }
  return { ...card, classes: [...card.classes].sort((a, b) => a.id - b.id) };
}
