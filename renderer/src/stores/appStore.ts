import { create } from 'zustand';
import type { AppInfo, ProjectInfo } from '../../../shared/contract/domain.js';
import type { Caller } from '../../../shared/contract/methods/labMethods.js';

export const VIEWS = [
  { id: 'pool', label: 'Pool' },
  { id: 'models', label: 'Models' },
  { id: 'mining', label: 'Mining' },
  { id: 'rating', label: 'Rating' },
  { id: 'editor', label: 'Editor' },
  { id: 'quality', label: 'Quality' },
  { id: 'rounds', label: 'Rounds & Leaderboard' },
  { id: 'errors', label: 'Errors' },
  { id: 'slices', label: 'Slices' },
] as const;

export type ViewId = (typeof VIEWS)[number]['id'];

/** Entering `view`: its kept error (if any) becomes the one on screen and leaves the kept ones. */
function takeErrorOf(view: ViewId, kept: Partial<Record<ViewId, string>>): { error: string | null; errorsElsewhere: Partial<Record<ViewId, string>> } {
  const { [view]: error, ...rest } = kept;
  return { error: error ?? null, errorsElsewhere: rest };
}
export type KeyList = ReadonlyArray<readonly [string, string]>;
export type ConnectionStatus = 'connecting' | 'open' | 'closed' | 'refused';

interface AppState {
  appInfo: AppInfo | null;
  project: ProjectInfo | null;
  /** Who this tab acts as: the local admin, or a lab member signed in with their own link. */
  caller: Caller | null;
  setCaller(caller: Caller | null): void;
  view: ViewId;
  /** What went wrong in the view on screen; leaving the view clears it, so it never follows the user elsewhere. */
  error: string | null;
  /**
   * Errors that arrived from a view after the user had left it (a slow call, a job): kept for that
   * view, shown when the user goes back to it, and marked on its sidebar entry meanwhile.
   */
  errorsElsewhere: Partial<Record<ViewId, string>>;
  connection: ConnectionStatus;
  keyMapOpen: boolean;
  /** The candidate set the Rating view shows; null: the round's rating set. */
  ratingSetId: number | null;
  setAppInfo(info: AppInfo): void;
  setProject(project: ProjectInfo | null): void;
  setView(view: ViewId): void;
  /** `from`: the view the error belongs to (see useShowError); absent, the view on screen. */
  showError(message: string | null, from?: ViewId | null): void;
  setConnection(status: ConnectionStatus): void;
  toggleKeyMap(open?: boolean): void;
  chooseRatingSet(setId: number | null): void;
  /** Opens the Rating view on a set (a slice check just fetched, say). */
  openRatingSet(setId: number): void;
  /** The keys of the view on screen, for the key map (registered by the view while mounted). */
  viewKeys: KeyList;
  setViewKeys(keys: KeyList): void;
  /** The question to ask before leaving the view (it holds unsaved work), or null. */
  leaveQuestion: string | null;
  setLeaveQuestion(question: string | null): void;
  /** True when the view may be left: nothing unsaved, or the user said so. */
  confirmLeave(): boolean;
}

const VIEW_KEY = 'faultline.view';
const RATING_SET_KEY = 'faultline.ratingSet';

/** The view survives a reload of the page (per tab), so a rater comes back to the queue. */
function savedView(): ViewId {
  const saved = typeof sessionStorage === 'undefined' ? null : sessionStorage.getItem(VIEW_KEY);
  return VIEWS.some((v) => v.id === saved) ? (saved as ViewId) : 'pool';
}

/** The rater's chosen set survives a reload too, so they go on rating the set they picked. */
function savedRatingSet(): number | null {
  const saved = typeof sessionStorage === 'undefined' ? null : sessionStorage.getItem(RATING_SET_KEY);
  return saved !== null && /^\d+$/.test(saved) ? Number(saved) : null;
}

function saveRatingSet(setId: number | null): void {
  if (setId === null) sessionStorage.removeItem(RATING_SET_KEY);
  else sessionStorage.setItem(RATING_SET_KEY, String(setId));
}

/** Small UI state only; images, masks and large lists live outside the store. */
export const useAppStore = create<AppState>((set, get) => ({
  appInfo: null,
  project: null,
  caller: null,
  setCaller: (caller) => set({ caller }),
  view: savedView(),
  error: null,
  errorsElsewhere: {},
  connection: 'connecting',
  keyMapOpen: false,
  ratingSetId: savedRatingSet(),
  setAppInfo: (appInfo) => set({ appInfo }),
  setProject: (project) => {
    if (project) return set({ project });
    // A set id means nothing in the next project opened.
    saveRatingSet(null);
    set({ project, view: 'pool', ratingSetId: null, errorsElsewhere: {} });
  },
  setView: (view) => {
    if (view !== get().view && !get().confirmLeave()) return;
    sessionStorage.setItem(VIEW_KEY, view);
    set(view === get().view ? { leaveQuestion: null } : { view, leaveQuestion: null, ...takeErrorOf(view, get().errorsElsewhere) });
  },
  showError: (error, from) => {
    const view = get().view;
    if (error === null || !from || from === view) return set({ error });
    set({ errorsElsewhere: { ...get().errorsElsewhere, [from]: error } });
  },
  setConnection: (connection) => set({ connection }),
  toggleKeyMap: (open) => set((s) => ({ keyMapOpen: open ?? !s.keyMapOpen })),
  chooseRatingSet: (ratingSetId) => {
    saveRatingSet(ratingSetId);
    set({ ratingSetId });
  },
  openRatingSet: (ratingSetId) => {
    if (get().view !== 'rating' && !get().confirmLeave()) return;
    saveRatingSet(ratingSetId);
    sessionStorage.setItem(VIEW_KEY, 'rating');
    set({ ratingSetId, view: 'rating', leaveQuestion: null, ...(get().view === 'rating' ? {} : takeErrorOf('rating', get().errorsElsewhere)) });
  },
  viewKeys: [],
  setViewKeys: (viewKeys) => set({ viewKeys }),
  leaveQuestion: null,
  setLeaveQuestion: (leaveQuestion) => set({ leaveQuestion }),
  confirmLeave: () => {
    const question = get().leaveQuestion;
    return question === null || window.confirm(question);
  },
}));
