import { createContext, useCallback, useContext } from 'react';
import { useAppStore, type ViewId } from '../stores/appStore.js';

/** The view a component is rendered in; null outside the views (start screen, top bar). */
export const ViewContext = createContext<ViewId | null>(null);

/**
 * Reports an error as the view this component lives in. An answer that arrives after the user
 * left that view is kept for it (shown on return, marked in the sidebar) instead of appearing
 * over another view it has nothing to do with.
 */
export function useShowError(): (message: string | null) => void {
  const view = useContext(ViewContext);
  const showError = useAppStore((s) => s.showError);
  return useCallback((message: string | null) => showError(message, view), [showError, view]);
}
