import { useEffect, useMemo, useRef, useState } from 'react';
import type { ClassInfo } from '../../../../shared/contract/domain.js';
import type { QualityImage } from '../../../../shared/contract/methods/qualityMethods.js';
import { imageDisplayName } from '../../../../shared/images/displayName.js';
import { attentionColour, type Rgb } from '../../../../shared/labels/attentionColour.js';
import { errorMessage, useClient } from '../../hooks/clientContext.js';
import { inflateLabelMap, paintLabelMap, paletteOf } from '../../overlay/labelMapOverlay.js';
import { useShowError } from '../../hooks/useShowError.js';

interface Masks {
  width: number;
  height: number;
  label: Uint8Array | null;
  flagged: Uint8Array;
}

/** Flagged pixels in the project's attention colour, everything else transparent. */
function flaggedPalette(rgb: Rgb): Uint8Array {
  const palette = new Uint8Array(256 * 4);
  palette.set([...rgb, 255], 4);
  return palette;
}

/** The selected image with its current mask and the pixels the run flagged over it. */
export function QualityImageDetail({
  runId,
  image,
  classes,
  showMask,
  showFlagged,
  version,
  onOpen,
  onRescore,
}: {
  runId: number;
  image: QualityImage;
  classes: ClassInfo[];
  showMask: boolean;
  showFlagged: boolean;
  /** Changes when the image was rescored, so its masks are read again. */
  version: number;
  onOpen(): void;
  onRescore(): void;
}) {
  const client = useClient();
  const showError = useShowError();
  const [masks, setMasks] = useState<Masks | null>(null);
  const labelCanvas = useRef<HTMLCanvasElement>(null);
  const flaggedCanvas = useRef<HTMLCanvasElement>(null);
  const palette = useMemo(() => paletteOf(classes), [classes]);
  const attention = useMemo(() => attentionColour(classes.map((c) => c.color)), [classes]);
  const flagged = useMemo(() => flaggedPalette(attention.rgb), [attention]);
  const name = imageDisplayName(image);

  useEffect(() => {
    let live = true;
    setMasks(null);
    client
      .call('quality.imageMasks', { runId, imageId: image.imageId })
      .then(async (m) => {
        const [label, flagged] = await Promise.all([m.label ? inflateLabelMap(m.label.data) : null, inflateLabelMap(m.flagged.data)]);
        if (live) setMasks({ width: m.flagged.width, height: m.flagged.height, label, flagged });
      })
      .catch((error) => live && showError(errorMessage(error)));
    return () => {
      live = false;
    };
  }, [client, runId, image.imageId, version, showError]);

  useEffect(() => {
    if (!masks) return;
    if (labelCanvas.current && masks.label) paintLabelMap(labelCanvas.current, masks.label, masks.width, masks.height, palette);
    if (flaggedCanvas.current) paintLabelMap(flaggedCanvas.current, masks.flagged, masks.width, masks.height, flagged);
  }, [masks, palette, flagged]);

  return (
    <section className="quality-detail" data-testid="quality-detail" data-image-id={image.imageId}>
      <div className="row quality-detail-head">
        <h2>
          <span className="image-name" title={name}>
            {name}
          </span>{' '}
          · score <span data-testid="quality-detail-score">{image.score.toFixed(4)}</span> ·{' '}
          <span data-testid="quality-detail-issues">{image.issues}</span> flagged pixels
        </h2>
        {image.labelChanged && <span className="badge warn">mask edited since scoring</span>}
      </div>
      <div className="stack" style={{ aspectRatio: `${image.width} / ${image.height}` }} data-testid="quality-stack">
        <img src={client.transport.fileUrl(image.relPath)} alt={name} className="pixelated" />
        {masks?.label && <canvas ref={labelCanvas} className="pixelated" style={{ opacity: showMask ? 0.45 : 0 }} data-testid="quality-mask-overlay" />}
        {masks && (
          <canvas
            ref={flaggedCanvas}
            className="pixelated"
            style={{ opacity: showFlagged ? 0.9 : 0 }}
            data-testid="quality-flagged-overlay"
            data-colour={attention.hex}
          />
        )}
      </div>
      <div className="row">
        <button type="button" className="primary" onClick={onOpen} title="E or Enter" data-testid="quality-open-editor">
          Open in the editor (E)
        </button>
        <button type="button" onClick={onRescore} title="S" data-testid="quality-rescore">
          Rescore (S)
        </button>
      </div>
      <div className="legend">
        <span>
          <i style={{ background: attention.hex }} data-testid="flagged-swatch" /> flagged pixels
        </span>
        {classes.map((c) => (
          <span key={c.id}>
            <i style={{ background: c.color }} /> {c.name}
          </span>
        ))}
      </div>
    </section>
  );
}
