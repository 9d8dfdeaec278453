import { useEffect, useMemo, useRef, useState } from 'react';
import type { Person } from '../../../../shared/contract/domain.js';
import { imageDisplayName } from '../../../../shared/images/displayName.js';
import { attentionColour } from '../../../../shared/labels/attentionColour.js';
import { useClient } from '../../hooks/clientContext.js';
import type { EditorAction } from '../../editor/editorKeys.js';
import { useEditorStore, type EditorMode } from '../../editor/editorStore.js';
import { EditorSurface } from '../../editor/editorSurface.js';
import { exposeProbe } from '../../editor/testProbe.js';
import { ClassLegend } from './ClassLegend.js';
import { EditorToolbar } from './EditorToolbar.js';
import type { LoadedWorkspace } from './loadWorkspace.js';
import { MarkPins } from './MarkPins.js';
import { ReturnedMarks, ReviewPanel } from './ReviewPanel.js';
import { useEditorKeys } from './useEditorKeys.js';
import { VersionHistory } from './VersionHistory.js';
import { useEditingSession, type SaveState } from './useEditingSession.js';
import { ViewBus } from './viewBus.js';

function saveText(save: SaveState): string {
  const at = save.at ? new Date(save.at).toLocaleTimeString() : '';
  switch (save.state) {
    case 'clean':
      return 'No changes';
    case 'restored':
      return `Draft restored (saved ${at})`;
    case 'unsaved':
      return 'Unsaved changes…';
    case 'saving':
      return 'Saving draft…';
    case 'saved':
      return `Draft saved ${at}`;
    case 'failed':
      return 'Draft not saved';
  }
}

export function EditingSession({ loaded, mode, person }: { loaded: LoadedWorkspace; mode: EditorMode; person: Person }) {
  const client = useClient();
  const { session, classes } = loaded;
  const markColour = useMemo(() => attentionColour(classes.map((c) => c.color)), [classes]);
  const imageId = session.image.id;

  // Choose a class the image can be painted with from the start.
  useEffect(() => {
    const { classId, setClass } = useEditorStore.getState();
    if (classes.length > 0 && !classes.some((c) => c.id === classId)) setClass(classes[0]!.id);
  }, [classes]);

  const { editor, timer, readOnly, save, history, notice, setNotice, marks, setMarks, busy, submit, decide, startFrom, saveDraft, leave } = useEditingSession(
    loaded,
    mode,
    person,
  );
  const bus = useMemo(() => new ViewBus(), []);
  const surfaceRef = useRef<EditorSurface | null>(null);
  const stageRef = useRef<HTMLDivElement>(null);
  const imageRef = useRef<HTMLImageElement>(null);
  const layersRef = useRef<HTMLDivElement>(null);
  const [polygonOpen, setPolygonOpen] = useState(false);

  useEffect(() => {
    const surface = new EditorSurface(
      { stage: stageRef.current!, image: imageRef.current!, layers: layersRef.current! },
      editor,
      new Map(classes.map((c) => [c.id, c.color])),
      readOnly,
      {
        onView: (view) => bus.set(view),
        onActivity: () => timer.touch(performance.now()),
        onReviewClick: (x, y) => setMarks((m) => [...m, { x, y, kind: useEditorStore.getState().markKind, comment: '' }]),
        onNotice: setNotice,
        onPolygonEdit: () => setPolygonOpen(surfaceRef.current?.polygonInProgress ?? false),
      },
    );
    surfaceRef.current = surface;
    const hideProbe = exposeProbe(imageId, editor, surface);
    return () => {
      hideProbe();
      surface.dispose();
      surfaceRef.current = null;
    };
  }, [bus, classes, editor, imageId, readOnly, timer]);

  const act = (action: EditorAction): boolean => {
    const surface = surfaceRef.current;
    const store = useEditorStore.getState();
    timer.touch(performance.now());
    switch (action.type) {
      case 'tool':
        if (readOnly) return false;
        store.setTool(action.tool);
        return true;
      case 'class': {
        const c = classes[action.index];
        if (!c || readOnly) return false;
        store.setClass(c.id);
        return true;
      }
      case 'brushSize':
        store.stepBrush(action.step);
        return true;
      case 'zoom':
        surface?.zoom(action.step);
        return true;
      case 'fit':
        surface?.fit();
        return true;
      case 'undo':
        if (!readOnly) editor.undo();
        return true;
      case 'redo':
        if (!readOnly) editor.redo();
        return true;
      case 'toggleMask':
        store.toggleMask();
        return true;
      case 'toggleImage':
        store.toggleImage();
        return true;
      case 'opacity':
        store.setOpacity(store.opacity + action.step * 0.1);
        return true;
      case 'cancel':
        return surface?.cancel() ?? false;
      case 'closePolygon':
        return surface?.closePolygon() ?? false;
      case 'removeVertex':
        return surface?.removeVertex() ?? false;
      case 'saveDraft':
        saveDraft();
        return true;
      case 'submit':
        void submit(action.next);
        return true;
      case 'accept':
        void decide('accepted');
        return readOnly;
      case 'return':
        if (readOnly && marks.length > 0) void decide('returned');
        return readOnly;
      case 'backToList':
        leave();
        return true;
    }
  };
  useEditorKeys(act, (held) => surfaceRef.current?.setSpaceHeld(held));

  const returned = !readOnly && session.latest?.status === 'returned' && session.latestReview ? session.latestReview : null;
  const pins = readOnly ? marks : (returned?.marks ?? []);
  const name = imageDisplayName({ imageId: session.image.id, ...session.image });

  return (
    <div className="mask-workspace" data-testid="mask-workspace" data-image-id={imageId}>
      <header className="workspace-head">
        <button type="button" onClick={leave} title="Back to the image list (L)" data-testid="back-to-list">
          ← Images
        </button>
        <strong className="image-title" title={name}>
          {name}
        </strong>
        <span className="muted">
          {loaded.width}×{loaded.height} · {readOnly ? `reviewing v${session.latest?.version} by ${session.latest?.authorName}` : `labelling as ${person.name}`}
        </span>
        <span className="spacer" />
        {!readOnly && (
          <>
            <span className={`save-status ${save.state}`} data-testid="draft-status" data-state={save.state}>
              {saveText(save)}
            </span>
            <button type="button" disabled={busy} onClick={() => void submit(false)} title="Submit and go back to the list (Ctrl+Enter)" data-testid="submit">
              Submit
            </button>
            <button type="button" className="primary" disabled={busy} onClick={() => void submit(true)} title="Ctrl+Shift+Enter" data-testid="submit-next">
              Submit &amp; next
            </button>
          </>
        )}
      </header>
      <EditorToolbar
        readOnly={readOnly}
        canUndo={history.canUndo}
        canRedo={history.canRedo}
        bus={bus}
        onUndo={() => editor.undo()}
        onRedo={() => editor.redo()}
        onZoom={(step) => surfaceRef.current?.zoom(step)}
        onFit={() => surfaceRef.current?.fit()}
      />
      <div className="mask-stage" ref={stageRef} data-testid="mask-stage">
        <img ref={imageRef} className="mask-image" src={client.transport.fileUrl(session.image.relPath)} alt={name} draggable={false} />
        <div className="stage-layers" ref={layersRef} />
        <MarkPins marks={pins} bus={bus} colour={markColour} />
        {polygonOpen && <div className="stage-hint">Enter or double click closes the polygon · Backspace removes a vertex · Esc cancels</div>}
        {notice && (
          <div className="stage-notice" role="status" onClick={() => setNotice(null)}>
            {notice}
          </div>
        )}
      </div>
      <aside className="workspace-side">
        <ClassLegend classes={classes} disabled={readOnly} />
        {readOnly ? (
          <ReviewPanel marks={marks} onChange={setMarks} onDecide={(d) => void decide(d)} busy={busy} />
        ) : (
          <>
            {returned && <ReturnedMarks marks={returned.marks} reviewer={returned.reviewerName} />}
            <label className="field">
              Start over from
              <select
                value=""
                onChange={(e) => {
                  // Hand the keys back to the editor once a start is chosen.
                  e.currentTarget.blur();
                  void startFrom(e.target.value === 'scratch' ? null : (session.starts[Number(e.target.value)] ?? null));
                }}
                data-testid="start-from"
              >
                <option value="" disabled>
                  choose… (undoable)
                </option>
                {session.starts.map((s, i) => (
                  <option key={s.origin} value={i}>
                    {s.label}
                  </option>
                ))}
                <option value="scratch">Scratch (all unlabelled)</option>
              </select>
            </label>
          </>
        )}
        <h2>History</h2>
        <VersionHistory imageId={imageId} />
      </aside>
    </div>
  );
}
