import type { FinetuneRun } from '../../../../shared/contract/methods/finetuneMethods.js';
import { JobProgressBar } from '../../widgets/JobProgressBar.js';
import { useFinetune } from './useFinetune.js';
import './finetune.css';

const FIELDS: Array<{ key: 'iterations' | 'learningRate' | 'batchSize' | 'seed'; label: string; title: string }> = [
  { key: 'iterations', label: 'Iterations', title: 'SGD iterations (mini-batches), momentum 0.9, weight decay 5e-4' },
  { key: 'learningRate', label: 'Learning rate', title: 'Base rate of the polynomial decay (power 0.9), on standardised features; 1, 5 and 10 times it are tried and the best on T0 kept' },
  { key: 'batchSize', label: 'Batch', title: 'Pixels per mini-batch: half from S0, half from the counterexamples' },
  { key: 'seed', label: 'Seed', title: 'Seed of the pixel sampling; the same seed gives the same weights' },
];

const pct = (v: number) => `${(v * 100).toFixed(1)} %`;

function ScoreRow({ name, before, after }: { name: string; before: FinetuneRun['before']['new'] | null; after: FinetuneRun['after']['new'] | null }) {
  return (
    <tr>
      <td>{name}</td>
      <td>{before ? before.loss.toFixed(3) : '—'}</td>
      <td>{after ? after.loss.toFixed(3) : '—'}</td>
      <td>{before ? pct(before.accuracy) : '—'}</td>
      <td>{after ? pct(after.accuracy) : '—'}</td>
    </tr>
  );
}

/** The learning-rate grid of a run: each rate's validation mIoU at the iteration kept, the chosen one marked. */
function GridTable({ run }: { run: FinetuneRun }) {
  const v = run.validation;
  if (!run.grid || !v) return null;
  return (
    <>
      <p data-testid="finetune-validation" className={v.worse ? 'finetune-problem' : undefined}>
        Refitted the {run.trainable ?? 'head'}; learning rate chosen on {v.source} ({v.images} images, {v.pixels} labelled pixels): mIoU {v.parentMiou.toFixed(3)} for the parent,{' '}
        {v.miou.toFixed(3)} for {run.version}
        {v.worse ? ' — worse than its parent by more than the margin, registered because you confirmed it.' : '.'}
      </p>
      <table className="grid-table finetune-scores" data-testid="finetune-grid">
        <thead>
          <tr>
            <th>Learning rate</th>
            <th>{v.source} mIoU</th>
            <th>Kept iteration</th>
            <th>Stopped at</th>
          </tr>
        </thead>
        <tbody>
          {run.grid.map((g) => (
            <tr key={g.learningRate} className={g.learningRate === run.chosenLearningRate ? 'finetune-chosen' : undefined}>
              <td>
                {g.learningRate}
                {g.learningRate === run.chosenLearningRate ? ' (chosen)' : ''}
              </td>
              <td>{g.miou === null ? 'diverged' : g.miou.toFixed(3)}</td>
              <td>{g.bestIteration ?? '—'}</td>
              <td>{g.stoppedAt ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/**
 * Rectification in the app: refits the target's trainable tail (or its final 1×1 classifier) on
 * S0 ∪ S(1..i) as a job, the learning rate chosen on T0 with early stopping, then shows the new
 * version (now the target), the grid, and how the layers fit both halves before and after. A
 * version worse on T0 than its parent is registered only when the user ticked the confirmation.
 */
export function FinetunePanel({ onFinished }: { onFinished(): void }) {
  const { preview, form, setForm, job, start } = useFinetune(onFinished);

  if (!preview || !form) return null;
  const run = preview.lastRun;

  return (
    <section className="card finetune" data-testid="finetune-panel" aria-label="Fine-tune the target">
      <h2>Rectification: fine-tune the target</h2>
      <p className="muted">
        {preview.model ? (
          <>
            Target <strong>{`${preview.model.name} ${preview.model.version}`}</strong>
            {preview.tailLayers !== null
              ? ` (trainable tail of ${preview.tailLayers} pointwise layers, or its classifier head alone)`
              : preview.hasHead
                ? ` (classifier head over ${preview.featureChannels} features)`
                : ' (its card names no classifier head)'}
            ; learns from S0: {preview.old.images}{' '}
            images and counterexamples S: {preview.new.images} images, every batch half of each.
          </>
        ) : (
          'No target model yet.'
        )}
      </p>
      {preview.problem && (
        <p className="finetune-problem" data-testid="finetune-problem">
          {preview.problem}
        </p>
      )}
      <div className="row finetune-form">
        {FIELDS.map((f) => (
          <label key={f.key} className="field" title={f.title}>
            {f.label}
            <input inputMode="decimal" value={form[f.key]} onChange={(e) => setForm({ ...form, [f.key]: e.target.value })} />
          </label>
        ))}
        <label className="field" title="The whole chain of 1×1 layers the card names, or the final classifier alone">
          Refit
          <select value={form.trainable} onChange={(e) => setForm({ ...form, trainable: e.target.value === 'head' ? 'head' : 'tail' })} disabled={preview.tailLayers === null}>
            <option value="tail">tail</option>
            <option value="head">head only</option>
          </select>
        </label>
        <label className="finetune-accept" title="A version worse on T0 than its parent by more than the margin is otherwise not registered">
          <input type="checkbox" checked={form.acceptWorse} onChange={(e) => setForm({ ...form, acceptWorse: e.target.checked })} />
          Register even if worse on T0
        </label>
        <button type="button" className="primary" onClick={start} disabled={job.running || preview.problem !== null} data-testid="finetune-run">
          Fine-tune the target
        </button>
      </div>
      <JobProgressBar progress={job.progress} running={job.running} onCancel={job.cancel} />
      {run && (
        <div data-testid="finetune-result">
          <p>
            <strong>{`${run.name} ${run.version}`}</strong> (from {run.parentVersion}) {preview.model?.id === run.modelId ? 'is the target now' : 'was registered'}: {run.images.old} S0
            and {run.images.new} counterexample images, {run.iterations} iterations in {run.seconds.toFixed(1)} s. Run inference in the Models view for its predictions, then
            evaluate.
          </p>
          <table className="grid-table finetune-scores">
            <thead>
              <tr>
                <th>Pixels of</th>
                <th>Loss before</th>
                <th>Loss after</th>
                <th>Accuracy before</th>
                <th>Accuracy after</th>
              </tr>
            </thead>
            <tbody>
              <ScoreRow name="Counterexamples S" before={run.before.new} after={run.after.new} />
              <ScoreRow name="Training data S0" before={run.before.old} after={run.after.old} />
            </tbody>
          </table>
          <GridTable run={run} />
        </div>
      )}
    </section>
  );
}
