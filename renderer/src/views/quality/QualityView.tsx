import { useCallback, useEffect, useRef, useState } from 'react';
import type { ClassInfo, ImageThumbnail, ModelSummary } from '../../../../shared/contract/domain.js';
import type { CommonIssue, QualityImage, QualityRun, QualitySet } from '../../../../shared/contract/methods/qualityMethods.js';
import { errorMessage, useClient } from '../../clientContext.js';
import { openInEditor } from '../../editor/deepLink.js';
import { useJob } from '../../hooks/useJob.js';
import { JobProgressBar } from '../../shell/JobProgressBar.js';
import { typingInField } from '../../shell/typingInField.js';
import { useAppStore } from '../../stores/appStore.js';
import { Pager } from '../pool/Pager.js';
import { usePageKeys } from '../pool/usePageKeys.js';
import { CommonIssuesTable } from './CommonIssuesTable.js';
import { QualityImageDetail } from './QualityImageDetail.js';
import { QualityImageList } from './QualityImageList.js';
import { QUALITY_KEYS } from './qualityKeys.js';
import { QualityRunForm, type QualityForm } from './QualityRunForm.js';
import { useQualityStore } from './qualityStore.js';
import './quality.css';
import { KeyTable } from '../../shell/KeyTable.js';
import { useViewKeys } from '../../shell/useViewKeys.js';

const PAGE = 40;

function describeRun(run: QualityRun): string {
  const source = run.source === 'stored' ? 'stored' : 'fresh';
  return `Run ${run.id} · ${run.setName} · ${run.modelName} ${run.modelVersion} · ${source} · ${run.images} images, ${run.flaggedImages} flagged`;
}

/**
 * Label quality: score a labelled set with a model, then walk its images worst first with their
 * flagged pixels, narrow them by class or by a common given → predicted issue, and send one to the
 * mask editor; coming back rescores it.
 */
export function QualityView() {
  useViewKeys(QUALITY_KEYS);
  const client = useClient();
  const showError = useAppStore((s) => s.showError);
  const fail = useCallback((error: unknown) => showError(errorMessage(error)), [showError]);
  const ui = useQualityStore();
  const [sets, setSets] = useState<QualitySet[]>([]);
  const [models, setModels] = useState<ModelSummary[]>([]);
  const [classes, setClasses] = useState<ClassInfo[]>([]);
  const [runs, setRuns] = useState<QualityRun[]>([]);
  const [form, setForm] = useState<QualityForm>({ set: 'S0', modelId: null, source: 'stored', provider: 'auto' });
  const [page, setPageData] = useState<{ total: number; items: QualityImage[] }>({ total: 0, items: [] });
  const [issues, setIssues] = useState<CommonIssue[]>([]);
  const [thumbs, setThumbs] = useState<Map<number, ImageThumbnail>>(new Map());
  const [version, setVersion] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const rescoring = useRef(false);

  const loadRuns = useCallback(
    (selectNewest: boolean) =>
      client
        .call('quality.runs')
        .then((list) => {
          setRuns(list);
          const { runId, setRun } = useQualityStore.getState();
          const newest = list[0]?.id ?? null;
          if (selectNewest || runId === null || !list.some((r) => r.id === runId)) setRun(newest);
        })
        .catch(fail),
    [client, fail],
  );

  const job = useJob(
    useCallback(
      (end) => {
        if (end.state === 'done') void loadRuns(true);
        if (end.state === 'failed') {
          // The progress event says only that it failed; the job record says why.
          client
            .call('jobs.list')
            .then((jobs) => showError(jobs.find((j) => j.jobId === end.jobId)?.error ?? 'Label scoring failed.'))
            .catch(fail);
        }
      },
      [client, fail, loadRuns, showError],
    ),
  );

  useEffect(() => {
    Promise.all([client.call('quality.sets'), client.call('models.list'), client.call('classes.list')])
      .then(([s, m, c]) => {
        setSets(s);
        setModels(m);
        setClasses(c);
        const target = m.find((x) => x.isTarget) ?? m[0];
        setForm((f) => ({ ...f, modelId: f.modelId ?? target?.id ?? null, set: s.some((x) => x.name === f.set) ? f.set : (s[0]?.name ?? f.set) }));
      })
      .catch(fail);
    void loadRuns(false);
  }, [client, fail, loadRuns]);

  const { runId, classId, pair, selected } = ui;
  const pageIndex = ui.page;

  // A page asked for earlier (before a rescore, or another filter) never overwrites a newer one.
  useEffect(() => {
    if (runId === null) return;
    let live = true;
    client
      .call('quality.images', { runId, offset: pageIndex * PAGE, limit: PAGE, ...(classId !== null ? { classId } : {}), ...(pair ? { pair } : {}) })
      .then(async (result) => {
        const ids = result.items.map((i) => i.imageId);
        const found = ids.length > 0 ? await client.call('images.thumbnails', { ids }) : [];
        if (!live) return;
        setPageData(result);
        setThumbs(new Map(found.map((t) => [t.id, t])));
      })
      .catch(fail);
    return () => {
      live = false;
    };
  }, [client, runId, pageIndex, classId, pair, version, fail]);

  useEffect(() => {
    if (runId === null) return;
    let live = true;
    client
      .call('quality.commonIssues', { runId, ...(classId !== null ? { classId } : {}) })
      .then((rows) => live && setIssues(rows))
      .catch(fail);
    return () => {
      live = false;
    };
  }, [client, runId, classId, version, fail]);

  const rescore = useCallback(
    async (imageId: number, inRun: number) => {
      if (rescoring.current) return;
      rescoring.current = true;
      try {
        let { rescored } = await client.call('quality.rescoreImage', { imageId });
        if (!rescored.some((r) => r.runId === inRun)) rescored = [...rescored, ...(await client.call('quality.rescoreImage', { imageId, runId: inRun })).rescored];
        const here = rescored.find((r) => r.runId === inRun);
        setNotice(
          here
            ? `Image ${imageId} rescored: ${here.previousScore.toFixed(4)} → ${here.score.toFixed(4)}, ${here.issues} flagged pixels.`
            : `Image ${imageId} has no label to score any more.`,
        );
        setVersion((v) => v + 1);
        void loadRuns(false);
      } catch (error) {
        fail(error);
      } finally {
        rescoring.current = false;
      }
    },
    [client, fail, loadRuns],
  );

  // Back from the editor: score the image sent there again, so the list shows its new score.
  useEffect(() => {
    const sent = useQualityStore.getState().sentToEditor;
    if (!sent) return;
    useQualityStore.getState().sendToEditor(null);
    void rescore(sent.imageId, sent.runId);
  }, [rescore]);

  const run = useCallback(() => {
    if (job.running || form.modelId === null) return;
    setNotice(null);
    client
      .call('quality.run', { set: form.set, modelId: form.modelId, source: form.source, provider: form.provider })
      .then(({ jobId }) => job.track(jobId))
      .catch(fail);
  }, [client, form, job, fail]);

  const items = page.items;
  const current = items[Math.min(selected, items.length - 1)] ?? null;
  const pages = Math.max(1, Math.ceil(page.total / PAGE));
  usePageKeys(pageIndex, pages, ui.setPage);

  const openCurrent = useCallback(() => {
    if (!current || runId === null) return;
    useQualityStore.getState().sendToEditor({ imageId: current.imageId, runId });
    openInEditor(current.imageId);
  }, [current, runId]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (typingInField(event.target) || event.altKey || event.metaKey) return;
      const store = useQualityStore.getState();
      if (event.key === 'Enter' && event.ctrlKey) {
        event.preventDefault();
        run();
        return;
      }
      if (event.ctrlKey) return;
      switch (event.key) {
        case 'ArrowDown':
          event.preventDefault();
          store.select(Math.min(items.length - 1, store.selected + 1));
          break;
        case 'ArrowUp':
          event.preventDefault();
          store.select(Math.max(0, store.selected - 1));
          break;
        case 'Enter':
        case 'e':
        case 'E':
          event.preventDefault();
          openCurrent();
          break;
        case 's':
        case 'S':
          if (current && runId !== null) void rescore(current.imageId, runId);
          break;
        case 'm':
        case 'M':
          store.toggleMask();
          break;
        case 'f':
        case 'F':
          store.toggleFlagged();
          break;
        case 'c':
        case 'C':
          store.setClass(null);
          break;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [items.length, openCurrent, rescore, run, current, runId]);

  const currentRun = runs.find((r) => r.id === runId) ?? null;
  const className = (id: number) => classes.find((c) => c.id === id)?.name ?? `class ${id}`;

  return (
    <div className="quality" data-testid="quality-view">
      <aside className="quality-side">
        <h1>Label quality</h1>
        {models.length === 0 ? (
          <p className="empty">Scoring needs a model: add one in the Models view.</p>
        ) : (
          <QualityRunForm form={form} setForm={setForm} sets={sets} models={models} />
        )}
        <button type="button" className="primary" onClick={run} disabled={job.running || form.modelId === null} data-testid="quality-run" title="Ctrl+Enter">
          Score {form.set}
        </button>
        <JobProgressBar progress={job.progress} running={job.running} onCancel={job.cancel} />
        {currentRun && currentRun.warnings.length > 0 && (
          <ul className="quality-warnings" data-testid="quality-warnings">
            {currentRun.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        )}
        {currentRun && (
          <>
            <h2>Common label issues</h2>
            <label className="field">
              Class
              <select
                value={classId ?? ''}
                onChange={(e) => ui.setClass(e.target.value === '' ? null : Number(e.target.value))}
                data-testid="quality-class-filter"
              >
                <option value="">All classes</option>
                {classes.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            </label>
            <CommonIssuesTable rows={issues} pair={pair} onPick={ui.setPair} />
          </>
        )}
        <aside className="quality-keys" aria-label="Label quality shortcuts" data-testid="quality-keys">
          <h2>Keys</h2>
          <KeyTable keys={QUALITY_KEYS} />
        </aside>
      </aside>
      <section className="quality-results">
        {runs.length === 0 ? (
          <p className="empty" data-testid="quality-no-runs">
            No label-quality run yet. Choose a set and a model and score it.
          </p>
        ) : (
          <>
            <div className="row results-head">
              <select aria-label="Run" value={runId ?? ''} onChange={(e) => ui.setRun(Number(e.target.value))} data-testid="quality-run-select">
                {runs.map((r) => (
                  <option key={r.id} value={r.id}>
                    {describeRun(r)}
                  </option>
                ))}
              </select>
              {(pair || classId !== null) && (
                <span className="badge" data-testid="quality-filter">
                  {pair ? `${className(pair.given)} → ${className(pair.predicted)}` : className(classId!)} · {page.total} images
                  <button type="button" className="link" onClick={() => ui.setClass(null)} title="C">
                    clear
                  </button>
                </span>
              )}
            </div>
            {currentRun && (
              <p className="muted quality-run-summary" data-testid="quality-run-summary">
                Confident learning estimates {currentRun.numIssuesEstimate} mislabelled {currentRun.source === 'stored' ? 'score-map ' : ''}pixels ·{' '}
                {currentRun.source === 'stored' ? `stored probabilities on the ${currentRun.workingWidth}×${currentRun.workingHeight} score map` : 'fresh probabilities at full resolution'} ·
                scored {new Date(currentRun.createdAt).toLocaleString()} in {currentRun.seconds.toFixed(1)} s
              </p>
            )}
            {notice && (
              <p className="quality-notice" data-testid="quality-notice">
                {notice}
              </p>
            )}
            <div className="quality-body">
              <div className="quality-list-column">
                <QualityImageList items={items} offset={pageIndex * PAGE} selected={Math.min(selected, items.length - 1)} thumbs={thumbs} onSelect={ui.select} />
                <Pager page={pageIndex} pages={pages} setPage={ui.setPage} label="quality" hint="PgUp / PgDn" />
              </div>
              {current && runId !== null && (
                <QualityImageDetail
                  runId={runId}
                  image={current}
                  classes={classes}
                  showMask={ui.showMask}
                  showFlagged={ui.showFlagged}
                  version={version}
                  onOpen={openCurrent}
                  onRescore={() => void rescore(current.imageId, runId)}
                />
              )}
            </div>
          </>
        )}
      </section>
    </div>
  );
}
