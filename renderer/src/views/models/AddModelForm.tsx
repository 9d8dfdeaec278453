import { useState, type FormEvent } from 'react';
import type { ModelEntry } from '../../../../shared/contract/domain.js';
import { errorMessage, useClient } from '../../hooks/clientContext.js';
import { providerName } from './providerName.js';

/**
 * Paths of an .onnx file and its card, typed in (the core reads them on its own machine). A
 * refused model shows the reason in full: every bad card field is on its own line.
 */
export function AddModelForm({ readOnly, onAdded }: { readOnly: boolean; onAdded(model: ModelEntry): void }) {
  const client = useClient();
  const [onnxPath, setOnnxPath] = useState('');
  const [cardPath, setCardPath] = useState('');
  const [target, setTarget] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [added, setAdded] = useState<string | null>(null);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    setAdded(null);
    client
      .call('models.add', { onnxPath: onnxPath.trim(), ...(cardPath.trim() ? { cardPath: cardPath.trim() } : {}), target })
      .then((model) => {
        setAdded(`Added ${model.name} ${model.version} (dry run passed on ${providerName(model.provider)}).`);
        setOnnxPath('');
        setCardPath('');
        setTarget(false);
        onAdded(model);
      })
      .catch((error) => setProblem(errorMessage(error)))
      .finally(() => setBusy(false));
  };

  if (readOnly) return <p className="muted">This project is open read-only; reopen it with write access to add models.</p>;
  return (
    <form className="card" onSubmit={submit} data-testid="add-model-form" aria-label="Add a model">
      <h2>Add a model</h2>
      <div className="add-model-fields">
        <div className="field">
          <label htmlFor="model-onnx">ONNX file</label>
          <input id="model-onnx" value={onnxPath} onChange={(e) => setOnnxPath(e.target.value)} placeholder="/path/to/model.onnx" spellCheck={false} />
        </div>
        <div className="field">
          <label htmlFor="model-card">Model card</label>
          <input
            id="model-card"
            value={cardPath}
            onChange={(e) => setCardPath(e.target.value)}
            placeholder="/path/to/model.card.json (empty: the card embedded in the ONNX file)"
            spellCheck={false}
          />
        </div>
      </div>
      <div className="row" style={{ alignItems: 'center', gap: 16 }}>
        <label className="check">
          <input type="checkbox" checked={target} onChange={(e) => setTarget(e.target.checked)} style={{ flex: 'none' }} />
          Make it the target
        </label>
        <button type="submit" className="primary" disabled={busy || !onnxPath.trim()}>
          {busy ? 'Checking…' : 'Add model'}
        </button>
      </div>
      {problem && (
        <pre className="add-model-error" role="alert" data-testid="add-model-error">
          {problem}
        </pre>
      )}
      {added && (
        <p className="muted" role="status" data-testid="add-model-result">
          {added}
        </p>
      )}
    </form>
  );
}
