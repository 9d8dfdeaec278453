import { useCallback, useEffect, useState } from 'react';
import type { ClassInfo, ModelSummary } from '../../../../shared/contract/domain.js';
import type { MethodOutput } from '../../../../shared/contract/methods.js';
import type { CandidateSetSummary, PairHistogram } from '../../../../shared/contract/methods/miningMethods.js';
import { errorMessage, useClient } from '../../clientContext.js';
import { useJob } from '../../hooks/useJob.js';
import { JobProgressBar } from '../../shell/JobProgressBar.js';
import { useViewKeys } from '../../shell/useViewKeys.js';
import { useAppStore } from '../../stores/appStore.js';
import { CandidateDetail } from './CandidateDetail.js';
import { DiscrepancyHistogram } from './DiscrepancyHistogram.js';
import { MiningSettings } from './MiningSettings.js';
import { initialMiningForm, paramsOf, type MiningFormState } from './miningForm.js';
import { typingInField } from '../../shell/typingInField.js';

const PAGE = 60;


const MINING_KEYS = [
  ['Ctrl+Enter', 'Run mining with these parameters'],
  ['← / →', 'Previous / next candidate'],
  ['PageUp / PageDown', 'Previous / next page of candidates'],
  ['R', 'Send the candidate set to rating'],
] as const;

export function MiningView() {
  useViewKeys(MINING_KEYS);
  const client = useClient();
  const showError = useAppStore((s) => s.showError);
  const [models, setModels] = useState<ModelSummary[]>([]);
  const [classes, setClasses] = useState<ClassInfo[]>([]);
  const [form, setForm] = useState<MiningFormState>(initialMiningForm);
  const [sets, setSets] = useState<CandidateSetSummary[]>([]);
  const [setId, setSetId] = useState<number | null>(null);
  const [page, setPage] = useState(0);
  const [candidates, setCandidates] = useState<MethodOutput<'mining.candidates'> | null>(null);
  const [selected, setSelected] = useState(0);
  const [histograms, setHistograms] = useState<PairHistogram[]>([]);
  const fail = useCallback((error: unknown) => showError(errorMessage(error)), [showError]);

  const loadSets = useCallback(
    (selectNewest: boolean) =>
      client
        .call('mining.sets')
        .then((list) => {
          setSets(list);
          if (list.length === 0) return;
          setSetId((current) => {
            if (!selectNewest && current !== null) return current;
            setPage(0);
            return list[0]!.id;
          });
        })
        .catch(fail),
    [client, fail],
  );

  const job = useJob(
    useCallback(
      (end) => {
        if (end.state === 'done') void loadSets(true);
      },
      [loadSets],
    ),
  );

  useEffect(() => {
    Promise.all([client.call('models.list'), client.call('classes.list'), client.call('mining.defaults')])
      .then(([m, c, defaults]) => {
        setModels(m);
        setClasses(c);
        setForm((f) => ({ ...f, targetId: defaults.targetId, competitorIds: defaults.competitorIds }));
      })
      .catch(fail);
    void loadSets(false);
  }, [client, fail, loadSets]);

  useEffect(() => {
    if (setId === null) return;
    client
      .call('mining.candidates', { setId, offset: page * PAGE, limit: PAGE })
      .then((c) => {
        setCandidates(c);
        setSelected(0);
      })
      .catch(fail);
  }, [client, setId, page, fail]);

  const currentSet = sets.find((s) => s.id === setId) ?? null;
  useEffect(() => {
    if (!currentSet?.targetId || currentSet.competitorIds.length === 0) {
      setHistograms([]);
      return;
    }
    client.call('mining.histogram', { targetId: currentSet.targetId, competitorIds: currentSet.competitorIds }).then(setHistograms).catch(fail);
  }, [client, currentSet?.id, currentSet?.targetId, currentSet?.competitorIds, fail]);

  const run = useCallback(() => {
    if (job.running) return;
    client
      .call('mining.run', {
        ...(form.targetId !== null ? { targetId: form.targetId } : {}),
        competitorIds: form.competitorIds,
        params: paramsOf(form),
      })
      .then(({ jobId }) => job.track(jobId))
      .catch(fail);
  }, [client, form, job, fail]);

  const sendToRating = useCallback(() => {
    if (setId === null) return;
    client
      .call('mining.sendToRating', { setId })
      .then(() => loadSets(false))
      .catch(fail);
  }, [client, setId, loadSets, fail]);

  const items = candidates?.items ?? [];
  const pages = Math.max(1, Math.ceil((candidates?.total ?? 0) / PAGE));

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (typingInField(event.target) || event.altKey) return;
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        run();
      } else if (event.key === 'ArrowRight') setSelected((s) => Math.min(items.length - 1, s + 1));
      else if (event.key === 'ArrowLeft') setSelected((s) => Math.max(0, s - 1));
      else if (event.key === 'PageDown') setPage((p) => Math.min(pages - 1, p + 1));
      else if (event.key === 'PageUp') setPage((p) => Math.max(0, p - 1));
      else if (event.key === 'r' || event.key === 'R') sendToRating();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [run, sendToRating, items.length, pages]);

  const modelName = (id: number) => {
    const m = models.find((x) => x.id === id);
    return m ? `${m.name} ${m.version}` : `model ${id}`;
  };
  const detail = items[selected];

  return (
    <div className="mining" data-testid="mining-view">
      <aside className="mining-side">
        <h1>Mining</h1>
        {models.length < 2 ? (
          <p className="empty" data-testid="mining-needs-models">
            Mining needs a target model and at least one competitor with predictions on the pool. Add models and run inference in the Models view.
          </p>
        ) : (
          <MiningSettings form={form} setForm={setForm} models={models} classes={classes} />
        )}
        <button type="button" className="primary" onClick={run} disabled={job.running || models.length === 0} data-testid="mining-run" title="Ctrl+Enter">
          Mine the pool
        </button>
        <JobProgressBar progress={job.progress} running={job.running} onCancel={job.cancel} />
      </aside>
      <section className="mining-results">
        {sets.length === 0 ? (
          <p className="empty">No candidate sets yet.</p>
        ) : (
          <>
            <div className="row results-head">
              <select aria-label="Candidate set" value={setId ?? ''} onChange={(e) => (setSetId(Number(e.target.value)), setPage(0))} data-testid="set-select">
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
                  <thead>
                    <tr>
                      <th>Class</th>
                      <th>Images</th>
                    </tr>
                  </thead>
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
            <div className="candidate-grid" data-testid="candidate-grid">
              {items.map((c, i) => (
                <button type="button" key={c.imageId} className={i === selected ? 'tile selected' : 'tile'} onClick={() => setSelected(i)} title={`Rank ${c.rank}`}>
                  <img src={client.transport.fileUrl(c.relPath)} alt={`Candidate ${c.rank}`} loading="lazy" />
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
            {detail && <CandidateDetail candidate={detail} models={models} classes={classes} targetId={currentSet?.targetId ?? null} competitorIds={currentSet?.competitorIds ?? []} />}
          </>
        )}
      </section>
    </div>
  );
}
