import type { ReactNode } from 'react';
import { OverlayImage } from './OverlayImage.js';
import type { DecodedPrediction } from './usePrediction.js';
import type { Zoom } from './zoom.js';

export interface OverlaySide {
  mask: DecodedPrediction | null;
  label: string;
  testId: string;
}

/**
 * One image twice, side by side, each with one model's (or the reference's) label map over it, so
 * two segmentations can be compared; `second` null shows the first alone.
 */
export function ModelPairOverlay({
  src,
  palette,
  opacity,
  showOverlay = true,
  first,
  second,
  canvasSuffix = 'overlay',
  missing,
  figureClass,
  over,
  zoom,
  onWheelZoom,
}: {
  src: string;
  palette: Uint8Array;
  opacity: number;
  showOverlay?: boolean;
  first: OverlaySide;
  second: OverlaySide | null;
  /** The canvas of a side is `${testId}-${canvasSuffix}`. */
  canvasSuffix?: string;
  missing?: string;
  figureClass?: string;
  /** Drawn over each side that has a map. */
  over?: (mask: DecodedPrediction) => ReactNode;
  /** Both sides magnified alike, so the same spot is compared. */
  zoom?: Zoom;
  onWheelZoom?: (deltaY: number, x: number, y: number) => void;
}) {
  const figure = (side: OverlaySide) => (
    <OverlayImage
      src={src}
      prediction={side.mask}
      palette={palette}
      opacity={opacity}
      showOverlay={showOverlay}
      label={side.label}
      testId={side.testId}
      canvasTestId={`${side.testId}-${canvasSuffix}`}
      {...(missing ? { missing } : {})}
      {...(figureClass ? { className: figureClass } : {})}
      {...(zoom ? { zoom } : {})}
      {...(onWheelZoom ? { onWheelZoom } : {})}
    >
      {side.mask && over?.(side.mask)}
    </OverlayImage>
  );
  return (
    <div className="model-pair">
      {figure(first)}
      {second && figure(second)}
    </div>
  );
}
