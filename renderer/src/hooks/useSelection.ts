import { useCallback, useState } from 'react';

type Next = number | ((current: number) => number);

/** The index selected in `list`; back to the first item whenever a new list arrives. */
export function useSelection(list: unknown): [number, (next: Next) => void] {
  const [state, setState] = useState({ list, index: 0 });
  const index = state.list === list ? state.index : 0;
  const select = useCallback(
    (next: Next) =>
      setState((s) => {
        const current = s.list === list ? s.index : 0;
        return { list, index: typeof next === 'function' ? next(current) : next };
      }),
    [list],
  );
  return [index, select];
}
