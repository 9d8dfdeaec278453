import { imageDisplayName } from '../../../../shared/images/displayName.js';
import { useClient } from '../../hooks/clientContext.js';
import { useViewKeys } from '../../hooks/useViewKeys.js';
import { useWindowKeys } from '../../hooks/useWindowKeys.js';
import { JobProgressBar } from '../../widgets/JobProgressBar.js';
import { typingInField } from '../../hooks/typingInField.js';
import { CandidateDetail } from './CandidateDetail.js';
import { DiscrepancyHistogram } from './DiscrepancyHistogram.js';
import { MiningSettings } from './MiningSettings.js';
import { useMining } from './useMining.js';
import { TableHead } from '../../widgets/TableHead.js';

const MINING_KEYS = [
  ['Ctrl+Enter', 'Run mining with these parameters'],
  ['← / →', 'Previous / next candidate'],
  ['PageUp / PageDown', 'Previous / next page of candidates'],
  ['R', 'Send the candidate set to rating'],
] as const;

export function MiningView() {
  useViewKeys(MINING_KEYS);
  const client = useClient();
  const { loaded, models, classes, form, setForm, sets, setId, pickSet, currentSet, page, setPage, pages, candidates, selected, setSelected, histograms, job, run, sendToRating } = useMining();

  const items = candidates?.items ?? [];

  useWindowKeys((event) => {
    if (typingInField(event.target) || event.altKey) return;
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      run();
    } else if (event.key === 'ArrowRight') setSelected((s) => Math.min(items.length - 1, s + 1));
    else if (event.key === 'ArrowLeft') setSelected((s) => Math.max(0, s - 1));
    else if (event.key === 'PageDown') setPage((p) => Math.min(pages - 1, p + 1));
    else if (event.key === 'PageUp') setPage((p) => Math.max(0, p - 1));
    else if (event.key === 'r' || event.key === 'R') sendToRating();
  });

  const modelName = (id: number) => {
    const m = models.find((x) => x.id === id);
    return m ? `${m.name} ${m.version}` : `model ${id}`;
  };
  const detail = items[selected];

  return (
    <div className="mining" data-testid="mining-view">
      <aside className="mining-side">
        <h1>Mining</h1>
        {!loaded ? (
          <p className="muted" aria-busy="true">Loading…</p>
        ) : models.length < 2 ? (
          <p className="empty" data-testid="mining-needs-models">
            Mining needs a target model and at least one competitor with predictions on the pool. Add models and run inference in the Models view.
          </p>
        ) : (
          <MiningSettings form={form} setForm={setForm} models={models} classes={classes} />
        )}
        <button type="button" className="primary" onClick={run} disabled={!loaded || job.running || models.length === 0} data-testid="mining-run" title="Ctrl+Enter">
          Mine the pool
        </button>
        <JobProgressBar progress={job.progress} running={job.running} onCancel={job.cancel} />
      </aside>
      <section className="mining-results">
        {!loaded ? null : sets.length === 0 ? (
          <p className="empty">No candidate sets yet.</p>
        ) : (
          <>
            <div className="row results-head">
              <select aria-label="Candidate set" value={setId ?? ''} onChange={(e) => pickSet(Number(e.target.value))} data-testid="set-select">
                {sets.map((s) => (
                  <option key={s.id} value={s.id}>
                    Round {s.roundIdx} · set {s.id} · {s.strategy} · {s.size} images{s.sentToRating ? ' · in rating' : ''}
                  </option>
                ))}
              </select>
              <button type="button" onClick={sendToRating} disabled={!currentSet || currentSet.sentToRating} data-testid="send-to-rating" title="R">
                {currentSet?.sentToRating ? 'In the rating queue' : 'Send to rating (R)'}
              </button>
            </div>
            <div className="mining-charts">
              {histograms.map((h) => (
                <DiscrepancyHistogram key={h.competitorId} histogram={h} label={`${modelName(h.targetId)} vs ${modelName(h.competitorId)}`} />
              ))}
              {candidates && candidates.classCounts.length > 0 && (
                <table className="grid-table class-counts" data-testid="class-counts">
                  <TableHead columns={['Class', 'Images']} />
                  <tbody>
                    {candidates.classCounts.map((c) => (
                      <tr key={c.classId}>
                        <td>{classes.find((k) => k.id === c.classId)?.name ?? c.classId}</td>
                        <td>{c.images}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </div>
            <div className="candidate-browser">
              <div>
                <div className="candidate-grid" data-testid="candidate-grid">
                  {items.map((c, i) => (
                    <button type="button" key={c.imageId} className={i === selected ? 'tile selected' : 'tile'} onClick={() => setSelected(i)} title={`Rank ${c.rank} · ${imageDisplayName(c)}`}>
                      <img src={client.transport.fileUrl(c.relPath)} alt={imageDisplayName(c)} loading="lazy" />
                      <span>#{c.rank}</span>
                    </button>
                  ))}
                </div>
                <div className="pager">
                  <button type="button" disabled={page === 0} onClick={() => setPage(page - 1)}>
                    ← Previous
                  </button>
                  <span>
                    Page {page + 1} of {pages} · {candidates?.total ?? 0} candidates
                  </span>
                  <button type="button" disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>
                    Next →
                  </button>
                </div>
              </div>
              {detail && <CandidateDetail candidate={detail} models={models} classes={classes} targetId={currentSet?.targetId ?? null} competitorIds={currentSet?.competitorIds ?? []} />}
            </div>
          </>
        )}
      </section>
    </div>
  );
}
