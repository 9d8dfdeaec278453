import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { MethodInput, MethodName, MethodOutput } from '../../../shared/contract/methods.js';
import { errorMessage, useClient } from './clientContext.js';
import { useShowError } from './useShowError.js';

export interface Loaded<T, A = void> {
  /** The latest answer; undefined before the first one, and while there is nothing to load. */
  data: T | undefined;
  error: string | null;
  loading: boolean;
  /** Asks again, after a job or an edit changed what the answer would be; `arg` goes to `load`. */
  reload(arg?: A): Promise<void>;
}

interface LoadState<T> {
  data: T | undefined;
  error: string | null;
  loading: boolean;
}

/**
 * Holds what `load` answers. A new `load` (its inputs changed) replaces the answer only once it
 * arrives, so the view keeps the old one on screen meanwhile, and an answer asked for earlier never
 * overwrites a later one. Errors also go to the app's banner, where every view reports them.
 * `load` null: there is nothing to load yet. It is called without an argument when it changes, and
 * with the one given to `reload` (what to do with the answer, say) when asked again.
 */
export function useLoad<T, A = void>(load: ((arg?: A) => Promise<T>) | null): Loaded<T, A> {
  const showError = useShowError();
  const [state, setState] = useState<LoadState<T>>({ data: undefined, error: null, loading: load !== null });
  const latest = useRef(0);

  const reload = useCallback(
    (arg?: A): Promise<void> => {
      const ticket = ++latest.current;
      if (!load) {
        setState({ data: undefined, error: null, loading: false });
        return Promise.resolve();
      }
      setState((s) => (s.loading ? s : { ...s, loading: true }));
      return load(arg).then(
        (data) => {
          if (ticket === latest.current) setState({ data, error: null, loading: false });
        },
        (error: unknown) => {
          if (ticket !== latest.current) return;
          const message = errorMessage(error);
          setState((s) => ({ ...s, error: message, loading: false }));
          showError(message);
        },
      );
    },
    [load, showError],
  );

  useEffect(() => {
    void reload();
  }, [reload]);

  return { ...state, reload };
}

/** One contract method's answer for `input` (null: not yet asked); asks again when the input changes. */
export function useMethod<M extends MethodName>(method: M, input: MethodInput<M> | null): Loaded<MethodOutput<M>> {
  const client = useClient();
  // Views build inputs inline; the key keeps an equal input from asking again on every render.
  const key = input === null ? null : JSON.stringify(input);
  const load = useMemo(() => {
    if (key === null) return null;
    return () => (client.call as (name: M, input: MethodInput<M>) => Promise<MethodOutput<M>>)(method, JSON.parse(key) as MethodInput<M>);
  }, [client, method, key]);
  return useLoad(load);
}
