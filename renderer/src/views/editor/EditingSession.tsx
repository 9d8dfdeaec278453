import { useEffect, useMemo, useRef, useState } from 'react';
import type { Person } from '../../../../shared/contract/domain.js';
import { imageDisplayName } from '../../../../shared/images/displayName.js';
import { attentionColour } from '../../../../shared/labels/attentionColour.js';
import { useClient } from '../../hooks/clientContext.js';
import { useAppStore } from '../../stores/appStore.js';
import type { EditorAction } from '../../editor/editorKeys.js';
import { useEditorStore, type EditorMode } from '../../editor/editorStore.js';
import { AssistController } from '../../editor/assistController.js';
import { EditorSurface } from '../../editor/editorSurface.js';
import { exposeProbe } from '../../editor/testProbe.js';
import { AssistPanel, useAssistModels } from './AssistPanel.js';
import { ChangesOverlay, useChangesSinceReturn, type ReturnedBefore } from './ChangesOverlay.js';
import { ClassLegend } from './ClassLegend.js';
import { CursorStatus } from './CursorStatus.js';
import { EditorToolbar } from './EditorToolbar.js';
import type { LoadedWorkspace } from './loadWorkspace.js';
import { MarkPins } from './MarkPins.js';
import { ReturnedMarks, ReviewPanel } from './ReviewPanel.js';
import { useEditorKeys } from './useEditorKeys.js';
import { VersionHistory } from './VersionHistory.js';
import { useEditingSession, type SaveState } from './useEditingSession.js';
import { ViewBus } from './viewBus.js';
import { useQueueFilters } from './queueFilters.js';
import { useMethod } from '../../hooks/useLoad.js';
import { useDicomWindow } from '../../dicom/useDicomWindow.js';
import { useWindowDrag } from '../../dicom/useWindowDrag.js';
import { WindowControls, WindowUnavailable } from '../../dicom/WindowControls.js';

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

  // Choose a class the image can be painted with from the start; the classes hidden are this project's own.
  const projectDir = useAppStore((s) => s.project?.dir ?? '');
  useEffect(() => {
    const { classId, setClass, enterProject } = useEditorStore.getState();
    if (classes.length > 0 && !classes.some((c) => c.id === classId)) setClass(classes[0]!.id);
    enterProject(projectDir, classes.map((c) => c.id));
  }, [classes, projectDir]);

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
  const classSearchRef = useRef<HTMLInputElement>(null);
  const [polygonOpen, setPolygonOpen] = useState(false);
  const tool = useEditorStore((s) => s.tool);
  const assist = useMemo(() => new AssistController(client, editor, imageId), [client, editor, imageId]);
  const assistOn = tool === 'assist' && !readOnly;
  const assistModels = useAssistModels();
  const assistNext = useNextInQueue(assistOn ? person.id : null, imageId);
  const changes = useChangesSinceReturn(imageId, readOnly ? session.latest : null, editor.labels, editor.width);
  const { windowing, unavailable: windowUnavailable } = useDicomWindow(imageId, loaded.width, loaded.height);
  useWindowDrag(stageRef, windowing, !assistOn);

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
        onAssistClick: (x, y, positive) => {
          const classId = useEditorStore.getState().classId;
          if (classId === null) setNotice('Choose a class first (number keys or the legend).');
          else if (!assist.click(x, y, positive, classId)) {
            setNotice(
              assist.busy
                ? 'The last object is being painted; click again in a moment.'
                : assist.status.state === 'encoding'
                  ? 'The image is still being encoded for assist; the other tools work meanwhile.'
                  : 'Assist is not ready: see the panel on the right.',
            );
          }
        },
        onAssistBox: (box) => {
          if (!assist.box(box)) setNotice('Assist is not ready: see the panel on the right.');
        },
      },
    );
    surfaceRef.current = surface;
    const hideProbe = exposeProbe(imageId, editor, surface, assist);
    return () => {
      hideProbe();
      surface.dispose();
      surfaceRef.current = null;
    };
  }, [assist, bus, classes, editor, imageId, readOnly, setNotice, timer]);

  // The preview follows the object and the current class's colour; other tools show none.
  useEffect(() => {
    const colours = new Map(classes.map((c) => [c.id, c.color]));
    const show = () => {
      const s = useEditorStore.getState();
      const on = s.tool === 'assist' && !readOnly;
      surfaceRef.current?.setAssistObject(on ? assist.object : null, (s.classId !== null && colours.get(s.classId)) || '#ffffff');
    };
    show();
    const unsubscribe = [assist.subscribe(show), useEditorStore.subscribe(show)];
    return () => unsubscribe.forEach((u) => u());
  }, [assist, classes, readOnly]);

  const acceptAssist = (): boolean => {
    const { classId, assistRule } = useEditorStore.getState();
    if (classId === null) {
      setNotice('Choose a class first (number keys or the legend).');
      return false;
    }
    const accepted = assist.accept(classId, assistRule);
    if (accepted) timer.touch(performance.now());
    return accepted;
  };

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
        if (store.tool === 'assist' && assist.discard()) return true;
        return surface?.cancel() ?? false;
      case 'closePolygon':
        if (store.tool === 'assist') return acceptAssist();
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
      case 'findClass':
        if (readOnly) return false;
        classSearchRef.current?.focus();
        return true;
      case 'hideClass':
        if (store.classId === null) return false;
        store.toggleClassHidden(store.classId);
        return true;
      case 'showAllClasses':
        store.showAllClasses();
        return true;
      case 'toggleChanges':
        if (!changes.before) return false;
        store.toggleChanges();
        return true;
      case 'windowPreset':
        windowing?.step(1);
        return windowing !== null;
      case 'windowReset':
        windowing?.reset();
        return windowing !== null;
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
        {windowing && <WindowControls windowing={windowing} />}
        {windowUnavailable && <WindowUnavailable reason={windowUnavailable} />}
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
        <img ref={imageRef} className="mask-image" src={windowing?.src ?? client.transport.fileUrl(session.image.relPath)} alt={name} draggable={false} />
        <div className="stage-layers" ref={layersRef} />
        {changes.before && <ChangesOverlay changes={changes.before.changes} width={loaded.width} height={loaded.height} colour={markColour.rgb} bus={bus} />}
        <MarkPins marks={pins} bus={bus} colour={markColour} />
        {polygonOpen && <div className="stage-hint">Enter or double click closes the polygon · Backspace removes a vertex · Esc cancels</div>}
        {notice && (
          <div className="stage-notice" role="status" onClick={() => setNotice(null)}>
            {notice}
          </div>
        )}
      </div>
      <CursorStatus classes={classes} />
      <aside className="workspace-side">
        <ClassLegend ref={classSearchRef} classes={classes} disabled={readOnly} />
        {readOnly && <ChangesNote before={changes.before} failure={changes.failure} />}
        {assistOn && assistModels && <AssistPanel controller={assist} next={assistNext} models={assistModels} onAccept={acceptAssist} />}
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

/** The reviewer's line on a resubmission: how much changed since it was returned, and the key that shows it. */
function ChangesNote({ before, failure }: { before: ReturnedBefore | null; failure: string | null }) {
  const show = useEditorStore((s) => s.showChanges);
  const toggle = useEditorStore((s) => s.toggleChanges);
  if (failure) return <p className="muted" role="alert">{failure}</p>;
  if (!before) return null;
  const { count } = before.changes;
  return (
    <label className="changes-note" data-testid="changes-note" data-count={count}>
      <input type="checkbox" checked={show} onChange={toggle} />
      {count === 0 ? `No pixel changed since v${before.version.version} was returned` : `${count.toLocaleString()} pixel${count === 1 ? '' : 's'} changed since v${before.version.version} was returned`} (D)
    </label>
  );
}

/** How many images after the open one the assist encodes ahead, so the next image's first click is instant. */
const PREFETCH = 3;

/** The ids after `imageId` in the editor's queue (as its filters stand), for prefetching; nothing while assist is off. */
function useNextInQueue(authorId: number | null, imageId: number): number[] {
  const { filter, split, testSetId } = useQueueFilters();
  const queue = useMethod(
    'annotations.queue',
    authorId === null ? null : { filter, authorId, ...(split ? { split } : {}), ...(testSetId !== '' ? { testSetId } : {}), offset: 0, limit: 500 },
  ).data;
  return useMemo(() => {
    const ids = queue?.items.map((i) => i.image.id) ?? [];
    const at = ids.indexOf(imageId);
    return at < 0 ? [] : ids.slice(at + 1, at + 1 + PREFETCH);
  }, [queue, imageId]);
}
