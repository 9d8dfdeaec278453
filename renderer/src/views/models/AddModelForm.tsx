import type { FormEvent } from 'react';
import type { ModelEntry } from '../../../../shared/contract/domain.js';
import { useAddModel } from './useAddModel.js';

/**
 * Paths of an .onnx file and its card, typed in (the core reads them on its own machine). A
 * refused model shows the reason in full: every bad card field is on its own line.
 */
export function AddModelForm({ readOnly, onAdded }: { readOnly: boolean; onAdded(model: ModelEntry): void }) {
  const { form, busy, problem, added, add } = useAddModel(onAdded);
  const { onnxPath, setOnnxPath, cardPath, setCardPath, target, setTarget } = form;

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    add();
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
