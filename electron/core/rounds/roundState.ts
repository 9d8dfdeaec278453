import { FaultlineError } from '../../../shared/contract/errors.js';
import { RoundState as RoundStates } from '../../../shared/contract/methods/roundMethods.js';
import type { Db } from '../store/openProjectDb.js';
import { roundState, updateRoundState, type RoundState } from '../store/rounds.js';

export const ROUND_STATES = RoundStates.options;

/**
 * Moves a round to another stage of its lifecycle. Steps happen in order, but a team may go back
 * a stage (more rating, another labelling pass); skipping ahead past unfinished work is refused.
 */
export function setRoundState(db: Db, roundId: number, state: RoundState): RoundState {
  const current = roundState(db, roundId);
  if (current === undefined) throw new FaultlineError('not_found', `There is no round ${roundId}.`);
  const from = ROUND_STATES.indexOf(current);
  const to = ROUND_STATES.indexOf(state);
  if (to > from + 1) {
    throw new FaultlineError('invalid_input', `Round ${roundId} is in ${current}; finish that stage before moving to ${state}.`);
  }
  updateRoundState(db, roundId, state);
  return state;
}
