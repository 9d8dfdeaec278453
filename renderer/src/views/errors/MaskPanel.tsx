import { useEffect, useRef, useState } from 'react';
import type { MaskPayload } from '../../../../shared/contract/domain.js';
import type { ErrorRegionView } from '../../../../shared/contract/methods/errorMethods.js';
import { inflateLabelMap, paintLabelMap } from '../../overlay/labelMapOverlay.js';
import { RegionBoxes } from './RegionBoxes.js';

/** An image with one label map over it and the regions' boxes on top. */
export function MaskPanel({
  src,
  mask,
  palette,
  opacity,
  regions,
  highlight,
  label,
  testId,
}: {
  src: string;
  mask: MaskPayload | null;
  palette: Uint8Array;
  opacity: number;
  regions: readonly ErrorRegionView[];
  highlight: number | null;
  label: string;
  testId: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [map, setMap] = useState<Uint8Array | null>(null);
  useEffect(() => {
    let live = true;
    setMap(null);
    if (mask) void inflateLabelMap(mask.data).then((m) => live && setMap(m));
    return () => {
      live = false;
    };
  }, [mask]);
  useEffect(() => {
    if (canvas.current && map && mask) paintLabelMap(canvas.current, map, mask.width, mask.height, palette);
  }, [map, mask, palette]);
  return (
    <figure className="overlay-image mask-panel" data-testid={testId}>
      <div className="stack">
        <img src={src} alt={label} className="pixelated" />
        {mask && <canvas ref={canvas} className="pixelated" style={{ opacity }} data-testid={`${testId}-mask`} data-painted={map ? 'yes' : 'no'} />}
        {mask && <RegionBoxes regions={regions} width={mask.width} height={mask.height} highlight={highlight} />}
      </div>
      <figcaption>
        {label}
        {!mask && <span className="muted"> · none stored</span>}
      </figcaption>
    </figure>
  );
}
