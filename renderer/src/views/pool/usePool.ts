import { useCallback, useMemo, useState } from 'react';
import { useClient } from '../../hooks/clientContext.js';
import { useLoad } from '../../hooks/useLoad.js';

/**
 * The project's counts, and `version`: bumped (by `changed`) when an import changes the project,
 * so the counts, the grid and the failures are read again.
 */
export function usePool() {
  const client = useClient();
  const [version, setVersion] = useState(0);
  const changed = useCallback(() => setVersion((v) => v + 1), []);
  const stats = useLoad(useMemo(() => () => client.call('project.stats'), [client, version])).data ?? null;
  return { stats, version, changed };
}
