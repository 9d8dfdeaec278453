import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { MaskStart, Person, ReviewMark } from '../../../../shared/contract/domain.js';
import { imageDisplayName } from '../../../../shared/images/displayName.js';
import { UNLABELLED } from '../../../../shared/labels/unlabelled.js';
import { ActiveTimer } from '../../editor/activeTimer.js';
import { DraftSaver } from '../../editor/draftSaver.js';
import { useEditorStore, type EditorMode } from '../../editor/editorStore.js';
import { LabelMapEditor } from '../../editor/labelMapEditor.js';
import { encodeMask } from '../../editor/maskTransfer.js';
import { errorMessage, useClient } from '../../hooks/clientContext.js';
import { useAppStore } from '../../stores/appStore.js';
import type { Client } from '../../../../shared/client/createClient.js';
import { nextInQueue } from '../../editor/nextInQueue.js';
import { loadMaskFrom, type LoadedWorkspace } from './loadWorkspace.js';
import { queueRequest, useQueueFilters } from './queueFilters.js';
import { useShowError } from '../../hooks/useShowError.js';

/** Draft saves start 0.7 s after the last edit and at most 1.5 s after the first: on disk within 2 s. */
const QUIET_MS = 700;
const MAX_WAIT_MS = 1500;

export type SaveState = { state: 'clean' | 'restored' | 'unsaved' | 'saving' | 'saved' | 'failed'; at?: string };

/** The image after IMAGEID in the editor's list as its filters stand, or null at the end of the list. */
async function imageAfter(client: Client, imageId: number, authorId: number): Promise<number | null> {
  const filters = useQueueFilters.getState();
  const { page } = filters;
  const ask = (at: number) => client.call('annotations.queue', queueRequest(filters, authorId, at));
  const found = nextInQueue((await ask(page)).items.map((i) => i.image.id), imageId);
  if (found !== 'next page') return found?.imageId ?? null;
  const nextPage = await ask(page + 1);
  if (nextPage.items.length > 0) useQueueFilters.getState().set({ page: page + 1 });
  return nextPage.items[0]?.image.id ?? null;
}

/**
 * One image open in the editor: the label map (owned by the editor, a typed array outside React),
 * the active timer, draft saving while labelling, the review marks while reviewing, and the calls
 * that submit a version, record a review, or start the mask over.
 */
export function useEditingSession(loaded: LoadedWorkspace, mode: EditorMode, person: Person) {
  const client = useClient();
  const showError = useShowError();
  const closeImage = useEditorStore((s) => s.close);
  const openImage = useEditorStore((s) => s.open);
  const readOnly = mode === 'review';
  const imageId = loaded.session.image.id;
  const name = imageDisplayName({ imageId, ...loaded.session.image });

  const editor = useMemo(() => new LabelMapEditor(loaded.width, loaded.height, loaded.labels), [loaded]);
  const timer = useMemo(() => new ActiveTimer(loaded.timeMs), [loaded]);
  const origin = useRef(loaded.origin);
  const [save, setSave] = useState<SaveState>(loaded.restoredDraft ? { state: 'restored', at: loaded.session.draft?.createdAt ?? '' } : { state: 'clean' });
  const [history, setHistory] = useState({ canUndo: false, canRedo: false });
  const [notice, setNotice] = useState<string | null>(null);
  const [marks, setMarks] = useState<ReviewMark[]>([]);
  const [busy, setBusy] = useState(false);

  // Made in the effect (not memoised) so a remount under StrictMode gets a live saver, not a disposed one.
  const saverRef = useRef<DraftSaver | null>(null);

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
        showError(`The draft of ${name} could not be saved: ${errorMessage(error)}`);
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
  }, [client, editor, imageId, name, person.id, showError, timer]);

  /** Submits the mask; NEXT opens the image after this one in the list it was opened from. */
  const submit = useCallback(async (next: boolean) => {
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
      // The version is saved whatever happens next: a list that cannot be read only means back to the list.
      const following = next ? await imageAfter(client, imageId, person.id).catch(() => null) : null;
      if (following === null) closeImage();
      else openImage(following);
    } catch (error) {
      saver?.resume();
      showError(`${name} was not submitted: ${errorMessage(error)}`);
    } finally {
      setBusy(false);
    }
  }, [busy, client, closeImage, editor, imageId, name, openImage, person.id, readOnly, showError, timer]);

  const decide = useCallback(
    async (decision: 'accepted' | 'returned') => {
      if (!readOnly || busy || loaded.reviewedId === null) return;
      setBusy(true);
      try {
        // A lab member's roles are the admin's to give; the desktop user becomes a reviewer by reviewing.
        if (useAppStore.getState().caller?.kind !== 'person') await client.call('people.upsert', { name: person.name, roles: ['reviewer'] });
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

  const saveDraft = useCallback(() => {
    if (!readOnly) void saverRef.current?.flush();
  }, [readOnly]);

  const leave = useCallback(() => {
    void saverRef.current?.flush();
    closeImage();
  }, [closeImage]);

  return { editor, timer, readOnly, save, history, notice, setNotice, marks, setMarks, busy, submit, decide, startFrom, saveDraft, leave };
}
