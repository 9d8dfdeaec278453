import type { FinetuneRun } from '../../../../shared/contract/methods/finetuneMethods.js';
import { JobProgressBar } from '../../widgets/JobProgressBar.js';
import { useFinetune, type FinetuneForm } from './useFinetune.js';
import './finetune.css';

const FIELDS: Array<{ key: keyof FinetuneForm; label: string; title: string }> = [
  { key: 'iterations', label: 'Iterations', title: 'SGD iterations (mini-batches), momentum 0.9, weight decay 5e-4' },
  { key: 'learningRate', label: 'Learning rate', title: 'Base rate of the polynomial decay (power 0.9), on standardised features' },
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

/**
 * Rectification in the app: refits the target's final 1×1 classifier on S0 ∪ S(1..i) as a job,
 * then shows the new version (now the target) and how the head fits both halves before and after.
 */
export function FinetunePanel({ onFinished }: { onFinished(): void }) {
  const { preview, form, setForm, job, start } = useFinetune(onFinished);

  if (!preview || !form) return null;
  const run = preview.lastRun;

  return (
    <section className="card finetune" data-testid="finetune-panel" aria-label="Fine-tune the target's head">
      <h2>Rectification: fine-tune the target&apos;s head</h2>
      <p className="muted">
        {preview.model ? (
          <>
            Target <strong>{`${preview.model.name} ${preview.model.version}`}</strong>
            {preview.hasHead ? ` (classifier head over ${preview.featureChannels} features)` : ' (its card names no classifier head)'}; learns from S0: {preview.old.images}{' '}
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
        <button type="button" className="primary" onClick={start} disabled={job.running || preview.problem !== null} data-testid="finetune-run">
          Fine-tune the target&apos;s head
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
        </div>
      )}
    </section>
  );
}
