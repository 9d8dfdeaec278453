import { writeFile } from 'node:fs/promises';
import sharp from 'sharp';
import type { ModelCardClass } from '../../../shared/models/modelCard.js';
import { inflateLabelMap } from '../store/labelMapBlob.js';

/** A label map (base64 of the deflated uint8 ids, as the contract ships it) as an RGB PNG in the classes' colours; other ids are black. */
export async function writeColourMaskPng(path: string, map: { labelMap: string; width: number; height: number }, classes: readonly Pick<ModelCardClass, 'id' | 'color'>[]): Promise<void> {
  const labels = inflateLabelMap(Buffer.from(map.labelMap, 'base64'), map.width, map.height, 'preview label map');
  const palette = new Uint8Array(256 * 3);
  for (const c of classes) {
    const v = Number.parseInt(c.color.slice(1), 16);
    palette.set([(v >> 16) & 255, (v >> 8) & 255, v & 255], c.id * 3);
  }
  const rgb = Buffer.alloc(labels.length * 3);
  for (let i = 0; i < labels.length; i++) {
    const at = labels[i]! * 3;
    rgb[i * 3] = palette[at]!;
    rgb[i * 3 + 1] = palette[at + 1]!;
    rgb[i * 3 + 2] = palette[at + 2]!;
  }
  await writeFile(path, await sharp(rgb, { raw: { width: map.width, height: map.height, channels: 3 } }).png().toBuffer());
}
