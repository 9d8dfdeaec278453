import { useMemo, useState } from 'react';
import type { ImportFailure } from '../../../../shared/contract/domain.js';
import { useClient } from '../../hooks/clientContext.js';
import { useLoad } from '../../hooks/useLoad.js';

const NO_FAILURES: { total: number; items: ImportFailure[] } = { total: 0, items: [] };

/** A page of the files imports could not take, newest first; `version` changes read it again. */
export function useImportFailures(version: number, pageSize: number) {
  const client = useClient();
  const [page, setPage] = useState(0);
  const failures = useLoad(
    useMemo(() => () => client.call('images.importFailures', { offset: page * pageSize, limit: pageSize }), [client, page, pageSize, version]),
  ).data;
  return { page, setPage, failures: failures ?? NO_FAILURES };
}
