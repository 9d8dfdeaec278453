import { create } from 'zustand';
import type { AssistPaintRule } from '../../../shared/assist/paintMask.js';
import type { ReviewMarkKind } from '../../../shared/contract/domain.js';
import type { Tool } from './editorKeys.js';

export type EditorMode = 'annotate' | 'review';

/** Brush diameters in image pixels that [ and ] step through. */
export const BRUSH_SIZES = [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256] as const;

interface EditorUiState {
  /** The open image, or null for the image list. */
  imageId: number | null;
  mode: EditorMode;
  tool: Tool;
  classId: number | null;
  brushSize: number;
  opacity: number;
  showMask: boolean;
  showImage: boolean;
  markKind: ReviewMarkKind;
  /** The assist model folder chosen (kept from image to image), or null. */
  assistModel: string | null;
  assistRule: AssistPaintRule;
  /** The folder of the project the editor shows ('' before one is entered). */
  project: string;
  /**
   * Classes left out of the mask on screen (they are still in the label map and still painted), by
   * project and kept while the app runs: class ids of one project name other classes in another.
   * `hiddenClassesOf` reads the open project's.
   */
  hiddenByProject: Readonly<Record<string, readonly number[]>>;
  /** Review: the pixels changed since the returned version are outlined over the mask. */
  showChanges: boolean;
  open(imageId: number, mode?: EditorMode): void;
  close(): void;
  setTool(tool: Tool): void;
  setClass(classId: number): void;
  stepBrush(step: 1 | -1): void;
  setOpacity(opacity: number): void;
  toggleMask(): void;
  toggleImage(): void;
  setMarkKind(kind: ReviewMarkKind): void;
  setAssistModel(model: string | null): void;
  setAssistRule(rule: AssistPaintRule): void;
  /** The editor shows project DIR, whose CLASS_IDS exist: its own hidden classes come back. */
  enterProject(dir: string, classIds: readonly number[]): void;
  toggleClassHidden(classId: number): void;
  showAllClasses(): void;
  toggleChanges(): void;
}

const NONE_HIDDEN: readonly number[] = [];

/** The open project's hidden classes; the same array until they change, so a change can be seen by identity. */
export function hiddenClassesOf(s: Pick<EditorUiState, 'project' | 'hiddenByProject'>): readonly number[] {
  return s.hiddenByProject[s.project] ?? NONE_HIDDEN;
}

/** The editor's small UI state; the label map itself lives in the LabelMapEditor, never here. */
export const useEditorStore = create<EditorUiState>((set) => {
  /** The open project's hidden classes become HIDDEN. */
  const setHidden = (s: EditorUiState, hidden: readonly number[]): Partial<EditorUiState> => ({ hiddenByProject: { ...s.hiddenByProject, [s.project]: hidden } });
  return {
  imageId: null,
  mode: 'annotate',
  tool: 'brush',
  classId: null,
  brushSize: 16,
  opacity: 0.55,
  showMask: true,
  showImage: true,
  markKind: 'wrong_class',
  assistModel: null,
  assistRule: 'unlabelled',
  project: '',
  hiddenByProject: {},
  showChanges: true,
  open: (imageId, mode = 'annotate') => set({ imageId, mode }),
  close: () => set({ imageId: null }),
  setTool: (tool) => set({ tool }),
  setClass: (classId) => set({ classId }),
  stepBrush: (step) =>
    set((s) => {
      const at = BRUSH_SIZES.findIndex((b) => b >= s.brushSize);
      const index = Math.min(BRUSH_SIZES.length - 1, Math.max(0, (at < 0 ? BRUSH_SIZES.length - 1 : at) + step));
      return { brushSize: BRUSH_SIZES[index]! };
    }),
  setOpacity: (opacity) => set({ opacity: Math.round(Math.min(1, Math.max(0.1, opacity)) * 100) / 100 }),
  toggleMask: () => set((s) => ({ showMask: !s.showMask })),
  toggleImage: () => set((s) => ({ showImage: !s.showImage })),
  setMarkKind: (markKind) => set({ markKind }),
  setAssistModel: (assistModel) => set({ assistModel }),
  setAssistRule: (assistRule) => set({ assistRule }),
  enterProject: (dir, classIds) =>
    set((s) => {
      const hidden = s.hiddenByProject[dir] ?? NONE_HIDDEN;
      // A class removed from the project since it was hidden has nothing left to hide.
      const kept = hidden.filter((id) => classIds.includes(id));
      if (s.project === dir && kept.length === hidden.length) return {};
      return { project: dir, ...(kept.length === hidden.length ? {} : setHidden({ ...s, project: dir }, kept)) };
    }),
  toggleClassHidden: (classId) =>
    set((s) => {
      const hidden = hiddenClassesOf(s);
      return setHidden(s, hidden.includes(classId) ? hidden.filter((id) => id !== classId) : [...hidden, classId]);
    }),
  showAllClasses: () => set((s) => setHidden(s, [])),
  toggleChanges: () => set((s) => ({ showChanges: !s.showChanges })),
  };
});
