import { unpackValues, windowedGrey, type StoredValues, type VoiWindow } from '../../../shared/dicom/window.js';

/** A frame's modality values, fetched from the project file the import wrote beside its image. */
export async function fetchFrameValues(url: string, packing: StoredValues, pixels: number): Promise<Float32Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`its values file could not be read (HTTP ${response.status})`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.length !== pixels * 2) throw new Error(`its values file holds ${bytes.length >> 1} values for ${pixels} pixels`);
  return unpackValues(bytes, packing);
}

/**
 * The frame through a window as a PNG blob, for the <img> layer the editor and queue already
 * place and scale (the labels stay on the image's own pixel grid: this image has its size).
 */
export async function windowedImageBlob(values: Float32Array, width: number, height: number, window: VoiWindow, invert: boolean): Promise<Blob> {
  const grey = windowedGrey(values, window, invert);
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < grey.length; i++) {
    const g = grey[i]!;
    rgba[4 * i] = g;
    rgba[4 * i + 1] = g;
    rgba[4 * i + 2] = g;
    rgba[4 * i + 3] = 255;
  }
  const canvas = new OffscreenCanvas(width, height);
  canvas.getContext('2d')!.putImageData(new ImageData(rgba, width, height), 0, 0);
  return canvas.convertToBlob({ type: 'image/png' });
}
