import { useMemo, useState } from 'react';
import type { ErrorOverview } from '../../../../shared/contract/methods/errorMethods.js';
import { CATEGORY_INFO, type ErrorCategory } from '../../../../shared/errors/errorCategories.js';
import { EChart, type ChartOption } from '../../charts/EChart.js';
import { openInEditor } from '../../editor/deepLink.js';
import { useViewKeys } from '../../hooks/useViewKeys.js';
import { paletteOf } from '../../overlay/labelMapOverlay.js';
import { JobProgressBar } from '../../widgets/JobProgressBar.js';
import { Pager } from '../../widgets/Pager.js';
import { typingInField } from '../../hooks/typingInField.js';
import { useWindowKeys } from '../../hooks/useWindowKeys.js';
import { ErrorConfigPanel, LEAVE_QUESTION } from './ErrorConfigPanel.js';
import { ErrorGallery } from './ErrorGallery.js';
import { ErrorImageDetail } from './ErrorImageDetail.js';
import { CHARTED_CATEGORIES, modelName, runLabel, stackedErrorBars, type Weight } from './errorCharts.js';
import { RunComparison } from './RunComparison.js';
import { runKey, useErrorGallery } from './useErrorGallery.js';
import { useErrorOverview } from './useErrorOverview.js';
import './errors.css';

function chartOption(overview: ErrorOverview, weight: Weight, asShare: boolean): ChartOption {
  const bars = stackedErrorBars(overview, weight, asShare);
  const format = (v: unknown) => (typeof v !== 'number' ? '' : asShare ? `${(v * 100).toFixed(1)} %` : String(v));
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: format },
    legend: { type: 'scroll', top: 0 },
    grid: { left: 64, right: 16, top: 44, bottom: 80 },
    xAxis: { type: 'category', data: bars.labels, axisLabel: { rotate: 25, interval: 0 } },
    yAxis: { type: 'value', name: asShare ? 'share of errors' : weight, nameLocation: 'middle', nameGap: 48, ...(asShare ? { max: 1 } : {}) },
    series: bars.series.map((s) => ({ name: s.name, type: 'bar', stack: 'errors', data: s.data, itemStyle: { color: s.color }, emphasis: { focus: 'series' } })),
  };
}

/**
 * Explain failures: the kinds of error each model makes on each labelled set and round (which
 * kinds fine-tuning fixed, which are new), a gallery of one kind with its regions boxed, and an
 * image with its reference and prediction side by side.
 */
const ERRORS_KEYS = [
  ['Ctrl+Enter', 'Classify the errors of the chosen model and set'],
  ['← / →', 'Previous / next image of the gallery'],
  ['Enter', 'Open the selected image with both masks'],
  ['E', 'Open the image in the mask editor'],
  ['Esc', 'Close the image'],
  ['Ctrl+S', 'Save the hierarchy and thresholds (editor open)'],
] as const;

export function ErrorsView() {
  useViewKeys(ERRORS_KEYS);
  const { overview, classes, reload, job, runModel, setRunModel, runSet, setRunSet, classify } = useErrorOverview();
  const { runs, run, categoryOf, pickRun, pickCategory, page, pages, setPage, items, selected, setSelected, openImage, setOpenImage } = useErrorGallery(overview);
  const [weight, setWeight] = useState<Weight>('pixels');
  const [asShare, setAsShare] = useState(false);
  const [configOpen, setConfigOpen] = useState(false);
  const [configDirty, setConfigDirty] = useState(false);

  useWindowKeys((event) => {
    if (typingInField(event.target) || event.altKey) return;
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      classify();
    } else if (event.key === 'Escape' && openImage !== null) setOpenImage(null);
    else if ((event.key === 'e' || event.key === 'E') && openImage !== null) openInEditor(openImage);
    else if (openImage === null && event.key === 'ArrowRight') setSelected((s) => Math.min(items.length - 1, s + 1));
    else if (openImage === null && event.key === 'ArrowLeft') setSelected((s) => Math.max(0, s - 1));
    else if (openImage === null && event.key === 'Enter' && items[selected]) setOpenImage(items[selected]!.imageId);
  });

  const toggleConfig = () => {
    if (configOpen && configDirty && !window.confirm(LEAVE_QUESTION)) return;
    setConfigDirty(false);
    setConfigOpen(!configOpen);
  };

  const option = useMemo(() => (overview ? chartOption(overview, weight, asShare) : null), [overview, weight, asShare]);
  const palette = useMemo(() => paletteOf(classes), [classes]);
  if (!overview || !option) return null;

  return (
    <section className="errors" data-testid="errors-view">
      <div className="row errors-head">
        <h1>Errors</h1>
        <span className="spacer" />
        <select aria-label="Model to classify" value={runModel ?? ''} onChange={(e) => setRunModel(e.target.value ? Number(e.target.value) : null)}>
          <option value="">All models</option>
          {overview.models.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name} {m.version}
            </option>
          ))}
        </select>
        <select aria-label="Set to classify" value={runSet ?? ''} onChange={(e) => setRunSet(e.target.value || null)}>
          <option value="">All labelled sets</option>
          {overview.sets.map((s) => (
            <option key={s.name} value={s.name}>
              {s.name} ({s.images})
            </option>
          ))}
        </select>
        <button type="button" className="primary" onClick={classify} disabled={job.running || overview.sets.length === 0} data-testid="errors-run" title="Ctrl+Enter">
          Classify errors
        </button>
        <button type="button" onClick={toggleConfig} aria-expanded={configOpen} data-testid="errors-config-toggle">
          Hierarchy &amp; thresholds{configDirty ? ' •' : ''}
        </button>
      </div>
      <JobProgressBar progress={job.progress} running={job.running} onCancel={job.cancel} />
      {configOpen && <ErrorConfigPanel onSaved={() => void reload()} onDirtyChange={setConfigDirty} />}

      {overview.sets.length === 0 ? (
        <p className="empty">No labelled set yet: import a labelled train split (S0) or test split (T0), or label a round’s test set.</p>
      ) : runs.length === 0 ? (
        <p className="empty" data-testid="errors-empty">
          No errors classified yet. Choose a model and a set (or all) and classify.
        </p>
      ) : (
        <>
          <figure className="errors-chart">
            <figcaption className="row">
              <span>Kinds of error per model and round</span>
              <span className="spacer" />
              <label className="check">
                <input type="radio" name="weight" checked={weight === 'pixels'} onChange={() => setWeight('pixels')} /> pixels
              </label>
              <label className="check">
                <input type="radio" name="weight" checked={weight === 'regions'} onChange={() => setWeight('regions')} /> regions
              </label>
              <label className="check">
                <input type="checkbox" checked={asShare} onChange={(e) => setAsShare(e.target.checked)} /> as shares
              </label>
            </figcaption>
            <EChart option={option} height={340} testId="errors-chart" />
          </figure>

          <div className="row errors-pick">
            <label className="check">
              Run
              <select aria-label="Run" value={run ? runKey(run) : ''} onChange={(e) => pickRun(e.target.value)} data-testid="run-select">
                {runs.map((r) => (
                  <option key={r.runId} value={runKey(r)}>
                    {runLabel(overview, r)} ({r.images} images)
                  </option>
                ))}
              </select>
            </label>
            <label className="check">
              Kind
              <select
                aria-label="Kind of error"
                value={categoryOf ?? ''}
                onChange={(e) => pickCategory(e.target.value as ErrorCategory)}
                data-testid="category-select"
              >
                {run &&
                  CHARTED_CATEGORIES.map((c) => (
                    <option key={c} value={c} disabled={run.totals[c].regions === 0}>
                      {CATEGORY_INFO[c].label} ({run.totals[c].regions})
                    </option>
                  ))}
              </select>
            </label>
          </div>
          {run?.note && (
            <p className="muted" data-testid="run-note">
              {run.note}
            </p>
          )}
          {run && <RunComparison overview={overview} run={run} />}

          {openImage !== null && run ? (
            <ErrorImageDetail
              key={`${run.runId}:${openImage}`}
              runId={run.runId}
              imageId={openImage}
              modelName={modelName(overview, run.modelId)}
              classes={classes}
              palette={palette}
              onClose={() => setOpenImage(null)}
            />
          ) : (
            <>
              {items.length === 0 ? (
                <p className="empty">No region of this kind in this run.</p>
              ) : (
                <ErrorGallery items={items} selected={selected} onSelect={setSelected} onOpen={(i) => setOpenImage(items[i]!.imageId)} />
              )}
              <Pager page={page} pages={pages} setPage={setPage} label="error-gallery" hint="PageUp / PageDown · ← → select · Enter opens" />
            </>
          )}
        </>
      )}
    </section>
  );
}
