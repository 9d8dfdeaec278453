import { useCallback, useMemo } from 'react';
import type { QualityRun } from '../../../../shared/contract/methods/qualityMethods.js';
import { imageDisplayName } from '../../../../shared/images/displayName.js';
import { openInEditor } from '../../editor/deepLink.js';
import { useWindowKeys } from '../../hooks/useWindowKeys.js';
import { usePageKeys } from '../../hooks/usePageKeys.js';
import { useViewKeys } from '../../hooks/useViewKeys.js';
import { JobProgressBar } from '../../widgets/JobProgressBar.js';
import { KeyTable } from '../../widgets/KeyTable.js';
import { Pager } from '../../widgets/Pager.js';
import { typingInField } from '../../hooks/typingInField.js';
import { CommonIssuesTable } from './CommonIssuesTable.js';
import { QualityImageDetail } from './QualityImageDetail.js';
import { QualityImageList } from './QualityImageList.js';
import { QUALITY_KEYS } from './qualityKeys.js';
import { QualityRunForm } from './QualityRunForm.js';
import { useQualityStore } from './qualityStore.js';
import { PAGE, useQuality } from './useQuality.js';
import './quality.css';

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
  const ui = useQualityStore();
  const { loaded, sets, models, classes, runs, form, setForm, page, issues, version, notice, job, run, rescore } = useQuality();
  const { runId, classId, pair, selected } = ui;
  const pageIndex = ui.page;

  const items = page.items;
  const current = items[Math.min(selected, items.length - 1)] ?? null;
  const pages = Math.max(1, Math.ceil(page.total / PAGE));
  usePageKeys(pageIndex, pages, ui.setPage);

  // The selected image as rescoring names it: sent to the editor, or rescored here.
  const target = useMemo(() => (current && runId !== null ? { imageId: current.imageId, runId, name: imageDisplayName(current) } : null), [current, runId]);

  const openCurrent = useCallback(() => {
    if (!target) return;
    useQualityStore.getState().sendToEditor(target);
    openInEditor(target.imageId);
  }, [target]);

  useWindowKeys((event) => {
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
        if (target) void rescore(target);
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
  });

  const currentRun = runs.find((r) => r.id === runId) ?? null;
  const className = (id: number) => classes.find((c) => c.id === id)?.name ?? `class ${id}`;

  return (
    <div className="quality" data-testid="quality-view">
      <aside className="quality-side">
        <h1>Label quality</h1>
        {!loaded ? (
          <p className="muted" aria-busy="true">Loading…</p>
        ) : models.length === 0 ? (
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
        {!loaded ? null : runs.length === 0 ? (
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
                <QualityImageList items={items} offset={pageIndex * PAGE} selected={Math.min(selected, items.length - 1)} thumbs={page.thumbs} onSelect={ui.select} />
                <Pager page={pageIndex} pages={pages} setPage={ui.setPage} label="quality" hint="PgUp / PgDn" />
              </div>
              {current && target && (
                <QualityImageDetail
                  runId={target.runId}
                  image={current}
                  classes={classes}
                  showMask={ui.showMask}
                  showFlagged={ui.showFlagged}
                  version={version}
                  onOpen={openCurrent}
                  onRescore={() => void rescore(target)}
                />
              )}
            </div>
          </>
        )}
      </section>
    </div>
  );
}
