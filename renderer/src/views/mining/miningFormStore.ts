import { create } from 'zustand';
import type { MiningFormState } from './miningForm.js';

interface MiningForms {
  /** The Mining form as last edited, per project folder. */
  forms: Record<string, MiningFormState>;
  keep(dir: string, form: MiningFormState): void;
}

/** The Mining form outlives a visit to another view, so parameters typed before rating are still there after. */
export const useMiningForms = create<MiningForms>((set) => ({
  forms: {},
  keep: (dir, form) => set((s) => ({ forms: { ...s.forms, [dir]: form } })),
}));
