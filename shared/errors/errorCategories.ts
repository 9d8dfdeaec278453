import { z } from 'zod';

/**
 * What a region can be classified as. Ground-truth regions take the first eight rules in order
 * (ignore … model_failure); predicted components that match no ground truth are hallucinations.
 * Boundary errors and hallucinations carry their sub-kind in the name so every distribution,
 * chart and filter works on one flat list.
 */
export const ERROR_CATEGORIES = [
  'ignore',
  'correct',
  'acceptable',
  'label_error',
  'boundary_under',
  'boundary_bleeding',
  'missed',
  'fine_grained',
  'context',
  'stuff',
  'non_prototypical',
  'model_failure',
  'hallucination_fragment',
  'hallucination_cooccurring',
  'hallucination_other',
] as const;

export const ErrorCategory = z.enum(ERROR_CATEGORIES);
export type ErrorCategory = z.infer<typeof ErrorCategory>;

/**
 * `not_error`: the model is right (or has no say); `label_review`: the label is suspect, so the
 * region goes to review instead of counting against the model; `model_error`: everything else.
 */
export type CategoryGroup = 'not_error' | 'label_review' | 'model_error';

export interface CategoryInfo {
  id: ErrorCategory;
  label: string;
  group: CategoryGroup;
  side: 'reference' | 'prediction';
  /** Rule number of the fixed order (0–8); hallucinations are 9. */
  rule: number;
  /** Chart colour, stable across views. */
  color: string;
}

export const CATEGORY_INFO: Readonly<Record<ErrorCategory, CategoryInfo>> = {
  ignore: { id: 'ignore', label: 'Ignored', group: 'not_error', side: 'reference', rule: 0, color: '#5c6370' },
  correct: { id: 'correct', label: 'Correct', group: 'not_error', side: 'reference', rule: 0, color: '#3a8f5c' },
  acceptable: { id: 'acceptable', label: 'Acceptable alternative', group: 'not_error', side: 'reference', rule: 0, color: '#7fb77e' },
  label_error: { id: 'label_error', label: 'Suspected label error', group: 'label_review', side: 'reference', rule: 1, color: '#c678dd' },
  boundary_under: { id: 'boundary_under', label: 'Boundary: under-segmentation', group: 'model_error', side: 'reference', rule: 2, color: '#61afef' },
  boundary_bleeding: { id: 'boundary_bleeding', label: 'Boundary: bleeding', group: 'model_error', side: 'reference', rule: 2, color: '#2f7fc1' },
  missed: { id: 'missed', label: 'Missed object', group: 'model_error', side: 'reference', rule: 3, color: '#e06c75' },
  fine_grained: { id: 'fine_grained', label: 'Fine-grained confusion', group: 'model_error', side: 'reference', rule: 4, color: '#e5c07b' },
  context: { id: 'context', label: 'Context confusion', group: 'model_error', side: 'reference', rule: 5, color: '#d19a66' },
  stuff: { id: 'stuff', label: 'Stuff confusion', group: 'model_error', side: 'reference', rule: 6, color: '#98c379' },
  non_prototypical: { id: 'non_prototypical', label: 'Non-prototypical', group: 'model_error', side: 'reference', rule: 7, color: '#56b6c2' },
  model_failure: { id: 'model_failure', label: 'Model failure', group: 'model_error', side: 'reference', rule: 8, color: '#be5046' },
  hallucination_fragment: { id: 'hallucination_fragment', label: 'Hallucination: fragment', group: 'model_error', side: 'prediction', rule: 9, color: '#f5a9e8' },
  hallucination_cooccurring: { id: 'hallucination_cooccurring', label: 'Hallucination: co-occurring', group: 'model_error', side: 'prediction', rule: 9, color: '#e55fc4' },
  hallucination_other: { id: 'hallucination_other', label: 'Hallucination', group: 'model_error', side: 'prediction', rule: 9, color: '#a8327e' },
};

export const MODEL_ERROR_CATEGORIES: readonly ErrorCategory[] = ERROR_CATEGORIES.filter((c) => CATEGORY_INFO[c].group === 'model_error');
