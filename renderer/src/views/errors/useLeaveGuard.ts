import { useEffect } from 'react';
import { useAppStore } from '../../stores/appStore.js';

/**
 * While `dirty`, asks before the view is left with the work in it: switching view or closing the
 * project go through the store's guard; a reload or closing the page gets the browser's own question.
 */
export function useLeaveGuard(dirty: boolean, question: string): void {
  useEffect(() => {
    if (!dirty) return;
    const { setLeaveQuestion } = useAppStore.getState();
    setLeaveQuestion(question);
    const onUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', onUnload);
    return () => {
      setLeaveQuestion(null);
      window.removeEventListener('beforeunload', onUnload);
    };
  }, [dirty, question]);
}
