import type { ClassInfo } from '../../../shared/contract/domain.js';

/** Inflates a zlib-deflated label map as the core stores it (base64 over the contract). */
export async function inflateLabelMap(base64: string): Promise<Uint8Array> {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** RGBA per class id; ids without a class (and the ignore value 255) stay transparent. */
export function paletteOf(classes: readonly ClassInfo[]): Uint8Array {
  const palette = new Uint8Array(256 * 4);
  for (const c of classes) {
    const v = Number.parseInt(c.color.slice(1), 16);
    palette.set([(v >> 16) & 255, (v >> 8) & 255, v & 255, 255], c.id * 4);
  }
  return palette;
}

/** A label map as RGBA pixels through the palette. */
function colourise(map: Uint8Array, width: number, height: number, palette: Uint8Array): ImageData {
  const image = new ImageData(width, height);
  const out = new Uint32Array(image.data.buffer);
  const colours = new Uint32Array(palette.buffer, palette.byteOffset, 256);
  for (let i = 0; i < map.length; i++) out[i] = colours[map[i]!]!;
  return image;
}

/** Paints a label map into a canvas at its own resolution; CSS scales it with hard pixels. */
export function paintLabelMap(canvas: HTMLCanvasElement, map: Uint8Array, width: number, height: number, palette: Uint8Array): void {
  canvas.width = width;
  canvas.height = height;
  canvas.getContext('2d')?.putImageData(colourise(map, width, height, palette), 0, 0);
}

const bitmaps = new WeakMap<Uint8Array, WeakMap<Uint8Array, Promise<ImageBitmap>>>();

/**
 * The coloured overlay of a label map as an ImageBitmap, made once per map and palette. Queues
 * make it while prefetching, so showing the next image is a single drawImage.
 */
export function overlayBitmap(map: Uint8Array, width: number, height: number, palette: Uint8Array): Promise<ImageBitmap> {
  let byPalette = bitmaps.get(map);
  if (!byPalette) {
    byPalette = new WeakMap();
    bitmaps.set(map, byPalette);
  }
  let bitmap = byPalette.get(palette);
  if (!bitmap) {
    bitmap = createImageBitmap(colourise(map, width, height, palette));
    byPalette.set(palette, bitmap);
  }
  return bitmap;
}
