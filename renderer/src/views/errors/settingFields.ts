import { z } from 'zod';
import { ErrorSettings } from '../../../../shared/errors/errorSettings.js';

export type SettingKey = keyof ErrorSettings;

/** The settings as the inputs hold them: text, so a value being typed or a wrong one can be shown as it is. */
export type SettingsText = Record<SettingKey, string>;

export interface SettingField {
  key: SettingKey;
  /** Which part of the rules the setting belongs to, for grouping. */
  group: string;
  label: string;
  unit: string;
}

const SHARE = 'share of the region';

/** Every setting with its label and unit; a Record so a new setting cannot be forgotten here. */
const FIELDS: Record<SettingKey, Omit<SettingField, 'key'>> = {
  connectivity: { group: 'Regions', label: 'Connectivity', unit: 'neighbours' },
  minRegionPixels: { group: 'Regions', label: 'Smallest region', unit: 'pixels' },
  ignoreShare: { group: 'Rule 0 · ignore, correct', label: 'Ignore: predicted as no class over', unit: SHARE },
  correctRecall: { group: 'Rule 0 · ignore, correct', label: 'Correct: recall at least', unit: SHARE },
  correctBoundary: { group: 'Rule 0 · ignore, correct', label: 'Correct: boundary agreement at least', unit: 'share of the boundary band' },
  highConfidence: { group: 'Rule 1 · label error', label: 'Wrong class confidence at least', unit: 'mean probability' },
  lowLabelQuality: { group: 'Rule 1 · label error', label: 'Label self-confidence below', unit: 'mean probability' },
  competitorAgreement: { group: 'Rule 1 · label error', label: 'Competitor agreement at least', unit: 'share of the wrong pixels' },
  boundaryBand: { group: 'Rule 2 · boundary', label: 'Band width', unit: 'fraction of the image diagonal' },
  boundaryRecall: { group: 'Rule 2 · boundary', label: 'Recall at least', unit: SHARE },
  boundaryWrongShare: { group: 'Rule 2 · boundary', label: 'Wrong pixels in the band at least', unit: 'share of the wrong pixels' },
  missedBackgroundShare: { group: 'Rule 3 · missed object', label: 'Predicted as background over', unit: SHARE },
  missedRecall: { group: 'Rule 3 · missed object', label: 'Recall below', unit: SHARE },
  missedOtherShare: { group: 'Rule 3 · missed object', label: 'No other class over', unit: SHARE },
  fineGrainedShare: { group: 'Rule 4 · fine-grained', label: 'Wrong class covers at least', unit: SHARE },
  contextShare: { group: 'Rule 5 · context', label: 'Wrong class covers at least', unit: SHARE },
  contextLift: { group: 'Rule 5 · context', label: 'Co-occurrence lift at least', unit: '× (P(a,b) / P(a)·P(b))' },
  contextAdjacencyShare: { group: 'Rule 5 · context', label: 'Adjacency at least', unit: "share of the class's boundary pairs" },
  atypicalSigma: { group: 'Rule 7 · non-prototypical', label: 'Deviation over', unit: 'standard deviations' },
  atypicalMinRegions: { group: 'Rule 7 · non-prototypical', label: 'S0 regions needed', unit: 'regions' },
  hallucinationOverlap: { group: 'Hallucination', label: 'Overlap with its class below', unit: 'share of the component' },
  fragmentDistance: { group: 'Hallucination', label: 'Fragment within', unit: 'fraction of the image diagonal' },
};

export const SETTING_FIELDS: readonly SettingField[] = (Object.keys(ErrorSettings.shape) as SettingKey[]).map((key) => ({ key, ...FIELDS[key] }));

/** The allowed values of a setting, read from the contract's schema: a range, or a short list. */
export function settingBounds(key: SettingKey): { min: number | null; max: number | null; integer: boolean; choices: number[] | null } {
  const schema = ErrorSettings.shape[key];
  if (schema instanceof z.ZodNumber) {
    // zod reports an unbounded side as ±Infinity, or ±MAX_SAFE_INTEGER for integers.
    const finite = (v: number | null) => (v !== null && Math.abs(v) < Number.MAX_SAFE_INTEGER ? v : null);
    return { min: finite(schema.minValue), max: finite(schema.maxValue), integer: schema.isInt, choices: null };
  }
  return { min: null, max: null, integer: true, choices: schema.options.map((o) => o.value) };
}

export function settingsToText(settings: ErrorSettings): SettingsText {
  const text = {} as SettingsText;
  for (const { key } of SETTING_FIELDS) text[key] = String(settings[key]);
  return text;
}

type Issue = z.core.$ZodIssue;

/** The schema's complaint in the editor's words. */
function reason(issue: Issue): string {
  switch (issue.code) {
    case 'too_big':
      return `must be ${issue.inclusive ? 'at most' : 'below'} ${String(issue.maximum)}`;
    case 'too_small':
      return `must be ${issue.inclusive ? 'at least' : 'above'} ${String(issue.minimum)}`;
    case 'invalid_type':
      return issue.expected === 'int' ? 'must be a whole number' : issue.message;
    default:
      return issue.message;
  }
}

/** One input's text checked by the contract's schema for that setting. */
export function checkSetting(key: SettingKey, text: string): { value: number; error: null } | { value: null; error: string } {
  const trimmed = text.trim();
  if (!trimmed) return { value: null, error: 'a number is needed' };
  const value = Number(trimmed);
  if (!Number.isFinite(value)) return { value: null, error: 'not a number' };
  const parsed = ErrorSettings.shape[key].safeParse(value);
  if (parsed.success) return { value, error: null };
  const choices = settingBounds(key).choices;
  const issue = parsed.error.issues[0];
  return { value: null, error: choices ? `must be ${choices.join(' or ')}` : issue ? reason(issue) : 'not allowed' };
}

/** Every input checked; the settings to save when all are fine. */
export function checkSettings(text: SettingsText): { settings: ErrorSettings | null; errors: Partial<Record<SettingKey, string>> } {
  const values: Partial<Record<SettingKey, number>> = {};
  const errors: Partial<Record<SettingKey, string>> = {};
  for (const { key } of SETTING_FIELDS) {
    const checked = checkSetting(key, text[key]);
    if (checked.error === null) values[key] = checked.value;
    else errors[key] = checked.error;
  }
  if (Object.keys(errors).length > 0) return { settings: null, errors };
  const whole = ErrorSettings.safeParse(values);
  return whole.success ? { settings: whole.data, errors } : { settings: null, errors };
}

/** A text that is equal for two sets of inputs exactly when they hold the same values ("0.50" is "0.5"). */
export function settingsKey(text: SettingsText): string {
  return JSON.stringify(
    SETTING_FIELDS.map(({ key }) => {
      const value = Number(text[key].trim());
      return text[key].trim() && Number.isFinite(value) ? value : text[key];
    }),
  );
}
