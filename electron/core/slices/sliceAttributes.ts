import { posix } from 'node:path';
import type { AttributeTable, NumericAttribute } from '../../../shared/slices/attributeContrasts.js';
import type { Db } from '../store/openProjectDb.js';
import { listClasses } from '../store/classes.js';
import { imageFileReader } from '../store/images.js';
import type { EmbeddingTable } from './embeddingStore.js';
import { hourOfDay } from './exifTime.js';

/** Where an image came from, one level up: the folder (or sequence) it was imported from, or null when it came from the top. */
export function folderOf(sourcePath: string | null): string | null {
  if (!sourcePath) return null;
  const dir = posix.dirname(sourcePath.split('\\').join('/'));
  return dir === '.' ? null : dir;
}

/**
 * The interpretable attributes of the images a run looks at: appearance (from the embedding
 * cache), size, folder, time of day (EXIF), and per class its presence and area (reference masks
 * for labelled images, the target's prediction otherwise).
 */
export function sliceAttributes(
  db: Db,
  table: EmbeddingTable,
  classAreas: ReadonlyMap<number, Float32Array>,
  classSource: 'reference' | 'prediction',
): AttributeTable {
  const imageRow = imageFileReader(db);
  const rows = table.imageIds.map((id) => imageRow(id)!);
  const classes = listClasses(db);
  const numeric: NumericAttribute[] = [
    { key: 'brightness', label: 'brightness', values: table.brightness, lower: 'darker', higher: 'brighter', format: 'fraction' },
    { key: 'contrast', label: 'contrast', values: table.contrast, lower: 'lower contrast', higher: 'higher contrast', format: 'fraction' },
    { key: 'colourfulness', label: 'colourfulness', values: table.colourfulness, lower: 'less colourful', higher: 'more colourful', format: 'fraction' },
    { key: 'width', label: 'width', values: Float64Array.from(rows, (r) => r.width ?? Number.NaN), lower: 'narrower', higher: 'wider', format: 'pixels' },
    { key: 'height', label: 'height', values: Float64Array.from(rows, (r) => r.height ?? Number.NaN), lower: 'shorter', higher: 'taller', format: 'pixels' },
    { key: 'hour', label: 'time of day', values: Float64Array.from(table.takenAt, hourOfDay), lower: 'earlier in the day', higher: 'later in the day', format: 'hour' },
  ];
  const categorical: AttributeTable['categorical'] = [{ key: 'folder', label: 'folder', values: rows.map((r) => folderOf(r.sourcePath)) }];
  const areas = table.imageIds.map((id) => classAreas.get(id));
  const which = classSource === 'reference' ? 'in the reference' : 'predicted';
  // Predicted classes are partly the failure itself (a model that fails at night predicts odd
  // classes there); their keys differ so nothing mistakes them for what the scene holds.
  const prefix = classSource === 'reference' ? '' : 'predicted';
  for (const c of classes) {
    const area = Float64Array.from(areas, (a) => (a && c.id < a.length ? a[c.id]! : Number.NaN));
    if (!area.some((v) => v > 0)) continue;
    numeric.push({ key: prefix ? `${prefix}Area:${c.id}` : `area:${c.id}`, label: `area of ${c.name} (${which})`, values: area, lower: `less ${c.name}`, higher: `more ${c.name}`, format: 'percent' });
    categorical.push({ key: prefix ? `${prefix}Present:${c.id}` : `present:${c.id}`, label: `${c.name} (${which})`, values: Array.from(area, (v) => (Number.isNaN(v) ? null : v > 0 ? 'present' : 'absent')) });
  }
  return { numeric, categorical };
}
