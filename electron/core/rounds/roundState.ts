import { FaultlineError } from '../../../shared/contract/errors.js';
import type { Db } from '../project/openProjectDb.js';

export const ROUND_STATES = ['mining', 'rating', 'labelling', 'review', 'rectification', 'evaluation', 'done'] as const;
export type RoundState = (typeof ROUND_STATES)[number];

/**
 * Moves a round to another stage of its lifecycle. Steps happen in order, but a team may go back
 * a stage (more rating, another labelling pass); skipping ahead past unfinished work is refused.
 */
export function setRoundState(db: Db, roundId: number, state: RoundState): RoundState {
  const current = db.prepare('SELECT state FROM rounds WHERE id = ?').pluck().get(roundId) as RoundState | undefined;
  if (current === undefined) throw new FaultlineError('not_found', `There is no round ${roundId}.`);
  const from = ROUND_STATES.indexOf(current);
  const to = ROUND_STATES.indexOf(state);
  if (to > from + 1) {
    throw new FaultlineError('invalid_input', `Round ${roundId} is in ${current}; finish that stage before moving to ${state}.`);
  }
  db.prepare('UPDATE rounds SET state = ? WHERE id = ?').run(state, roundId);
  return state;
}
