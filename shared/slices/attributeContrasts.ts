/**
 * Interpretable descriptions of a group of images (a slice, or all failures): how its attributes
 * differ from the rest. Every attribute is something a person can check by looking: brightness,
 * contrast, colourfulness, which classes are present and how large they are, image size, folder,
 * time of day. Differences are put on one scale so they can be ranked together:
 * numbers by the standardised mean difference (Cohen's d, pooled standard deviation), shares by
 * Cohen's h = 2·asin√p₁ − 2·asin√p₂ (both: 0.2 small, 0.5 medium, 0.8 large).
 */

export interface NumericAttribute {
  key: string;
  label: string;
  /** NaN where unknown (e.g. no EXIF time). */
  values: ArrayLike<number>;
  /** Words for a group whose mean is lower / higher than the rest's. */
  lower: string;
  higher: string;
  /** How to print a value. */
  format: 'fraction' | 'percent' | 'pixels' | 'hour';
}

export interface CategoricalAttribute {
  key: string;
  label: string;
  /** null where unknown. */
  values: ReadonlyArray<string | null>;
}

export interface AttributeTable {
  numeric: NumericAttribute[];
  categorical: CategoricalAttribute[];
}

export type Contrast =
  | { kind: 'numeric'; key: string; label: string; inside: number; outside: number; effect: number; phrase: string }
  | { kind: 'share'; key: string; label: string; value: string; inside: number; outside: number; effect: number; phrase: string };

export interface ContrastOptions {
  /** Contrasts smaller than this (in |d| or |h|) are left out. */
  minEffect?: number;
  limit?: number;
  /** A category value must cover at least this many images of the group to be named. */
  minCount?: number;
}

export function formatValue(value: number, format: NumericAttribute['format']): string {
  switch (format) {
    case 'percent':
      return `${(value * 100).toFixed(1)} %`;
    case 'pixels':
      return `${Math.round(value)} px`;
    case 'hour':
      return `${Math.floor(value)}:${String(Math.round((value % 1) * 60)).padStart(2, '0')}`;
    default:
      return value.toFixed(2);
  }
}

const percent = (p: number): string => `${Math.round(p * 100)} %`;

/** Groups that do not overlap at all (zero spread) would give an infinite d; they count as this. */
export const MAX_EFFECT = 10;

function numericContrast(attribute: NumericAttribute, inGroup: ArrayLike<number>): Contrast | null {
  let n1 = 0;
  let n0 = 0;
  let s1 = 0;
  let s0 = 0;
  for (let i = 0; i < attribute.values.length; i++) {
    const v = attribute.values[i]!;
    if (!Number.isFinite(v)) continue;
    if (inGroup[i]) {
      n1++;
      s1 += v;
    } else {
      n0++;
      s0 += v;
    }
  }
  if (n1 < 2 || n0 < 2) return null;
  const m1 = s1 / n1;
  const m0 = s0 / n0;
  let q1 = 0;
  let q0 = 0;
  for (let i = 0; i < attribute.values.length; i++) {
    const v = attribute.values[i]!;
    if (!Number.isFinite(v)) continue;
    if (inGroup[i]) q1 += (v - m1) ** 2;
    else q0 += (v - m0) ** 2;
  }
  const pooled = Math.sqrt((q1 + q0) / (n1 + n0 - 2));
  const raw = pooled > 0 ? (m1 - m0) / pooled : m1 === m0 ? 0 : Math.sign(m1 - m0) * MAX_EFFECT;
  const effect = Math.max(-MAX_EFFECT, Math.min(MAX_EFFECT, raw));
  const word = m1 < m0 ? attribute.lower : attribute.higher;
  return {
    kind: 'numeric',
    key: attribute.key,
    label: attribute.label,
    inside: m1,
    outside: m0,
    effect,
    phrase: `${word} (${attribute.label} ${formatValue(m1, attribute.format)} vs ${formatValue(m0, attribute.format)})`,
  };
}

function shareContrasts(attribute: CategoricalAttribute, inGroup: ArrayLike<number>, minCount: number): Contrast[] {
  const inside = new Map<string, number>();
  const outside = new Map<string, number>();
  let n1 = 0;
  let n0 = 0;
  attribute.values.forEach((value, i) => {
    if (value === null) return;
    const counts = inGroup[i] ? inside : outside;
    counts.set(value, (counts.get(value) ?? 0) + 1);
    if (inGroup[i]) n1++;
    else n0++;
  });
  if (n1 === 0 || n0 === 0) return [];
  const values = new Set([...inside.keys(), ...outside.keys()]);
  if (values.size < 2) return [];
  const out: Contrast[] = [];
  for (const value of values) {
    const c1 = inside.get(value) ?? 0;
    const p1 = c1 / n1;
    const p0 = (outside.get(value) ?? 0) / n0;
    if (c1 < minCount && p1 >= p0) continue;
    // With two values, one share is the complement of the other: name only the over-represented one.
    if (values.size === 2 && p1 < p0) continue;
    const effect = 2 * Math.asin(Math.sqrt(p1)) - 2 * Math.asin(Math.sqrt(p0));
    out.push({
      kind: 'share',
      key: attribute.key,
      label: attribute.label,
      value,
      inside: p1,
      outside: p0,
      effect,
      phrase: `${attribute.label} ${value} (${percent(p1)} vs ${percent(p0)})`,
    });
  }
  return out;
}

/** The attributes on which the group (inGroup[i] = 1) differs most from the rest, largest difference first. */
export function attributeContrasts(table: AttributeTable, inGroup: ArrayLike<number>, options: ContrastOptions = {}): Contrast[] {
  const minEffect = options.minEffect ?? 0.2;
  const all: Contrast[] = [];
  for (const attribute of table.numeric) {
    const c = numericContrast(attribute, inGroup);
    if (c) all.push(c);
  }
  for (const attribute of table.categorical) all.push(...shareContrasts(attribute, inGroup, options.minCount ?? 3));
  return all
    .filter((c) => Math.abs(c.effect) >= minEffect)
    .sort((a, b) => Math.abs(b.effect) - Math.abs(a.effect) || a.key.localeCompare(b.key))
    .slice(0, options.limit ?? 8);
}

/** A one-line description from the strongest contrasts (medium effects and up), or a plain admission that none stand out. */
export function describeContrasts(contrasts: readonly Contrast[], options: { minEffect?: number; terms?: number } = {}): string {
  const strong = contrasts.filter((c) => Math.abs(c.effect) >= (options.minEffect ?? 0.5)).slice(0, options.terms ?? 3);
  if (strong.length === 0) return 'No attribute stands out: these images look like the rest by brightness, contrast, colour, classes, size and folder.';
  return strong.map((c) => c.phrase).join('; ');
}
