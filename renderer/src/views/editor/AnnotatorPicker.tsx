import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../hooks/clientContext.js';
import { useShowError } from '../../hooks/useShowError.js';

/** Asked once per browser: annotations, drafts and reviews carry this name. */
export function AnnotatorPicker({ onChoose }: { onChoose(name: string): Promise<void> }) {
  const showError = useShowError();
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setBusy(true);
    onChoose(name)
      .catch((error) => showError(errorMessage(error)))
      .finally(() => setBusy(false));
  };
  return (
    <section className="annotator-picker">
      <h1>Mask editor</h1>
      <form className="card" onSubmit={submit} data-testid="annotator-form">
        <label htmlFor="annotator-name">Your name (kept with every mask and review you make)</label>
        <div className="row">
          <input id="annotator-name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" maxLength={100} />
          <button type="submit" className="primary" disabled={busy || !name.trim()}>
            Start labelling
          </button>
        </div>
      </form>
    </section>
  );
}
