import { useCallback, useState } from 'react';
import { errorMessage, useClient } from '../../hooks/clientContext.js';
import { useShowError } from '../../hooks/useShowError.js';

const STAGES = ['mining', 'rating', 'labelling', 'review', 'rectification', 'evaluation', 'done'] as const;
type Stage = (typeof STAGES)[number];

/**
 * A round's actions: move it on to its next stage (none once done), or draw its unbiased test set
 * from a MAD set; `onChange` follows either.
 */
export function useRoundActions(roundId: number, state: string, onChange: () => void) {
  const client = useClient();
  const showError = useShowError();
  const [message, setMessage] = useState<string | null>(null);
  const next = STAGES[STAGES.indexOf(state as Stage) + 1];

  const advance = useCallback(
    () =>
      next &&
      client
        .call('rounds.setState', { roundId, state: next })
        .then(onChange)
        .catch((error) => showError(errorMessage(error))),
    [client, next, roundId, onChange, showError],
  );
  const drawTestSet = useCallback(
    (setId: number) =>
      client
        .call('rounds.buildTestSet', { setId })
        .then((r) => {
          setMessage(`${r.name}: ${r.images} images, sent to labelling.`);
          onChange();
        })
        .catch((error) => showError(errorMessage(error))),
    [client, onChange, showError],
  );

  return { next, message, advance, drawTestSet };
}
