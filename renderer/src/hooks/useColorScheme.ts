import { useSyncExternalStore } from 'react';

export type ColorScheme = 'dark' | 'light';

const LIGHT = '(prefers-color-scheme: light)';

function subscribe(onChange: () => void): () => void {
  const query = matchMedia(LIGHT);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

/** The system's colour scheme, followed live as the stylesheet follows it, for what CSS cannot colour (canvas charts). */
export function useColorScheme(): ColorScheme {
  return useSyncExternalStore(subscribe, () => (matchMedia(LIGHT).matches ? 'light' : 'dark'));
}
