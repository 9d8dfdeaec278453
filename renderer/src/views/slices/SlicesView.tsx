import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ModelSummary } from '../../../../shared/contract/domain.js';
import type { SliceReport } from '../../../../shared/contract/methods/sliceMethods.js';
import type { VisionModelInfo } from '../../../../shared/models/visionModels.js';
import { EChart } from '../../charts/EChart.js';
import { errorMessage, useClient } from '../../clientContext.js';
import { useJob, type JobProgress } from '../../hooks/useJob.js';
import { JobProgressBar } from '../../shell/JobProgressBar.js';
import { typingInField } from '../../shell/typingInField.js';
import { useViewKeys } from '../../shell/useViewKeys.js';
import { useAppStore } from '../../stores/appStore.js';
import { SliceCard } from './SliceCard.js';
import { failureRateChart } from './sliceChart.js';
import { percent, withInterval } from './sliceText.js';
import './slices.css';
import { ModelOptions } from '../../shell/ModelOptions.js';

type Population = 'auto' | 'labelled' | 'pool';

const FRESH_COUNT = 40;
/** The generator service's address is the user's, not the project's: remembered per browser. */
const GENERATOR_URL_KEY = 'faultline.generatorUrl';

/**
 * Failure slices of a model: the kinds of images it fails on, found among its own features,
 * described in attributes a person can check, ranked by confirmed lift on held-out images, and
 * confirmed again on fresh images (rated pool images, or generated ones).
 * Keys: R run, J/K next/previous slice, F fetch fresh pool images, G generate fresh images.
 */
const SLICES_KEYS = [
  ['R', 'Find slices with these settings'],
  ['J / K', 'Next / previous slice'],
  ['F', 'Fetch fresh pool images near the selected slice to rate'],
  ['G', 'Generate fresh images for the selected slice (demo scenes or your generator service)'],
] as const;

export function SlicesView() {
  useViewKeys(SLICES_KEYS);
  const client = useClient();
  const showError = useAppStore((s) => s.showError);
  const openRatingSet = useAppStore((s) => s.openRatingSet);
  const [models, setModels] = useState<ModelSummary[]>([]);
  const [modelId, setModelId] = useState<number | null>(null);
  const [population, setPopulation] = useState<Population>('auto');
  const [threshold, setThreshold] = useState('');
  const [visionModels, setVisionModels] = useState<VisionModelInfo[]>([]);
  const [embedding, setEmbedding] = useState('auto');
  const [captioner, setCaptioner] = useState('auto');
  const [generatorUrl, setGeneratorUrl] = useState(() => localStorage.getItem(GENERATOR_URL_KEY) ?? '');
  const [report, setReport] = useState<SliceReport | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [selected, setSelected] = useState(0);
  const fail = useCallback((error: unknown) => showError(errorMessage(error)), [showError]);

  const load = useCallback(
    (id: number | null) =>
      client
        .call('slices.get', id === null ? {} : { modelId: id })
        .then((r) => {
          setReport(r);
          setLoaded(true);
        })
        .catch(fail),
    [client, fail],
  );
  /** The slice whose fresh pool images are being fetched: the Rating view opens on their set. */
  const retrieving = useRef<{ runId: number; sliceIndex: number } | null>(null);
  const openFreshSet = useCallback(
    (request: { runId: number; sliceIndex: number }) =>
      client
        .call('rating.sets', {})
        .then((sets) => {
          const fresh = sets.find((s) => s.slice?.runId === request.runId && s.slice.sliceIndex === request.sliceIndex);
          if (fresh) openRatingSet(fresh.setId);
        })
        .catch(fail),
    [client, fail, openRatingSet],
  );
  const job = useJob(
    useCallback(
      (ended: JobProgress) => {
        void load(modelId);
        const request = retrieving.current;
        retrieving.current = null;
        if (request && ended.state === 'done') void openFreshSet(request);
      },
      [load, modelId, openFreshSet],
    ),
  );

  useEffect(() => {
    client.call('slices.visionModels', {}).then(setVisionModels).catch(fail);
    client
      .call('models.list')
      .then((list) => {
        setModels(list);
        const target = list.find((m) => m.isTarget) ?? list[0];
        setModelId(target?.id ?? null);
        void load(target?.id ?? null);
      })
      .catch(fail);
  }, [client, fail, load]);

  const run = useCallback(() => {
    if (job.running) return;
    const tau = threshold.trim() === '' ? null : Number(threshold);
    if (tau !== null && !(tau >= 0 && tau <= 1)) {
      showError('τ must be a number from 0 to 1, or empty for the default failure share.');
      return;
    }
    const params = {
      population,
      embedding,
      captioner,
      ...(tau === null ? {} : population === 'pool' ? { discrepancyAbove: tau } : { miouBelow: tau }),
    };
    client
      .call('slices.run', { ...(modelId === null ? {} : { modelId }), params })
      .then(({ jobId }) => job.track(jobId))
      .catch(fail);
  }, [captioner, client, embedding, fail, job, modelId, population, showError, threshold]);

  const fetchFresh = useCallback(
    (source: 'retrieval' | 'generator', sliceIndex: number, query?: string) => {
      if (!report || job.running) return;
      retrieving.current = source === 'retrieval' ? { runId: report.runId, sliceIndex } : null;
      client
        .call('slices.fetchFresh', {
          runId: report.runId,
          sliceIndex,
          source,
          count: FRESH_COUNT,
          ...(query ? { query } : {}),
          ...(source === 'generator' && generatorUrl.trim() ? { generatorUrl: generatorUrl.trim() } : {}),
        })
        .then(({ jobId }) => job.track(jobId))
        .catch((error: unknown) => {
          retrieving.current = null;
          fail(error);
        });
    },
    [client, fail, generatorUrl, job, report],
  );
  const canGenerate = (report?.generatorAvailable ?? false) || generatorUrl.trim() !== '';

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (typingInField(event.target) || event.altKey || event.ctrlKey || event.metaKey) return;
      const count = report?.slices.length ?? 0;
      if (event.key === 'r') run();
      else if (event.key === 'j' && count) setSelected((s) => Math.min(count - 1, s + 1));
      else if (event.key === 'k' && count) setSelected((s) => Math.max(0, s - 1));
      else if (event.key === 'f' && count) fetchFresh('retrieval', selected);
      else if (event.key === 'g' && count && canGenerate) fetchFresh('generator', selected);
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [canGenerate, fetchFresh, report, run, selected]);

  const chart = useMemo(() => (report && report.slices.length ? failureRateChart(report) : null), [report]);
  const encoders = visionModels.filter((m) => m.kind === 'image-encoder' && m.problem === null);
  const captioners = visionModels.filter((m) => m.kind === 'captioner' && m.problem === null);
  const unusable = visionModels.filter((m) => m.problem !== null);

  return (
    <section className="slices-view" data-testid="slices-view">
      <div className="row slices-controls">
        <h1>Failure slices</h1>
        <span className="spacer" />
        <label>
          Model{' '}
          <select
            value={modelId ?? ''}
            onChange={(e) => {
              const id = Number(e.target.value);
              setModelId(id);
              setSelected(0);
              void load(id);
            }}
            data-testid="slices-model"
          >
            <ModelOptions models={models} />
          </select>
        </label>
        <label>
          Images{' '}
          <select value={population} onChange={(e) => setPopulation(e.target.value as Population)} data-testid="slices-population">
            <option value="auto">auto</option>
            <option value="labelled">labelled (mIoU below τ)</option>
            <option value="pool">pool (discrepancy above τ)</option>
          </select>
        </label>
        <label>
          τ{' '}
          <input value={threshold} onChange={(e) => setThreshold(e.target.value)} placeholder="lowest 20 %" size={10} data-testid="slices-threshold" />
        </label>
        <label title="What embeds the images: the model's own features, or a CLIP-like image encoder from the project's models/ folder">
          Embedding{' '}
          <select value={embedding} onChange={(e) => setEmbedding(e.target.value)} data-testid="slices-embedding">
            <option value="auto">auto</option>
            <option value="target">the model&apos;s own features</option>
            {encoders.map((m) => (
              <option key={m.name} value={m.name}>
                {m.name}
                {m.text ? ' (image + text)' : ''}
              </option>
            ))}
          </select>
        </label>
        <label title="Describes slices in words too: a captioning model from the project's models/ folder">
          Captions{' '}
          <select value={captioner} onChange={(e) => setCaptioner(e.target.value)} data-testid="slices-captioner">
            <option value="auto">auto</option>
            <option value="off">off</option>
            {captioners.map((m) => (
              <option key={m.name} value={m.name}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
        <label title="A generator service (POST /plan, /generate; see the README). Empty: the built-in demo scenes, for projects with the demo world's classes">
          Generator{' '}
          <input
            value={generatorUrl}
            onChange={(e) => {
              setGeneratorUrl(e.target.value);
              localStorage.setItem(GENERATOR_URL_KEY, e.target.value);
            }}
            placeholder="built-in demo scenes"
            size={22}
            data-testid="slices-generator-url"
          />
        </label>
        <button type="button" className="primary" onClick={run} disabled={job.running || modelId === null} data-testid="slices-run" title="R">
          Find slices
        </button>
      </div>
      <JobProgressBar progress={job.progress} running={job.running} onCancel={job.cancel} />
      {unusable.map((m) => (
        <p key={m.name} className="badge warn slices-note" data-testid="vision-model-problem">
          models/{m.name} cannot be used: {m.problem}.
        </p>
      ))}

      {loaded && !report && (
        <p className="empty" data-testid="slices-empty">
          No slice run yet. Failure is fixed first (labelled images: image mIoU below τ; pool images: disagreement with competitors above τ), then the failures are
          clustered in the model&apos;s own feature space and every slice is tested on held-out images.
        </p>
      )}

      {report && (
        <>
          <div className="slices-summary" data-testid="slices-summary">
            <p>
              Run {report.runId} · {new Date(report.createdAt).toLocaleString()} · {report.population.images} images, {report.population.failures} failed. Failure:{' '}
              {report.population.rule}.
            </p>
            <p>
              Held-out baseline failure rate {withInterval(report.baseline, percent)} ({report.split.heldOut.images} images, split by {report.split.by}). Structure:
              cross-validated AUROC{' '}
              <strong data-testid="slices-auroc">{report.structure.auroc === null ? '—' : report.structure.auroc.toFixed(3)}</strong> on{' '}
              <span data-testid="slices-embedding-used">
                {report.embedding.encoder
                  ? `embeddings of the image encoder models/${report.embedding.encoder}`
                  : `the model's ${report.embedding.source === 'features' ? 'pooled features' : 'pooled class scores'}`}
              </span>{' '}
              ({report.embedding.dims} dimensions).
              {report.captioner && ` Captions by models/${report.captioner.name}, contrasted with ${report.captioner.reference} captions of images outside every slice.`}
            </p>
            <p>What failures have in common: {report.failureDescription}</p>
            {report.notes.map((n) => (
              <p key={n} className="badge warn slices-note">
                {n}
              </p>
            ))}
          </div>
          {chart && (
            <figure className="slices-chart">
              <figcaption>Held-out failure rate per slice (95 % Wilson interval) against the baseline</figcaption>
              <EChart option={chart} height={240} testId="slices-chart" />
            </figure>
          )}
          <div className="slice-list">
            {report.slices.map((s) => (
              <SliceCard
                key={s.index}
                slice={s}
                modelId={report.modelId}
                selected={s.index === selected}
                onSelect={() => setSelected(s.index)}
                fresh={{
                  retrieve: () => fetchFresh('retrieval', s.index),
                  search: report.embedding.text ? (query: string) => fetchFresh('retrieval', s.index, query) : null,
                  generate: () => fetchFresh('generator', s.index),
                  busy: job.running,
                  generatorAvailable: canGenerate,
                  generatorLabel: generatorUrl.trim() ? 'the generator service' : 'demo scenes',
                }}
              />
            ))}
          </div>
          {!report.embedding.encoder && !report.captioner && (
            <p className="muted">
              Put a CLIP-like image encoder or a captioning model (transformers.js ONNX folders) in the project&apos;s models/ folder to embed images with it, search fresh
              images by text and describe slices in words.
            </p>
          )}
        </>
      )}
    </section>
  );
}
