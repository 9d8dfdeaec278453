import type { CandidateSetSummary } from '../../../../shared/contract/methods/miningMethods.js';
import { useRoundActions } from './useRoundActions.js';

/** A round's next step: move its stage on, or draw its unbiased test set from one of its MAD sets. */
export function RoundActions({ roundId, state, sets, onChange }: { roundId: number; state: string; sets: CandidateSetSummary[]; onChange(): void }) {
  const { next, message, advance, drawTestSet } = useRoundActions(roundId, state, onChange);
  const madSets = sets.filter((s) => s.roundId === roundId && s.strategy === 'mad');

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
