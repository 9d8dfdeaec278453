import { useCallback, useState } from 'react';
import { errorMessage, useClient } from '../../hooks/clientContext.js';
import { useMethod } from '../../hooks/useLoad.js';
import { useShowError } from '../../hooks/useShowError.js';

/** The MOS summary of a set for the chosen n4 (and whether images rated good may enter S), and confirming S (sending it to labelling). */
export function useRatingResults(setId: number) {
  const client = useClient();
  const showError = useShowError();
  const [n4, setN4] = useState(100);
  const [includeRatedGood, setIncludeRatedGood] = useState(false);
  const [confirmed, setConfirmed] = useState<string | null>(null);
  const summary = useMethod('rating.summary', { setId, n4, includeRatedGood }).data ?? null;

  const confirm = useCallback(() => {
    client
      .call('rating.confirm', { setId, n4, includeRatedGood })
      .then((r) => setConfirmed(`${r.name}: ${r.images} images sent to labelling (pick ${r.name} in the Editor’s set list).`))
      .catch((error) => showError(errorMessage(error)));
  }, [client, setId, n4, includeRatedGood, showError]);

  return { n4, setN4, includeRatedGood, setIncludeRatedGood, summary, confirmed, confirm };
}
