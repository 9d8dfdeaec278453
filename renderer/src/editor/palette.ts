import type { ClassInfo } from '../../../shared/contract/domain.js';

/**
 * The 256-entry RGBA table the mask shader looks class ids up in. Ids without a class (255
 * unlabelled among them) and hidden classes are transparent.
 */
export function buildPalette(classes: ReadonlyArray<Pick<ClassInfo, 'id' | 'color'>>, hidden: readonly number[] = []): Uint8Array {
  const rgba = new Uint8Array(256 * 4);
  for (const c of classes) {
    if (hidden.includes(c.id)) continue;
    const hex = Number.parseInt(c.color.slice(1), 16);
    const o = c.id * 4;
    rgba[o] = (hex >> 16) & 0xff;
    rgba[o + 1] = (hex >> 8) & 0xff;
    rgba[o + 2] = hex & 0xff;
    rgba[o + 3] = 255;
  }
  return rgba;
}
