import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { MaskStart, Person, ReviewMark } from '../../../../shared/contract/domain.js';
import { errorMessage, useClient } from '../../hooks/clientContext.js';
import { ActiveTimer } from '../../editor/activeTimer.js';
import { DraftSaver } from '../../editor/draftSaver.js';
import type { EditorAction } from '../../editor/editorKeys.js';
import { useEditorStore, type EditorMode } from '../../editor/editorStore.js';
import { EditorSurface } from '../../editor/editorSurface.js';
import { LabelMapEditor } from '../../editor/labelMapEditor.js';
import { UNLABELLED } from '../../../../shared/labels/unlabelled.js';
import { encodeMask } from '../../editor/maskTransfer.js';
import { exposeProbe } from '../../editor/testProbe.js';
import { useAppStore } from '../../stores/appStore.js';
import { ClassLegend } from './ClassLegend.js';
import { EditorToolbar } from './EditorToolbar.js';
import { loadMaskFrom, type LoadedWorkspace } from './loadWorkspace.js';
import { MarkPins } from './MarkPins.js';
import { ReturnedMarks, ReviewPanel } from './ReviewPanel.js';
import { useEditorKeys } from './useEditorKeys.js';
import { VersionHistory } from './VersionHistory.js';
import { ViewBus } from './viewBus.js';

/** Draft saves start 0.7 s after the last edit and at most 1.5 s after the first: on disk within 2 s. */
const QUIET_MS = 700;
const MAX_WAIT_MS = 1500;

type SaveState = { state: 'clean' | 'restored' | 'unsaved' | 'saving' | 'saved' | 'failed'; at?: string };

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
  const showError = useAppStore((s) => s.showError);
  const closeImage = useEditorStore((s) => s.close);
  const readOnly = mode === 'review';
  const { session, classes } = loaded;
  const imageId = session.image.id;

  const editor = useMemo(() => new LabelMapEditor(loaded.width, loaded.height, loaded.labels), [loaded]);
  const timer = useMemo(() => new ActiveTimer(loaded.timeMs), [loaded]);
  const bus = useMemo(() => new ViewBus(), []);
  const origin = useRef(loaded.origin);
  const surfaceRef = useRef<EditorSurface | null>(null);
  const stageRef = useRef<HTMLDivElement>(null);
  const imageRef = useRef<HTMLImageElement>(null);
  const layersRef = useRef<HTMLDivElement>(null);
  const [save, setSave] = useState<SaveState>(loaded.restoredDraft ? { state: 'restored', at: session.draft?.createdAt ?? '' } : { state: 'clean' });
  const [history, setHistory] = useState({ canUndo: false, canRedo: false });
  const [notice, setNotice] = useState<string | null>(null);
  const [marks, setMarks] = useState<ReviewMark[]>([]);
  const [busy, setBusy] = useState(false);
  const [polygonOpen, setPolygonOpen] = useState(false);

  // Made in the effect (not memoised) so a remount under StrictMode gets a live saver, not a disposed one.
  const saverRef = useRef<DraftSaver | null>(null);

  // Choose a class the image can be painted with from the start.
  useEffect(() => {
    const { classId, setClass } = useEditorStore.getState();
    if (classes.length > 0 && !classes.some((c) => c.id === classId)) setClass(classes[0]!.id);
  }, [classes]);

  useEffect(() => {
    const saver = new DraftSaver({
      quietMs: QUIET_MS,
      maxWaitMs: MAX_WAIT_MS,
      save: async () => {
        const revision = editor.revision;
        setSave({ state: 'saving' });
        const mask = await encodeMask(editor.labels, editor.width, editor.height);
        const draft = await client.call('annotations.saveDraft', { imageId, authorId: person.id, origin: origin.current, timeMs: timer.totalMs, mask });
        setSave(editor.revision === revision ? { state: 'saved', at: draft.createdAt } : { state: 'unsaved' });
      },
      onError: (error) => {
        setSave({ state: 'failed' });
        showError(`The draft of image ${imageId} could not be saved: ${errorMessage(error)}`);
      },
    });
    saverRef.current = saver;
    const off = editor.subscribe({
      changed: () => {
        setHistory({ canUndo: editor.canUndo, canRedo: editor.canRedo });
        setSave({ state: 'unsaved' });
        saver.markDirty();
      },
    });
    const flush = (): void => void saver.flush();
    window.addEventListener('pagehide', flush);
    return () => {
      off();
      window.removeEventListener('pagehide', flush);
      if (saverRef.current === saver) saverRef.current = null;
      void saver.flush().finally(() => saver.dispose());
    };
  }, [client, editor, imageId, person.id, showError, timer]);

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

  const submit = useCallback(async () => {
    if (readOnly || busy) return;
    if (editor.stroking) editor.endStroke();
    const saver = saverRef.current;
    setBusy(true);
    await saver?.suspend();
    try {
      const mask = await encodeMask(editor.labels, editor.width, editor.height);
      const version = await client.call('annotations.submit', { imageId, authorId: person.id, origin: origin.current, timeMs: timer.totalMs, mask });
      saver?.dispose();
      useAppStore.getState().showError(null);
      setNotice(`Submitted version ${version.version}.`);
      closeImage();
    } catch (error) {
      saver?.resume();
      showError(`Image ${imageId} was not submitted: ${errorMessage(error)}`);
    } finally {
      setBusy(false);
    }
  }, [busy, client, closeImage, editor, imageId, person.id, readOnly, showError, timer]);

  const decide = useCallback(
    async (decision: 'accepted' | 'returned') => {
      if (!readOnly || busy || loaded.reviewedId === null) return;
      setBusy(true);
      try {
        await client.call('people.upsert', { name: person.name, roles: ['reviewer'] });
        await client.call('annotations.review', { annotationId: loaded.reviewedId, reviewerId: person.id, decision, marks });
        closeImage();
      } catch (error) {
        showError(`The review was not recorded: ${errorMessage(error)}`);
      } finally {
        setBusy(false);
      }
    },
    [busy, client, closeImage, loaded.reviewedId, marks, person, readOnly, showError],
  );

  /** Replaces the mask (undoably) with a starting point, or with an empty map for null. */
  const startFrom = useCallback(
    async (start: MaskStart | null) => {
      try {
        const labels = start ? await loadMaskFrom(client, start.source) : new Uint8Array(editor.labels.length).fill(UNLABELLED);
        origin.current = start?.origin ?? 'scratch';
        editor.replace(labels, `Start from ${start?.label ?? 'scratch'}`);
      } catch (error) {
        showError(errorMessage(error));
      }
    },
    [client, editor, showError],
  );

  const leave = useCallback(() => {
    void saverRef.current?.flush();
    closeImage();
  }, [closeImage]);

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
        if (!readOnly) void saverRef.current?.flush();
        return true;
      case 'submit':
        void submit();
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

  return (
    <div className="mask-workspace" data-testid="mask-workspace" data-image-id={imageId}>
      <header className="workspace-head">
        <button type="button" onClick={leave} title="Back to the image list (L)" data-testid="back-to-list">
          ← Images
        </button>
        <strong className="image-title" title={session.image.relPath}>
          {session.image.relPath}
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
            <button type="button" className="primary" disabled={busy} onClick={() => void submit()} title="Ctrl+Enter" data-testid="submit">
              Submit
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
        <img ref={imageRef} className="mask-image" src={client.transport.fileUrl(session.image.relPath)} alt={session.image.relPath} draggable={false} />
        <div className="stage-layers" ref={layersRef} />
        <MarkPins marks={pins} bus={bus} />
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
