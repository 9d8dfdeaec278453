import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ClassInfo } from '../../../../shared/contract/domain.js';
import type { MethodOutput } from '../../../../shared/contract/methods.js';
import type { ErrorOverview } from '../../../../shared/contract/methods/errorMethods.js';
import { CATEGORY_INFO, type ErrorCategory } from '../../../../shared/errors/errorCategories.js';
import { EChart, axisStyle, type ChartOption } from '../../charts/EChart.js';
import { errorMessage, useClient } from '../../clientContext.js';
import { openInEditor } from '../../editor/deepLink.js';
import { useJob } from '../../hooks/useJob.js';
import { paletteOf } from '../../overlay/labelMapOverlay.js';
import { JobProgressBar } from '../../shell/JobProgressBar.js';
import { typingInField } from '../../shell/typingInField.js';
import { useViewKeys } from '../../shell/useViewKeys.js';
import { useAppStore } from '../../stores/appStore.js';
import { Pager } from '../pool/Pager.js';
import { usePageKeys } from '../pool/usePageKeys.js';
import { ErrorConfigPanel, LEAVE_QUESTION } from './ErrorConfigPanel.js';
import { ErrorGallery } from './ErrorGallery.js';
import { ErrorImageDetail } from './ErrorImageDetail.js';
import { CHARTED_CATEGORIES, modelName, runLabel, stackedErrorBars, type Weight } from './errorCharts.js';
import { RunComparison } from './RunComparison.js';
import './errors.css';

const PAGE = 24;
const runKey = (r: { modelId: number; setName: string }) => `${r.modelId}:${r.setName}`;

function chartOption(overview: ErrorOverview, weight: Weight, asShare: boolean): ChartOption {
  const bars = stackedErrorBars(overview, weight, asShare);
  const format = (v: unknown) => (typeof v !== 'number' ? '' : asShare ? `${(v * 100).toFixed(1)} %` : String(v));
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: format },
    legend: { type: 'scroll', top: 0, textStyle: { color: '#c9cdd8' } },
    grid: { left: 64, right: 16, top: 44, bottom: 80 },
    xAxis: { type: 'category', data: bars.labels, ...axisStyle, axisLabel: { ...axisStyle.axisLabel, rotate: 25, interval: 0 } },
    yAxis: { type: 'value', name: asShare ? 'share of errors' : weight, nameLocation: 'middle', nameGap: 48, ...(asShare ? { max: 1 } : {}), ...axisStyle },
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
  const client = useClient();
  const showError = useAppStore((s) => s.showError);
  const fail = useCallback((error: unknown) => showError(errorMessage(error)), [showError]);
  const [overview, setOverview] = useState<ErrorOverview | null>(null);
  const [classes, setClasses] = useState<ClassInfo[]>([]);
  const [runModel, setRunModel] = useState<number | null>(null);
  const [runSet, setRunSet] = useState<string | null>(null);
  const [weight, setWeight] = useState<Weight>('pixels');
  const [asShare, setAsShare] = useState(false);
  const [chosen, setChosen] = useState<string | null>(null);
  const [category, setCategory] = useState<ErrorCategory | null>(null);
  const [page, setPage] = useState(0);
  const [gallery, setGallery] = useState<MethodOutput<'errors.gallery'> | null>(null);
  const [selected, setSelected] = useState(0);
  const [openImage, setOpenImage] = useState<number | null>(null);
  const [configOpen, setConfigOpen] = useState(false);
  const [configDirty, setConfigDirty] = useState(false);

  const load = useCallback(
    () =>
      Promise.all([client.call('errors.overview'), client.call('classes.list')])
        .then(([o, c]) => {
          setOverview(o);
          setClasses(c);
        })
        .catch(fail),
    [client, fail],
  );
  const job = useJob(
    useCallback(
      (end) => {
        if (end.state === 'done') void load();
      },
      [load],
    ),
  );
  useEffect(() => {
    void load();
  }, [load]);

  const classify = useCallback(() => {
    if (job.running) return;
    client
      .call('errors.run', { ...(runModel !== null ? { modelIds: [runModel] } : {}), ...(runSet !== null ? { sets: [runSet] } : {}) })
      .then(({ jobId }) => job.track(jobId))
      .catch(fail);
  }, [client, job, runModel, runSet, fail]);

  const runs = useMemo(() => overview?.runs.filter((r) => r.images > 0) ?? [], [overview]);
  const run = runs.find((r) => runKey(r) === chosen) ?? runs[runs.length - 1] ?? null;
  const runId = run?.runId ?? null;
  const categoryOf = useMemo(() => {
    if (!run) return null;
    if (category && run.totals[category].regions > 0) return category;
    const ranked = CHARTED_CATEGORIES.filter((c) => run.totals[c].regions > 0).sort((a, b) => run.totals[b].pixels - run.totals[a].pixels);
    return ranked[0] ?? category;
  }, [run, category]);

  useEffect(() => {
    if (runId === null || categoryOf === null) {
      setGallery(null);
      return;
    }
    let live = true;
    client
      .call('errors.gallery', { runId, category: categoryOf, offset: page * PAGE, limit: PAGE })
      .then((g) => {
        if (!live) return;
        setGallery(g);
        setSelected(0);
      })
      .catch(fail);
    return () => {
      live = false;
    };
  }, [client, runId, categoryOf, page, fail]);

  const items = gallery?.items ?? [];
  const pages = Math.max(1, Math.ceil((gallery?.total ?? 0) / PAGE));
  usePageKeys(page, pages, setPage);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (typingInField(event.target) || event.altKey) return;
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        classify();
      } else if (event.key === 'Escape' && openImage !== null) setOpenImage(null);
      else if ((event.key === 'e' || event.key === 'E') && openImage !== null) openInEditor(openImage);
      else if (openImage === null && event.key === 'ArrowRight') setSelected((s) => Math.min(items.length - 1, s + 1));
      else if (openImage === null && event.key === 'ArrowLeft') setSelected((s) => Math.max(0, s - 1));
      else if (openImage === null && event.key === 'Enter' && items[selected]) setOpenImage(items[selected]!.imageId);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [classify, openImage, items, selected]);

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
      {configOpen && <ErrorConfigPanel onSaved={() => void load()} onDirtyChange={setConfigDirty} />}

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
              <select aria-label="Run" value={run ? runKey(run) : ''} onChange={(e) => (setChosen(e.target.value), setPage(0), setOpenImage(null))} data-testid="run-select">
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
                onChange={(e) => (setCategory(e.target.value as ErrorCategory), setPage(0), setOpenImage(null))}
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
