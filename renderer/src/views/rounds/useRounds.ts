import { useCallback, useMemo } from 'react';
import type { CandidateSetSummary } from '../../../../shared/contract/methods/miningMethods.js';
import { errorMessage, useClient } from '../../hooks/clientContext.js';
import { useJob } from '../../hooks/useJob.js';
import { useLoad } from '../../hooks/useLoad.js';
import { miouAcrossRounds, rankingBars, stabilityLine } from './leaderboardCharts.js';
import { useShowError } from '../../hooks/useShowError.js';

const NO_SETS: CandidateSetSummary[] = [];

/** The leaderboard with its charts, the candidate sets the rounds draw test sets from, and the evaluation job. */
export function useRounds() {
  const client = useClient();
  const showError = useShowError();
  const loaded = useLoad(useCallback(() => Promise.all([client.call('leaderboard.get'), client.call('mining.sets')]), [client]));
  const { reload: load } = loaded;
  const reload = useCallback(() => void load(), [load]);
  const job = useJob(reload);

  const evaluate = useCallback(() => job.start(client.call('evaluation.run')).catch((error) => showError(errorMessage(error))), [client, job, showError]);

  const board = loaded.data?.[0] ?? null;
  const charts = useMemo(() => (board ? { miou: miouAcrossRounds(board), ranking: rankingBars(board), stability: stabilityLine(board) } : null), [board]);
  return { board, sets: loaded.data?.[1] ?? NO_SETS, charts, reload, job, evaluate };
}
