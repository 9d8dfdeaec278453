import { UNLABELLED } from '../unlabelled.js';
import { UnknownClasses, type ClassMapping } from './classMapping.js';
import type { RenderedLabels } from './labelSource.js';

/** Cityscapes `labelIds` (cityscapesScripts' labels.py): the id is the index. */
export const CITYSCAPES_LABEL_NAMES: readonly string[] = [
  'unlabeled', 'ego vehicle', 'rectification border', 'out of roi', 'static', 'dynamic', 'ground', 'road', 'sidewalk', 'parking',
  'rail track', 'building', 'wall', 'fence', 'guard rail', 'bridge', 'tunnel', 'pole', 'polegroup', 'traffic light',
  'traffic sign', 'vegetation', 'terrain', 'sky', 'person', 'rider', 'car', 'truck', 'bus', 'caravan',
  'trailer', 'train', 'motorcycle', 'bicycle',
];

/** PASCAL VOC 2012's segmentation classes in index order; 255 is the void border. */
export const VOC_CLASS_NAMES: readonly string[] = [
  'background', 'aeroplane', 'bicycle', 'bird', 'boat', 'bottle', 'bus', 'car', 'cat', 'chair', 'cow',
  'diningtable', 'dog', 'horse', 'motorbike', 'person', 'pottedplant', 'sheep', 'sofa', 'train', 'tvmonitor',
];

/** The index → class name table of a list in index order. */
export const namesInOrder = (names: readonly string[]): Map<number, string> => new Map(names.map((name, i) => [i, name]));

/**
 * The class names of a `labelmap.txt` as CVAT and Datumaro write it beside VOC masks: one
 * `name:r,g,b:parts:actions` line per class in index order, `#` lines are comments.
 */
export function parseLabelmap(text: string): Map<number, string> {
  const names = text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '' && !line.trimStart().startsWith('#'))
    .map((line) => line.split(':')[0]!.trim());
  return namesInOrder(names);
}

/** The id → name table of a Faultline export's `classes.json` ({ classes: [{ id, name }] }); null when it is not one. */
export function parseClassesJson(document: unknown): Map<number, string> | null {
  const classes = (document as { classes?: unknown } | null)?.classes;
  if (!Array.isArray(classes)) return null;
  const table = new Map<number, string>();
  for (const c of classes as Array<{ id?: unknown; name?: unknown }>) {
    if (!Number.isInteger(c.id) || typeof c.name !== 'string') return null;
    table.set(c.id as number, c.name);
  }
  return table;
}

/**
 * A mask of indices (VOC palette indices, Cityscapes label ids) as project class ids: each index
 * is named by `names` and mapped by name. An index without a name is unknown as "index N", except
 * 255, the void value of both formats, which stays unlabelled.
 */
export function mapIndexedMask(indices: Uint8Array, names: ReadonlyMap<number, string>, classes: ClassMapping): RenderedLabels {
  const counts = new Float64Array(256);
  for (let i = 0; i < indices.length; i++) counts[indices[i]!] = counts[indices[i]!]! + 1;
  const lut = new Uint8Array(256).fill(UNLABELLED);
  const unknown = new UnknownClasses();
  for (let index = 0; index < 256; index++) {
    if (counts[index] === 0) continue;
    const name = names.get(index);
    if (name === undefined) {
      if (index !== UNLABELLED) unknown.add(`index ${index}`, counts[index]!);
      continue;
    }
    const found = classes.lookup(name);
    if (found.known) lut[index] = found.id;
    else unknown.add(name, counts[index]!);
  }
  const labels = new Uint8Array(indices.length);
  for (let i = 0; i < indices.length; i++) labels[i] = lut[indices[i]!]!;
  return { labels, unknown: unknown.list(), notes: [] };
}
