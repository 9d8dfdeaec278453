import { MIN_CLASS_SHARE, type ContentConstraint, type MiningParamsInput, type SelectionStrategy } from '../../../../shared/mining/miningParams.js';

export interface MiningFormState {
  targetId: number | null;
  competitorIds: number[];
  strategy: SelectionStrategy;
  n3: number;
  distance: 'miou' | 'pixel_accuracy' | 'fw_iou';
  constraintMode: ContentConstraint['mode'];
  customBounds: Record<number, { min: number; max: number }>;
  /** Left out of the per-class subgroups; null when the project has no background class. */
  backgroundClassId: number | null;
  /** Classes under this share of the image in both maps take no part in d. */
  minClassShare: number;
  seed: number;
  budget: string;
}

export const initialMiningForm: MiningFormState = {
  targetId: null,
  competitorIds: [],
  strategy: 'mad',
  n3: 25,
  distance: 'miou',
  constraintMode: 'quartile',
  customBounds: {},
  backgroundClassId: 0,
  minClassShare: MIN_CLASS_SHARE,
  seed: 0,
  budget: '',
};

export function constraintOf(form: MiningFormState): ContentConstraint {
  if (form.constraintMode !== 'custom') return { mode: form.constraintMode } as ContentConstraint;
  const bounds = Object.entries(form.customBounds).map(([classId, b]) => ({ classId: Number(classId), min: b.min, max: b.max }));
  return bounds.length ? { mode: 'custom', bounds } : { mode: 'off' };
}

/** The form as the contract's mining parameters. */
export function paramsOf(form: MiningFormState): MiningParamsInput {
  const budget = Number(form.budget);
  return {
    strategy: form.strategy,
    n3: form.n3,
    distance: form.distance,
    constraint: constraintOf(form),
    backgroundClassId: form.backgroundClassId,
    minClassShare: form.minClassShare,
    seed: form.seed,
    ...(form.strategy !== 'mad' && form.budget.trim() && Number.isInteger(budget) && budget > 0 ? { budget } : {}),
  };
}
