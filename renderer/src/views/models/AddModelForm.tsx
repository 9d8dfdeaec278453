import { useMemo, useRef, useState, type FormEvent } from 'react';
import type { ModelEntry } from '../../../../shared/contract/domain.js';
import { CARD_FIELD_PATHS, refusalPieces } from '../../../../shared/models/refusalFields.js';
import { CardForm } from './CardForm.js';
import type { FieldNotes } from './CardFields.js';
import { CardPreview } from './CardPreview.js';
import { useAddModel } from './useAddModel.js';
import { useCardDraft } from './useCardDraft.js';

/** Splits a refusal into the parts the card form shows next to fields and the rest. */
function placeRefusal(message: string | null): { problems: Map<string, string[]>; general: string[] } {
  const problems = new Map<string, string[]>();
  const general: string[] = [];
  for (const piece of message === null ? [] : refusalPieces(message)) {
    const field = piece.fields.find((f) => CARD_FIELD_PATHS.includes(f) && f !== 'ignoreIndex');
    if (field === undefined) general.push(piece.text);
    else problems.set(field, [...(problems.get(field) ?? []), piece.text]);
    for (const other of piece.fields) if (other !== field && !problems.has(other)) problems.set(other, []);
  }
  return { problems, general };
}

/**
 * Paths of an .onnx file and its card, typed in (the core reads them on its own machine); or,
 * after "Inspect", a card form filled from the card the core drafts for the file, previewed on
 * an image before the model is added with it. A refusal shows in full: a bad card lists every
 * field on its own line, and in the card form each part sits next to the field it names.
 */
export function AddModelForm({ readOnly, onAdded }: { readOnly: boolean; onAdded(model: ModelEntry): void }) {
  const { form, busy, problem, clearProblem, added, add } = useAddModel(onAdded);
  const { onnxPath, setOnnxPath, cardPath, setCardPath, target, setTarget } = form;
  const draft = useCardDraft();
  const [imagePath, setImagePath] = useState('');
  const imageInput = useRef<HTMLInputElement>(null);
  // The latest refusal, from the preview or the add, is the one the fields show.
  const refusal = draft.card ? (draft.refusal ?? problem) : null;
  const placed = useMemo(() => placeRefusal(refusal), [refusal]);
  const notes: FieldNotes = useMemo(() => ({ unsure: new Set(draft.unsure), problems: placed.problems }), [draft.unsure, placed]);

  const preview = (): void => {
    if (!imagePath.trim()) {
      imageInput.current?.focus();
      return;
    }
    clearProblem();
    draft.preview(onnxPath.trim(), imagePath.trim());
  };
  const addWithCard = (): void => {
    if (!draft.card) return;
    draft.setRefusal(null);
    void add(draft.card).then((ok) => ok && draft.discard());
  };
  // Enter previews while the card form is open (repeatable, changes nothing); it adds otherwise.
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (draft.card) preview();
    else void add();
  };

  if (readOnly) return <p className="muted">This project is open read-only; reopen it with write access to add models.</p>;
  return (
    <form className="card" onSubmit={submit} data-testid="add-model-form" aria-label="Add a model">
      <h2>Add a model</h2>
      <div className="add-model-fields">
        <div className="field">
          <label htmlFor="model-onnx">ONNX file</label>
          <div className="row">
            <input id="model-onnx" value={onnxPath} onChange={(e) => setOnnxPath(e.target.value)} placeholder="/path/to/model.onnx" spellCheck={false} />
            <button type="button" disabled={draft.busy !== null || !onnxPath.trim()} onClick={() => draft.inspect(onnxPath.trim())} title="Read the graph and fill a card form from it">
              {draft.busy === 'inspect' ? 'Inspecting…' : 'Inspect'}
            </button>
          </div>
        </div>
        {draft.card ? (
          <div className="field">
            <span>Model card</span>
            <p className="muted card-form-note">
              The card below, filled from the graph. Fields marked <span className="badge warn">guessed</span> could not be read from it: preview the card on an image to check them.{' '}
              <button type="button" className="link" onClick={draft.discard}>
                Use a card file instead
              </button>
            </p>
          </div>
        ) : (
          <div className="field">
            <label htmlFor="model-card">Model card</label>
            <input
              id="model-card"
              value={cardPath}
              onChange={(e) => setCardPath(e.target.value)}
              placeholder="/path/to/model.card.json (empty: the card embedded in the ONNX file; or Inspect to fill a card form)"
              spellCheck={false}
            />
          </div>
        )}
      </div>
      {draft.card && (
        <div className="card-editor">
          <CardForm card={draft.card} onChange={draft.setCard} signature={draft.signature} notes={notes} />
          <div className="card-preview-panel">
            <div className="field">
              <label htmlFor="model-preview-image">Image to preview</label>
              <div className="row">
                <input id="model-preview-image" ref={imageInput} value={imagePath} onChange={(e) => setImagePath(e.target.value)} placeholder="/path/to/photo.jpg" spellCheck={false} />
                <button type="submit" disabled={draft.busy !== null}>
                  {draft.busy === 'preview' ? 'Running…' : 'Preview'}
                </button>
              </div>
            </div>
            {draft.shown ? <CardPreview shown={draft.shown} /> : <p className="muted">Run the model with this card on one of your images to see its mask before adding it.</p>}
            <details>
              <summary>The card as JSON (to save as NAME.card.json for the CLI)</summary>
              <textarea className="card-json" aria-label="Card JSON" readOnly rows={12} value={JSON.stringify(draft.card, null, 2)} spellCheck={false} />
            </details>
          </div>
        </div>
      )}
      <div className="row" style={{ alignItems: 'center', gap: 16 }}>
        <label className="check">
          <input type="checkbox" checked={target} onChange={(e) => setTarget(e.target.checked)} style={{ flex: 'none' }} />
          Make it the target
        </label>
        {draft.card ? (
          <button type="button" className="primary" disabled={busy || draft.busy !== null || !onnxPath.trim()} onClick={addWithCard}>
            {busy ? 'Checking…' : 'Add model'}
          </button>
        ) : (
          <button type="submit" className="primary" disabled={busy || !onnxPath.trim()}>
            {busy ? 'Checking…' : 'Add model'}
          </button>
        )}
      </div>
      {draft.card
        ? refusal && (
            <pre className="add-model-error" role="alert" data-testid="add-model-error">
              {placed.general.length > 0 ? placed.general.join('\n') : 'The model was refused: see the fields marked in red.'}
            </pre>
          )
        : (problem ?? draft.refusal) && (
            <pre className="add-model-error" role="alert" data-testid="add-model-error">
              {problem ?? draft.refusal}
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
