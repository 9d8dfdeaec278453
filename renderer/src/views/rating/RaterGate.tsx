import { useState, type FormEvent } from 'react';

/** Asks who is rating before the first rating, so every rating carries its author. */
export function RaterGate({ onChoose }: { onChoose(name: string): void }) {
  const [name, setName] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim()) onChoose(name.trim());
  };
  return (
    <form className="card rater-gate" onSubmit={submit} data-testid="rater-gate">
      <h2>Who is rating?</h2>
      <p className="muted">Your ratings are saved under this name; others rate the same images under theirs.</p>
      <div className="field">
        <label htmlFor="rater-name">Your name</label>
        <input id="rater-name" value={name} onChange={(e) => setName(e.target.value)} autoFocus />
      </div>
      <button type="submit" className="primary" disabled={!name.trim()}>
        Start rating
      </button>
    </form>
  );
}
