import type { ProviderRequest } from '../../../../shared/contract/domain.js';
import { providerName } from './providerName.js';
import { TableHead } from '../../widgets/TableHead.js';
import { useInference } from './useInference.js';

/**
 * Run inference over every image not yet predicted, with the job's progress (images/s and ETA
 * in its message) and Cancel; below, what is done, failed and pending per model.
 */
export function InferencePanel({ readOnly, hasModels, refreshKey, onFinished }: { readOnly: boolean; hasModels: boolean; refreshKey: number; onFinished(): void }) {
  const { status, form, job, outcome, run } = useInference(refreshKey, onFinished);
  const { provider, setProvider, storeProbs, setStoreProbs, retryFailed, setRetryFailed } = form;
  const { cancel, running } = job;
  const progress = job.progress ?? { done: 0, total: null, message: 'Starting…' };

  return (
    <section className="card" data-testid="inference-panel" aria-label="Inference">
      <h2>Inference</h2>
      {status && (
        <p className="muted" data-testid="provider-in-use">
          Execution provider: {status.providerInUse ? providerName(status.providerInUse) : 'not chosen yet'} · best available tries{' '}
          {status.providers.map(providerName).join(' → ')}
          {status.fallbacks.map((f) => (
            <span key={f.provider} title={f.reason}>
              {' '}
              · {providerName(f.provider)} not used ({f.reason.length > 80 ? `${f.reason.slice(0, 80)}…` : f.reason})
            </span>
          ))}
        </p>
      )}
      {!readOnly && (
        <div className="inference-actions">
          <div className="field">
            <label htmlFor="inference-provider">Provider</label>
            <select id="inference-provider" value={provider} onChange={(e) => setProvider(e.target.value as ProviderRequest)} disabled={running}>
              <option value="auto">Best available</option>
              {(status?.providers ?? ['cpu']).map((p) => (
                <option key={p} value={p}>
                  {providerName(p)}
                </option>
              ))}
            </select>
          </div>
          <label className="check">
            <input type="checkbox" checked={storeProbs} onChange={(e) => setStoreProbs(e.target.checked)} style={{ flex: 'none' }} disabled={running} />
            Store probabilities (for label quality)
          </label>
          <label className="check">
            <input type="checkbox" checked={retryFailed} onChange={(e) => setRetryFailed(e.target.checked)} style={{ flex: 'none' }} disabled={running} />
            Retry failed images
          </label>
          <button type="button" className="primary" onClick={run} disabled={running || !hasModels}>
            Run inference
          </button>
          {running && (
            <button type="button" onClick={cancel} data-testid="inference-cancel">
              Cancel
            </button>
          )}
        </div>
      )}
      {running && (
        <div className="inference-progress" data-testid="inference-progress" aria-live="polite">
          <progress value={progress.total ? progress.done : undefined} max={progress.total ?? undefined} />
          <span>{progress.message}</span>
        </div>
      )}
      {outcome && (
        <p className={`inference-result ${outcome.state}`} role="status" data-testid="inference-result">
          {outcome.state === 'done' ? outcome.message : outcome.state === 'cancelled' ? 'Inference cancelled; what finished is stored. Run it again to continue.' : `Inference failed: ${outcome.error ?? ''}`}
        </p>
      )}
      {status && status.models.length > 0 && (
        <table className="grid-table" data-testid="inference-counts">
          <TableHead columns={['Model', 'Images', 'Done', 'Failed', 'Pending']} />
          <tbody>
            {status.models.map((m) => (
              <tr key={m.modelId} data-testid={`inference-counts-${m.modelId}`}>
                <td>
                  {m.name} {m.version}
                </td>
                <td>{m.images}</td>
                <td>{m.done}</td>
                <td>{m.failed}</td>
                <td>{m.pending}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
