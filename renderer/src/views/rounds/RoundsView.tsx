import type { Leaderboard } from '../../../../shared/contract/methods/evaluationMethods.js';
import { EChart } from '../../charts/EChart.js';
import { JobProgressBar } from '../../widgets/JobProgressBar.js';
import { FinetunePanel } from './FinetunePanel.js';
import { RoundActions } from './RoundActions.js';
import { miouChartHeight, modelLabel } from './leaderboardCharts.js';
import { TableHead } from '../../widgets/TableHead.js';
import { useRounds } from './useRounds.js';

const hours = (seconds: number) => (seconds >= 3600 ? `${(seconds / 3600).toFixed(1)} h` : `${Math.round(seconds / 60)} min`);

/** Where the dense labelling figure comes from, so the "Saved" column can be judged. */
function denseCostNote(dense: Leaderboard['costs']['dense']): string {
  const seconds = Math.round(dense.secondsPerImage);
  return dense.source === 'measured'
    ? `Dense labelling cost uses ${seconds} s per image: the median of the ${dense.labellings} images labelled from scratch in this project.`
    : `Dense labelling cost uses ${seconds} s per image, the published study’s figure, until ${dense.needed} images are labelled from scratch here (${dense.labellings} so far); fixes of a prediction do not count.`;
}

/** A rank only where the ranking measured the model; otherwise why not. */
function rankText(board: Leaderboard, modelId: number): string {
  const at = board.ranking?.order.indexOf(modelId) ?? -1;
  if (at >= 0) return String(at + 1);
  return board.unranked.find((u) => u.modelId === modelId)?.reason === 'no_comparison' ? 'no comparison yet' : 'not evaluated';
}

export function RoundsView() {
  const { board, sets, charts, reload, job, evaluate } = useRounds();
  if (!board || !charts) return null;
  const notEvaluated = board.unranked.filter((u) => u.reason === 'not_evaluated').map((u) => u.modelId);

  return (
    <section className="rounds" data-testid="rounds-view">
      <div className="row rounds-head">
        <h1>Rounds &amp; Leaderboard</h1>
        <span className="spacer" />
        <button type="button" className="primary" onClick={evaluate} disabled={job.running} data-testid="evaluate">
          Evaluate all models
        </button>
      </div>
      <JobProgressBar progress={job.progress} running={job.running} onCancel={job.cancel} />
      <FinetunePanel onFinished={reload} />

      <h2>Rounds</h2>
      {board.costs.rounds.length === 0 ? (
        <p className="empty">No rounds yet: a round starts when you mine the pool.</p>
      ) : (
        <table className="grid-table" data-testid="rounds-table">
          <TableHead
            columns={[
              'Round', 'Stage', { label: '|M|', title: 'Candidates rated' }, { label: '|S|', title: 'Counterexamples' }, { label: '|T|', title: 'Unbiased test images' },
              'Rating time', 'Labelling time', 'Dense labelling of M would take', 'Saved', '',
            ]}
          />
          <tbody>
            {board.costs.rounds.map((r) => (
              <tr key={r.roundId}>
                <td>{r.idx}</td>
                <td>{r.state}</td>
                <td>{r.m}</td>
                <td>{r.s}</td>
                <td>{r.t}</td>
                <td>{hours(r.ratingSeconds)}</td>
                <td>{hours(r.labellingSeconds)}</td>
                <td>{hours(r.denseAllSeconds)}</td>
                <td>{hours(r.savedSeconds)}</td>
                <td>
                  <RoundActions roundId={r.roundId} state={r.state} sets={sets} onChange={reload} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="muted" data-testid="dense-cost-note">
        {denseCostNote(board.costs.dense)}
      </p>

      <h2>Leaderboard</h2>
      {board.sets.length === 0 || board.results.length === 0 ? (
        <p className="empty" data-testid="leaderboard-empty">
          No evaluations yet. Import a labelled test split (T0) or build an unbiased test set, then evaluate.
        </p>
      ) : (
        <>
          {notEvaluated.length > 0 && (
            <p className="badge warn" data-testid="not-evaluated-note">
              Not evaluated yet: {notEvaluated.map((id) => modelLabel(board, id)).join(', ')}. Press “Evaluate all models” to score and rank{' '}
              {notEvaluated.length === 1 ? 'it' : 'them'}.
            </p>
          )}
          <table className="grid-table" data-testid="leaderboard-table">
            <thead>
              <tr>
                <th>Model</th>
                {board.sets.map((s) => (
                  <th key={s.id} title={s.kind === 'user' ? 'Your test set' : `Unbiased test set of round ${s.roundIdx}`}>
                    {s.name} ({s.images})
                  </th>
                ))}
                <th>Global rank</th>
              </tr>
            </thead>
            <tbody>
              {board.models.map((m) => {
                const regression = board.regressions.find((r) => r.modelId === m.id);
                return (
                  <tr key={m.id} className={m.isTarget ? 'selected-row' : ''} data-model-id={m.id}>
                    <td>
                      {modelLabel(board, m.id)}
                      {m.isTarget ? ' (target)' : ''}
                      {regression && (
                        <span className="badge warn" style={{ marginLeft: 8 }} data-testid="regression">
                          worse than {modelLabel(board, regression.parentId)} on T0 ({regression.miou.toFixed(3)} vs {regression.parentMiou.toFixed(3)})
                        </span>
                      )}
                    </td>
                    {board.sets.map((s) => {
                      const r = board.results.find((x) => x.modelId === m.id && x.testSetId === s.id);
                      return (
                        <td key={s.id} className={r ? '' : 'muted'}>
                          {r ? r.miou.toFixed(3) : 'not evaluated'}
                        </td>
                      );
                    })}
                    <td data-testid="global-rank">{rankText(board, m.id)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div className="chart-grid">
            <figure>
              <figcaption>mIoU per model across rounds</figcaption>
              <EChart option={charts.miou} height={miouChartHeight(board)} testId="chart-miou" />
            </figure>
            <figure>
              <figcaption>Global ranking (dominance eigenvector)</figcaption>
              <EChart option={charts.ranking} height={Math.max(120, 36 * board.models.length)} testId="chart-ranking" />
            </figure>
            <figure>
              <figcaption>Ranking stability ({board.unbiasedImages} unbiased test images)</figcaption>
              {board.stability.length ? <EChart option={charts.stability} testId="chart-stability" /> : <p className="empty">Needs an unbiased test set.</p>}
            </figure>
          </div>
        </>
      )}
    </section>
  );
}
