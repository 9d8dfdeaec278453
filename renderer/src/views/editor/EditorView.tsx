import { installEditorDeepLinks } from '../../editor/deepLink.js';
import { EDITOR_KEYS } from '../../editor/editorKeys.js';
import { useViewKeys } from '../../hooks/useViewKeys.js';
import { useEditorStore } from '../../editor/editorStore.js';
import { AnnotatorPicker } from './AnnotatorPicker.js';
import { EditorKeyMap } from './EditorKeyMap.js';
import { ImageQueue } from './ImageQueue.js';
import { MaskWorkspace } from './MaskWorkspace.js';
import { useAnnotator } from './useAnnotator.js';
import './editor.css';

installEditorDeepLinks();

/** The Editor view: who is labelling, the list of images, or the open image. */
export function EditorView() {
  useViewKeys(EDITOR_KEYS);
  const annotator = useAnnotator();
  const imageId = useEditorStore((s) => s.imageId);
  const mode = useEditorStore((s) => s.mode);
  let body;
  if (!annotator.person) body = annotator.resolving ? <p className="loading">…</p> : <AnnotatorPicker onChoose={annotator.choose} />;
  else if (imageId === null) body = <ImageQueue person={annotator.person} onForget={annotator.forget} />;
  else body = <MaskWorkspace key={`${imageId}/${mode}`} imageId={imageId} mode={mode} person={annotator.person} />;
  return (
    <>
      {body}
      <EditorKeyMap />
    </>
  );
}
