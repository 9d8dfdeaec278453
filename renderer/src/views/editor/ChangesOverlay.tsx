import { useEffect, useMemo, useRef, useState } from 'react';
import type { AnnotationVersion } from '../../../../shared/contract/domain.js';
import { maskChanges, type MaskChanges } from '../../../../shared/labels/maskChanges.js';
import type { Rgb } from '../../../../shared/labels/attentionColour.js';
import { errorMessage, useClient } from '../../hooks/clientContext.js';
import { useMethod } from '../../hooks/useLoad.js';
import { useEditorStore } from '../../editor/editorStore.js';
import { loadMaskFrom } from './loadWorkspace.js';
import { useView, type ViewBus } from './viewBus.js';

export interface ReturnedBefore {
  version: AnnotationVersion;
  changes: MaskChanges;
}

/**
 * Review of a resubmission: the version before the one under review, when it was returned, and
 * the pixels that differ between the two. Null while loading and for a first submission.
 */
export function useChangesSinceReturn(imageId: number, reviewed: AnnotationVersion | null, labels: Uint8Array, width: number): { before: ReturnedBefore | null; failure: string | null } {
  const client = useClient();
  const history = useMethod('annotations.history', reviewed ? { imageId } : null).data;
  const previous = useMemo(() => {
    if (!reviewed || !history) return null;
    const earlier = history.versions.filter((v) => v.authorId === reviewed.authorId && v.version < reviewed.version);
    const last = earlier[earlier.length - 1];
    return last?.status === 'returned' ? last : null;
  }, [history, reviewed]);
  const [before, setBefore] = useState<ReturnedBefore | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    if (!previous) return;
    let live = true;
    loadMaskFrom(client, { kind: 'annotation', annotationId: previous.id })
      .then((mask) => live && setBefore({ version: previous, changes: maskChanges(mask, labels, width) }))
      .catch((error) => live && setFailure(`The returned version v${previous.version} cannot be compared: ${errorMessage(error)}`));
    return () => {
      live = false;
    };
  }, [client, previous, labels, width]);
  return { before, failure };
}

const INSIDE_ALPHA = 96;

/** The changed pixels in the attention colour (edge solid, inside faint), on the image's own grid, following the stage's view. */
export function ChangesOverlay({ changes, width, height, colour, bus }: { changes: MaskChanges; width: number; height: number; colour: Rgb; bus: ViewBus }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const show = useEditorStore((s) => s.showChanges);
  const view = useView(bus);
  useEffect(() => {
    const ctx = canvasRef.current?.getContext('2d');
    if (!ctx) return;
    const image = ctx.createImageData(width, height);
    const [r, g, b] = colour;
    const changed = changes.changed;
    const at = (x: number, y: number): boolean => x >= 0 && y >= 0 && x < width && y < height && changed[y * width + x] === 1;
    for (let i = 0; i < changed.length; i++) {
      if (changed[i] === 0) continue;
      const x = i % width;
      const y = (i - x) / width;
      // Solid at the region's edge, faint inside: the classes underneath stay readable.
      const edge = !at(x - 1, y) || !at(x + 1, y) || !at(x, y - 1) || !at(x, y + 1);
      image.data.set([r, g, b, edge ? 255 : INSIDE_ALPHA], i * 4);
    }
    ctx.putImageData(image, 0, 0);
  }, [changes, width, height, colour]);
  return (
    <canvas
      ref={canvasRef}
      className="changes-layer"
      width={width}
      height={height}
      hidden={!show}
      style={{ transform: `translate(${view.x}px, ${view.y}px) scale(${view.scale})`, imageRendering: 'pixelated' }}
      data-testid="changes-overlay"
    />
  );
}
