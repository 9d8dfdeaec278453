import { EChart } from '../../charts/EChart.js';
import { JobProgressBar } from '../../widgets/JobProgressBar.js';
import { FinetunePanel } from './FinetunePanel.js';
import { RoundActions } from './RoundActions.js';
import { modelLabel } from './leaderboardCharts.js';
import { TableHead } from '../../widgets/TableHead.js';
import { useRounds } from './useRounds.js';

const hours = (seconds: number) => (seconds >= 3600 ? `${(seconds / 3600).toFixed(1)} h` : `${Math.round(seconds / 60)} min`);

export function RoundsView() {
  const { board, sets, charts, reload, job, evaluate } = useRounds();
  if (!board || !charts) return null;

  return (
    <section className="rounds" data-testid="rounds-view">
      <div className="row">
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
      <p className="muted">
        Dense labelling cost uses {Math.round(board.costs.denseSecondsPerImage)} s per image
        {board.costs.denseSecondsMeasured ? ' (measured in this project)' : ' (the published study’s figure; none measured here yet)'}.
      </p>

      <h2>Leaderboard</h2>
      {board.sets.length === 0 || board.results.length === 0 ? (
        <p className="empty" data-testid="leaderboard-empty">
          No evaluations yet. Import a labelled test split (T0) or build an unbiased test set, then evaluate.
        </p>
      ) : (
        <>
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
              {board.models.map((m) => (
                <tr key={m.id} className={m.isTarget ? 'selected-row' : ''}>
                  <td>
                    {modelLabel(board, m.id)}
                    {m.isTarget ? ' (target)' : ''}
                  </td>
                  {board.sets.map((s) => {
                    const r = board.results.find((x) => x.modelId === m.id && x.testSetId === s.id);
                    return <td key={s.id}>{r ? r.miou.toFixed(3) : '—'}</td>;
                  })}
                  <td>{board.ranking ? board.ranking.order.indexOf(m.id) + 1 : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="chart-grid">
            <figure>
              <figcaption>mIoU per model across rounds</figcaption>
              <EChart option={charts.miou} testId="chart-miou" />
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
