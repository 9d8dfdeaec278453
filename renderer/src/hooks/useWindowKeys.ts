import { useEffect, useLayoutEffect, useRef } from 'react';

/**
 * A view's keydown handler on the window, always the one of the latest render. Registered in a
 * passive effect, a handler that closes over state could lag behind the screen: between the
 * commit that enabled a button and the effect that re-registers its key, a key press reached the
 * previous render's handler and did nothing. The layout effect updates it in the commit itself.
 */
export function useWindowKeys(handler: (event: KeyboardEvent) => void): void {
  const latest = useRef(handler);
  useLayoutEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => latest.current(event);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
