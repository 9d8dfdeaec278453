import { useCallback, useEffect, useState } from 'react';
import type { Person } from '../../../../shared/contract/domain.js';
import { isFaultlineError } from '../../../../shared/contract/errors.js';
import { errorMessage, useClient } from '../../hooks/clientContext.js';
import { useAppStore } from '../../stores/appStore.js';
import { useShowError } from '../../hooks/useShowError.js';

const STORAGE_KEY = 'faultline.annotator';

export interface Annotator {
  person: Person | null;
  /** True until a remembered name has been looked up. */
  resolving: boolean;
  choose(name: string): Promise<void>;
  /** Null for a lab member, who labels as their sign-in says. */
  forget: (() => void) | null;
}

/**
 * Who is labelling: picked once, remembered in localStorage, and registered in the open project
 * (people are per project, matched by name). A read-only project cannot register anyone, so
 * there the name is only looked up. A lab member signed in with their own link labels as
 * themselves: nothing to pick, and nobody else to become.
 */
export function useAnnotator(): Annotator {
  const typed = useTypedAnnotator();
  const caller = useAppStore((s) => s.caller);
  if (caller?.kind !== 'person') return typed;
  return { person: caller.person, resolving: false, choose: typed.choose, forget: null };
}

function useTypedAnnotator(): Annotator {
  const client = useClient();
  const showError = useShowError();
  const signedIn = useAppStore((s) => s.caller?.kind === 'person');
  const [person, setPerson] = useState<Person | null>(null);
  const [resolving, setResolving] = useState(() => !signedIn && localStorage.getItem(STORAGE_KEY) !== null);

  const register = useCallback(
    async (name: string): Promise<Person> => {
      try {
        return await client.call('people.upsert', { name, roles: ['annotator'] });
      } catch (error) {
        if (!isFaultlineError(error) || error.code !== 'read_only') throw error;
        const known = (await client.call('people.list')).find((p) => p.name.toLowerCase() === name.toLowerCase());
        if (!known) throw new Error(`${name} is not known in this read-only project; open it with write access to label.`);
        return known;
      }
    },
    [client],
  );

  useEffect(() => {
    const name = localStorage.getItem(STORAGE_KEY);
    if (!name || signedIn) return;
    let live = true;
    register(name)
      .then((p) => live && setPerson(p))
      .catch((error) => showError(errorMessage(error)))
      .finally(() => live && setResolving(false));
    return () => {
      live = false;
    };
  }, [register, showError, signedIn]);

  const choose = useCallback(
    async (name: string) => {
      const p = await register(name.trim());
      localStorage.setItem(STORAGE_KEY, p.name);
      setPerson(p);
    },
    [register],
  );

  const forget = useCallback(() => {
    localStorage.removeItem(STORAGE_KEY);
    setPerson(null);
  }, []);

  return { person, resolving, choose, forget };
}
