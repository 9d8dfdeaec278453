import type { roundMethods } from '../../../shared/contract/methods/roundMethods.js';
import { setRoundState } from '../rounds/roundState.js';
import { buildUnbiasedTestSet } from '../rounds/unbiasedTestSet.js';
import type { CoreServices, FeatureHandlers } from './handlerTable.js';

export function roundHandlers({ session }: CoreServices): FeatureHandlers<typeof roundMethods> {
  return {
    'rounds.setState': ({ roundId, state }) => ({ state: setRoundState(session.requireWritable().db, roundId, state) }),
    'rounds.buildTestSet': (request) => buildUnbiasedTestSet(session.requireWritable().db, request),
  };
}
