import { VIEWS, useAppStore } from '../stores/appStore.js';
import { typingInField } from '../hooks/typingInField.js';
import { useWindowKeys } from '../hooks/useWindowKeys.js';

/**
 * Alt+1…9 switch views (when VIEWS_OPEN: a project is open) and `?` or F1 toggle the help,
 * everywhere except while typing in a field (F1 even then).
 */
export function useGlobalShortcuts(viewsOpen = true): void {
  useWindowKeys((event) => {
    const { setView, toggleKeyMap } = useAppStore.getState();
    if (event.key === 'F1') {
      // F1 is the browser's own help otherwise; here it is the app's, even from a text field.
      event.preventDefault();
      toggleKeyMap();
      return;
    }
    // Esc closes an open help even when F1 opened it from a text field, where the focus still is.
    if (event.key === 'Escape' && useAppStore.getState().keyMapOpen) {
      toggleKeyMap(false);
      return;
    }
    if (typingInField(event.target)) return;
    if (viewsOpen && event.altKey && /^Digit[1-9]$/.test(event.code)) {
      const view = VIEWS[Number(event.code.slice(5)) - 1];
      if (view) {
        event.preventDefault();
        setView(view.id);
      }
      return;
    }
    if (event.key === '?') {
      event.preventDefault();
      toggleKeyMap();
    }
  });
}
