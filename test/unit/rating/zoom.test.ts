import { describe, expect, it } from 'vitest';
import { NO_ZOOM, zoomByWheel, zoomStep } from '../../../renderer/src/overlay/zoom.js';

describe('zooming the images being rated', () => {
  it('goes in by 1.25× a notch about the cursor and back out to no zoom, never past 8×', () => {
    const once = zoomByWheel(NO_ZOOM, -100, 0.2, 0.7);
    expect(once).toEqual({ scale: 1.25, x: 0.2, y: 0.7 });
    expect(zoomByWheel(once, 100, 0.9, 0.9)).toEqual(NO_ZOOM);
    let z = NO_ZOOM;
    for (let i = 0; i < 20; i++) z = zoomByWheel(z, -1, 0.5, 0.5);
    expect(z.scale).toBe(8);
  });

  it('keeps the point inside the image', () => {
    expect(zoomByWheel(NO_ZOOM, -1, -0.3, 1.4)).toEqual({ scale: 1.25, x: 0, y: 1 });
  });

  it('steps 1× → 2× → 4× → 1× by key about the last point', () => {
    const two = zoomStep({ scale: 1, x: 0.3, y: 0.6 });
    expect(two).toEqual({ scale: 2, x: 0.3, y: 0.6 });
    expect(zoomStep(two)).toEqual({ scale: 4, x: 0.3, y: 0.6 });
    expect(zoomStep({ scale: 4, x: 0.3, y: 0.6 })).toEqual(NO_ZOOM);
  });
});
