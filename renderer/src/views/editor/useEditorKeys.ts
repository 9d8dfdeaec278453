import { useEffect, useRef } from 'react';
import { actionForKey, type EditorAction } from '../../editor/editorKeys.js';
import { typingInField } from '../../hooks/typingInField.js';

/**
 * The editor's keys on the window, except while typing in a field. Space is held for panning;
 * `onAction` returns false for keys it did not use, so their default behaviour is kept.
 */
export function useEditorKeys(onAction: (action: EditorAction) => boolean, onSpace: (held: boolean) => void): void {
  const handlers = useRef({ onAction, onSpace });
  handlers.current = { onAction, onSpace };
  useEffect(() => {
    const down = (e: KeyboardEvent): void => {
      if (typingInField(e.target)) return;
      if (e.code === 'Space') {
        e.preventDefault();
        if (!e.repeat) handlers.current.onSpace(true);
        return;
      }
      const action = actionForKey(e);
      if (action && handlers.current.onAction(action)) e.preventDefault();
    };
    const up = (e: KeyboardEvent): void => {
      if (e.code === 'Space') handlers.current.onSpace(false);
    };
    const blur = (): void => handlers.current.onSpace(false);
    window.addEventListener('keydown', down);
    window.addEventListener('keyup', up);
    window.addEventListener('blur', blur);
    return () => {
      window.removeEventListener('keydown', down);
      window.removeEventListener('keyup', up);
      window.removeEventListener('blur', blur);
    };
  }, []);
}
