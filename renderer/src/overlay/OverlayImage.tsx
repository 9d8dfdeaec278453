import { useEffect, useRef, useState, type ReactNode } from 'react';
import { overlayBitmap } from './labelMapOverlay.js';
import type { DecodedPrediction } from './usePrediction.js';
import { NO_ZOOM, type Zoom } from './zoom.js';

/**
 * An image with a label map over it; the overlay bitmap is made once per map and palette.
 * `data-painted` turns to yes once the map is drawn, for tests to wait on.
 */
export function OverlayImage({
  src,
  prediction,
  palette,
  opacity,
  showOverlay,
  label,
  testId,
  canvasTestId = `${testId}-overlay`,
  missing = 'no prediction stored',
  className,
  zoom = NO_ZOOM,
  onWheelZoom,
  children,
}: {
  src: string;
  prediction: DecodedPrediction | null;
  palette: Uint8Array;
  opacity: number;
  showOverlay: boolean;
  label: string;
  testId: string;
  canvasTestId?: string;
  /** Said after the label when there is no map. */
  missing?: string;
  className?: string;
  /** The image and its map magnified together, so they stay aligned. */
  zoom?: Zoom;
  /** A wheel notch over the image at (x, y), fractions of the image; the page does not scroll meanwhile. */
  onWheelZoom?: (deltaY: number, x: number, y: number) => void;
  /** Drawn over the image and its map (boxes, say), only when there is a map. */
  children?: ReactNode;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [painted, setPainted] = useState<DecodedPrediction | null>(null);
  useEffect(() => {
    if (!prediction) return;
    let live = true;
    void overlayBitmap(prediction.map, prediction.width, prediction.height, palette).then((bitmap) => {
      const target = canvas.current;
      if (!live || !target) return;
      target.width = prediction.width;
      target.height = prediction.height;
      target.getContext('2d')?.drawImage(bitmap, 0, 0);
      setPainted(prediction);
    });
    return () => {
      live = false;
    };
  }, [prediction, palette]);
  const stack = useRef<HTMLDivElement>(null);
  const wheel = useRef(onWheelZoom);
  wheel.current = onWheelZoom;
  const zoomable = onWheelZoom !== undefined;
  useEffect(() => {
    const box = stack.current;
    if (!box || !zoomable) return;
    // Registered by hand: React's wheel listeners are passive and cannot keep the page from scrolling.
    const onWheel = (event: WheelEvent) => {
      const rect = box.getBoundingClientRect();
      event.preventDefault();
      wheel.current?.(event.deltaY, (event.clientX - rect.left) / rect.width, (event.clientY - rect.top) / rect.height);
    };
    box.addEventListener('wheel', onWheel, { passive: false });
    return () => box.removeEventListener('wheel', onWheel);
  }, [zoomable]);
  return (
    <figure className={className ? `overlay-image ${className}` : 'overlay-image'} data-testid={testId}>
      <div className="stack" ref={stack} data-zoom={zoom.scale}>
        <div
          className="zoom"
          style={zoom.scale === 1 ? undefined : { transform: `scale(${zoom.scale})`, transformOrigin: `${zoom.x * 100}% ${zoom.y * 100}%` }}
        >
          <img src={src} alt={label} className="pixelated" />
          {prediction && (
            <canvas
              ref={canvas}
              className="pixelated"
              style={{ opacity: showOverlay ? opacity : 0 }}
              data-testid={canvasTestId}
              data-painted={painted === prediction ? 'yes' : 'no'}
            />
          )}
          {prediction && children}
        </div>
      </div>
      <figcaption>
        {label}
        {!prediction && <span className="muted"> · {missing}</span>}
      </figcaption>
    </figure>
  );
}
