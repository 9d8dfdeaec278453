import { useEffect, useState } from 'react';
import type { Person } from '../../../../shared/contract/domain.js';
import { errorMessage, useClient } from '../../hooks/clientContext.js';
import { useAppStore } from '../../stores/appStore.js';
import { useEditorStore, type EditorMode } from '../../editor/editorStore.js';
import { EditingSession } from './EditingSession.js';
import { loadWorkspace, type LoadedWorkspace } from './loadWorkspace.js';

/** Loads an image's mask (draft, version, prediction, ground truth or scratch) and opens the editing session on it. */
export function MaskWorkspace({ imageId, mode, person }: { imageId: number; mode: EditorMode; person: Person }) {
  const client = useClient();
  const close = useEditorStore((s) => s.close);
  const [loaded, setLoaded] = useState<LoadedWorkspace | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const signedIn = useAppStore((s) => s.caller?.kind === 'person');

  useEffect(() => {
    let live = true;
    loadWorkspace(client, imageId, mode, person, signedIn)
      .then((l) => live && setLoaded(l))
      .catch((error) => live && setFailure(errorMessage(error)));
    return () => {
      live = false;
      // Leaving the image frees it for the others at once; should this call not arrive, the lease lapses on its own.
      if (signedIn && mode !== 'review') void client.call('annotations.release', { imageId }).catch(() => undefined);
    };
  }, [client, imageId, mode, person, signedIn]);

  if (failure) {
    return (
      <section className="editor-failure">
        <p role="alert" data-testid="editor-failure">
          Image {imageId} cannot be opened: {failure}
        </p>
        <button type="button" onClick={close}>
          ← Back to the image list
        </button>
      </section>
    );
  }
  if (!loaded) return <p className="loading" aria-busy="true">Opening image {imageId}…</p>;
  return <EditingSession loaded={loaded} mode={mode} person={person} />;
}
