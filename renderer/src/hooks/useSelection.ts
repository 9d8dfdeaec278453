import { useCallback, useState } from 'react';

type Next = number | ((current: number) => number);

/**
 * The index selected in a list; back to the first item whenever another list is shown. `key`
 * names the list (its set, page, filter), not the fetched object: the same page read again (after
 * a job or another tab's change) keeps the selection, so a key pressed meanwhile is not undone.
 */
export function useSelection(key: string | null): [number, (next: Next) => void] {
  const [state, setState] = useState({ key, index: 0 });
  const index = state.key === key ? state.index : 0;
  const select = useCallback(
    (next: Next) =>
      setState((s) => {
        const current = s.key === key ? s.index : 0;
        return { key, index: typeof next === 'function' ? next(current) : next };
      }),
    [key],
  );
  return [index, select];
}
