import { create } from 'zustand';
import type { AppInfo, ProjectInfo } from '../../../shared/contract/domain.js';

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
export type ConnectionStatus = 'connecting' | 'open' | 'closed';

interface AppState {
  appInfo: AppInfo | null;
  project: ProjectInfo | null;
  view: ViewId;
  error: string | null;
  connection: ConnectionStatus;
  keyMapOpen: boolean;
  setAppInfo(info: AppInfo): void;
  setProject(project: ProjectInfo | null): void;
  setView(view: ViewId): void;
  showError(message: string | null): void;
  setConnection(status: ConnectionStatus): void;
  toggleKeyMap(open?: boolean): void;
}

const VIEW_KEY = 'faultline.view';

/** The view survives a reload of the page (per tab), so a rater comes back to the queue. */
function savedView(): ViewId {
  const saved = typeof sessionStorage === 'undefined' ? null : sessionStorage.getItem(VIEW_KEY);
  return VIEWS.some((v) => v.id === saved) ? (saved as ViewId) : 'pool';
}

/** Small UI state only; images, masks and large lists live outside the store. */
export const useAppStore = create<AppState>((set) => ({
  appInfo: null,
  project: null,
  view: savedView(),
  error: null,
  connection: 'connecting',
  keyMapOpen: false,
  setAppInfo: (appInfo) => set({ appInfo }),
  setProject: (project) => set(project ? { project } : { project, view: 'pool' }),
  setView: (view) => {
    sessionStorage.setItem(VIEW_KEY, view);
    set({ view });
  },
  showError: (error) => set({ error }),
  setConnection: (connection) => set({ connection }),
  toggleKeyMap: (open) => set((s) => ({ keyMapOpen: open ?? !s.keyMapOpen })),
}));
