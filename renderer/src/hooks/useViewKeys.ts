import { useEffect } from 'react';
import { useAppStore, type KeyList } from '../stores/appStore.js';

/** Lists a view's keys in the key map (`?`) while the view is on screen. */
export function useViewKeys(keys: KeyList): void {
  useEffect(() => {
    const { setViewKeys } = useAppStore.getState();
    setViewKeys(keys);
    return () => setViewKeys([]);
  }, [keys]);
}
