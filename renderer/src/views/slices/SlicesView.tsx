import { useMemo } from 'react';
import { EChart } from '../../charts/EChart.js';
import { useViewKeys } from '../../hooks/useViewKeys.js';
import { JobProgressBar } from '../../widgets/JobProgressBar.js';
import { ModelOptions } from '../../widgets/ModelOptions.js';
import { typingInField } from '../../hooks/typingInField.js';
import { useWindowKeys } from '../../hooks/useWindowKeys.js';
import { SliceCard } from './SliceCard.js';
import { failureRateChart } from './sliceChart.js';
import { percent, withInterval } from './sliceText.js';
import { useSlices, type Population } from './useSlices.js';
import './slices.css';

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
  const { models, visionModels, modelId, pickModel, form, report, loaded, selected, setSelected, job, run, fetchFresh, canGenerate } = useSlices();
  const { population, setPopulation, threshold, setThreshold, embedding, setEmbedding, captioner, setCaptioner, generatorUrl, setGeneratorUrl } = form;

  useWindowKeys((event) => {
    if (typingInField(event.target) || event.altKey || event.ctrlKey || event.metaKey) return;
    const count = report?.slices.length ?? 0;
    if (event.key === 'r') run();
    else if (event.key === 'j' && count) setSelected((s) => Math.min(count - 1, s + 1));
    else if (event.key === 'k' && count) setSelected((s) => Math.max(0, s - 1));
    else if (event.key === 'f' && count) fetchFresh('retrieval', selected);
    else if (event.key === 'g' && count && canGenerate) fetchFresh('generator', selected);
    else return;
    event.preventDefault();
  });

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
            onChange={(e) => pickModel(Number(e.target.value))}
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
            onChange={(e) => setGeneratorUrl(e.target.value)}
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
