import { useEffect, useRef } from 'react';
import { overlayBitmap } from './labelMapOverlay.js';
import type { DecodedPrediction } from './usePrediction.js';

/** An image with a model's label map over it; the overlay bitmap is made once per prediction and palette. */
export function OverlayImage({
  src,
  prediction,
  palette,
  opacity,
  showOverlay,
  label,
  testId,
}: {
  src: string;
  prediction: DecodedPrediction | null;
  palette: Uint8Array;
  opacity: number;
  showOverlay: boolean;
  label: string;
  testId: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!prediction) return;
    let live = true;
    void overlayBitmap(prediction.map, prediction.width, prediction.height, palette).then((bitmap) => {
      const target = canvas.current;
      if (!live || !target) return;
      target.width = prediction.width;
      target.height = prediction.height;
      target.getContext('2d')?.drawImage(bitmap, 0, 0);
    });
    return () => {
      live = false;
    };
  }, [prediction, palette]);
  return (
    <figure className="overlay-image" data-testid={testId}>
      <div className="stack">
        <img src={src} alt={label} className="pixelated" />
        {prediction && <canvas ref={canvas} className="pixelated" style={{ opacity: showOverlay ? opacity : 0 }} data-testid={`${testId}-overlay`} />}
      </div>
      <figcaption>
        {label}
        {!prediction && <span className="muted"> · no prediction stored</span>}
      </figcaption>
    </figure>
  );
}
