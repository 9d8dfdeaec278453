import { useAppStore } from '../stores/appStore.js';
import { useEditorStore, type EditorMode } from './editorStore.js';

/**
 * Other views and URLs open an image in the editor: `#editor/<imageId>` (or
 * `#editor/<imageId>/review`) in the address, or `openInEditor(id)` from code. The hash follows
 * the open image, so a reload comes back to it.
 */
const HASH = /^#editor\/(\d+)(?:\/(review))?$/;

export function parseEditorHash(hash: string): { imageId: number; mode: EditorMode } | null {
  const match = HASH.exec(hash);
  return match ? { imageId: Number(match[1]), mode: match[2] ? 'review' : 'annotate' } : null;
}

export function openInEditor(imageId: number, mode: EditorMode = 'annotate'): void {
  useEditorStore.getState().open(imageId, mode);
  useAppStore.getState().setView('editor');
}

function followHash(): void {
  const target = parseEditorHash(window.location.hash);
  if (target) openInEditor(target.imageId, target.mode);
}

/** Keeps the address in step with the open image without adding history entries. */
function writeHash(imageId: number | null, mode: EditorMode): void {
  const hash = imageId === null ? '' : `#editor/${imageId}${mode === 'review' ? '/review' : ''}`;
  if (window.location.hash === hash || (!hash && !parseEditorHash(window.location.hash))) return;
  const url = new URL(window.location.href);
  url.hash = hash;
  window.history.replaceState(null, '', url);
}

let installed = false;

/** Starts following the address; called once when the editor module loads. */
export function installEditorDeepLinks(): void {
  if (installed) return;
  installed = true;
  followHash();
  window.addEventListener('hashchange', followHash);
  useEditorStore.subscribe((s, prev) => {
    if (s.imageId !== prev.imageId || s.mode !== prev.mode) writeHash(s.imageId, s.mode);
  });
  // Image ids belong to one project: after a switch the editor starts at the new project's list.
  useAppStore.subscribe((s, prev) => {
    if (prev.project && s.project?.dir !== prev.project.dir) useEditorStore.getState().close();
  });
}
