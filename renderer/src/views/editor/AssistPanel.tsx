import { useEffect, useSyncExternalStore } from 'react';
import { ASSIST_PAINT_RULES, type AssistPaintRule } from '../../../../shared/assist/paintMask.js';
import type { AssistModelInfo } from '../../../../shared/assist/assistCard.js';
import type { AssistController } from '../../editor/assistController.js';
import { useEditorStore } from '../../editor/editorStore.js';
import { useMethod } from '../../hooks/useLoad.js';

const RULE_LABEL: Record<AssistPaintRule, string> = { unlabelled: 'only unlabelled pixels', overwrite: 'over any label' };

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/**
 * The assist tool's side panel: which model, where an accepted mask paints, whether the image is
 * encoded yet (with a cancel while it is), and the object in progress. The first usable model is
 * chosen by itself; encoding starts when the tool is picked and never holds up the other tools.
 */
export interface AssistPanelProps {
  controller: AssistController;
  /** The next images of the editor's queue, encoded in the background behind this one. */
  next: readonly number[];
  models: readonly AssistModelInfo[];
  onAccept(): void;
}

export function AssistPanel({ controller, next, models, onAccept }: AssistPanelProps) {
  const status = useSyncExternalStore(controller.subscribe, () => controller.status);
  const object = useSyncExternalStore(controller.subscribe, () => controller.object);
  const model = useEditorStore((s) => s.assistModel);
  const rule = useEditorStore((s) => s.assistRule);
  const { setAssistModel, setAssistRule } = useEditorStore.getState();
  const usable = models.filter((m) => m.problem === null);
  const chosen = model !== null && usable.some((m) => m.name === model) ? model : (usable[0]?.name ?? null);
  const nextKey = next.join(',');

  useEffect(() => {
    if (chosen === null) return;
    if (chosen !== model) setAssistModel(chosen);
    void controller.prepare(chosen, nextKey ? nextKey.split(',').map(Number) : []);
  }, [chosen, controller, model, nextKey, setAssistModel]);

  if (models.length === 0) {
    return (
      <section className="assist-panel" data-testid="assist-panel">
        <h2>Assist</h2>
        <p className="muted">No assist models in this project. Copy a SAM-family encoder and decoder (ONNX) into a folder of the project’s models/ folder with an assist.json, or a transformers.js SAM folder as it is; see the README.</p>
      </section>
    );
  }
  const ready = status.state === 'ready';
  return (
    <section className="assist-panel" data-testid="assist-panel">
      <h2>Assist</h2>
      <label className="field">
        Model
        <select value={chosen ?? ''} onChange={(e) => (setAssistModel(e.target.value), e.currentTarget.blur())} data-testid="assist-model">
          {models.map((m) => (
            <option key={m.name} value={m.name} disabled={m.problem !== null} title={m.problem ?? `${m.family} · ${m.licence}`}>
              {m.name}
              {m.problem ? ' (cannot be used)' : ` — ${m.family}`}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        Paint
        <select value={rule} onChange={(e) => (setAssistRule(e.target.value as AssistPaintRule), e.currentTarget.blur())} data-testid="assist-rule">
          {ASSIST_PAINT_RULES.map((r) => (
            <option key={r} value={r}>
              {RULE_LABEL[r]}
            </option>
          ))}
        </select>
      </label>
      <p className={`assist-status ${status.state}`} role="status" data-testid="assist-status" data-state={status.state}>
        {status.state === 'encoding' && (
          <>
            <span className="spinner" aria-hidden="true" /> Encoding the image… the other tools keep working.{' '}
            <button type="button" onClick={() => void controller.cancel()} data-testid="assist-cancel">
              Cancel
            </button>
          </>
        )}
        {status.state === 'ready' && (status.cached ? 'Ready (encoded before).' : `Ready (encoded in ${seconds(status.encodeMs ?? 0)}).`)}
        {status.state === 'failed' && (
          <>
            {status.message}{' '}
            <button type="button" onClick={() => void controller.prepare(status.model, next)} data-testid="assist-retry">
              Try again
            </button>
          </>
        )}
      </p>
      {ready && (
        <p className="muted assist-hint">
          Click the object · right or Alt+click what is not · drag a box. A first click inside a region of the current class refines it.
        </p>
      )}
      {(object.points.length > 0 || object.box) && (
        <div className="assist-object" data-testid="assist-object" data-points={object.points.length} data-pending={object.pending}>
          <span>
            {object.points.filter((p) => p.positive).length} on · {object.points.filter((p) => !p.positive).length} off{object.box ? ' · box' : ''}
            {object.refined ? ' · refining a region' : ''}
            {object.score !== null ? ` · predicted IoU ${object.score.toFixed(2)}` : ''}
          </span>
          <span className="assist-actions">
            <button type="button" className="primary" disabled={!object.preview} onClick={onAccept} data-testid="assist-accept">
              Accept (Enter)
            </button>
            <button type="button" onClick={() => controller.discard()} data-testid="assist-discard">
              Discard (Esc)
            </button>
          </span>
        </div>
      )}
    </section>
  );
}

/** The assist models of the project, asked once per editing session. */
export function useAssistModels(): readonly AssistModelInfo[] | null {
  return useMethod('assist.models', {}).data ?? null;
}
