import { useState } from 'react';
import type { CandidateSetSummary } from '../../../../shared/contract/methods/miningMethods.js';
import { errorMessage, useClient } from '../../hooks/clientContext.js';
import { useAppStore } from '../../stores/appStore.js';

const STAGES = ['mining', 'rating', 'labelling', 'review', 'rectification', 'evaluation', 'done'] as const;
type Stage = (typeof STAGES)[number];

/** A round's next step: move its stage on, or draw its unbiased test set from one of its MAD sets. */
export function RoundActions({ roundId, state, sets, onChange }: { roundId: number; state: string; sets: CandidateSetSummary[]; onChange(): void }) {
  const client = useClient();
  const showError = useAppStore((s) => s.showError);
  const [message, setMessage] = useState<string | null>(null);
  const madSets = sets.filter((s) => s.roundId === roundId && s.strategy === 'mad');
  const next = STAGES[STAGES.indexOf(state as Stage) + 1];

  const advance = () =>
    next &&
    client
      .call('rounds.setState', { roundId, state: next })
      .then(onChange)
      .catch((error) => showError(errorMessage(error)));
  const drawTestSet = (setId: number) =>
    client
      .call('rounds.buildTestSet', { setId })
      .then((r) => {
        setMessage(`${r.name}: ${r.images} images, sent to labelling.`);
        onChange();
      })
      .catch((error) => showError(errorMessage(error)));

  return (
    <span className="round-actions">
      {next && (
        <button type="button" onClick={advance} data-testid={`advance-${roundId}`}>
          → {next}
        </button>
      )}
      {madSets[0] && (
        <button type="button" onClick={() => drawTestSet(madSets[0]!.id)} title="From this round's newest MAD set" data-testid={`draw-t-${roundId}`}>
          Draw unbiased test set
        </button>
      )}
      {message && <span className="muted">{message}</span>}
    </span>
  );
}
