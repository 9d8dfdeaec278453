import { maskFromCrop, type MaskCrop } from '../../shared/assist/maskCrop.js';

/** Whether image pixel (x, y) is inside an assist preview sent as a crop of run lengths. */
export function maskAt(crop: MaskCrop): (x: number, y: number) => boolean {
  const bytes = maskFromCrop(crop).bits;
  return (x, y) => x >= crop.x && y >= crop.y && x < crop.x + crop.width && y < crop.y + crop.height && bytes[(y - crop.y) * crop.width + (x - crop.x)] === 1;
}
