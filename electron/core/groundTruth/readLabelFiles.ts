import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { decodeCoco } from '../../../shared/labels/formats/coco.js';
import { decodeCvat } from '../../../shared/labels/formats/cvat.js';
import { CITYSCAPES_LABEL_NAMES, VOC_CLASS_NAMES, mapIndexedMask, namesInOrder, parseClassesJson, parseLabelmap } from '../../../shared/labels/formats/indexedMasks.js';
import { decodeLabelStudio } from '../../../shared/labels/formats/labelStudio.js';
import type { LabelItem, LabelRefusal, RenderedLabels } from '../../../shared/labels/formats/labelSource.js';
import { readMaskPng } from '../images/readMask.js';
import type { TruthImportRequest } from './truthRequest.js';
import { walkLabelFiles } from './walkLabelFiles.js';

export interface Size {
  width: number;
  height: number;
}

/** An image a label file describes; its size is known up front except for PNG masks, which are checked against the image. */
export interface LabelCandidate {
  ref: string;
  size: Size | null;
  render(image: Size): Promise<RenderedLabels>;
}

export type CandidateItem = ({ kind: 'candidate' } & LabelCandidate) | ({ kind: 'refusal' } & LabelRefusal);

/** One label file: what it describes, or why it cannot be read at all. */
export type LabelFile = { file: string; items: CandidateItem[] } | { file: string; error: string };

const CITYSCAPES_MASK = /_gt(?:Fine|Coarse)_labelIds\.png$/;

/** Reads the labels a request names, one file at a time. */
export async function* readLabelFiles(request: TruthImportRequest): AsyncGenerator<LabelFile> {
  const { format } = request;
  if (format === 'voc' || format === 'cityscapes') {
    yield* readPngMasks(request);
    return;
  }
  const extension = format === 'cvat' ? '.xml' : '.json';
  const files = request.isFolder ? walkLabelFiles(request.path, (name) => name.toLowerCase().endsWith(extension)) : single(basename(request.path));
  const root = request.isFolder ? request.path : dirname(request.path);
  for await (const file of files) {
    let items: LabelItem[];
    try {
      const text = await readFile(join(root, file), 'utf8');
      items = format === 'cvat' ? decodeCvat(text, request.classes, request.fill) : decodeJson(text, format, request);
    } catch (error) {
      yield { file, error: (error as Error).message };
      continue;
    }
    yield { file, items: items.map(toCandidate) };
  }
}

async function* single(name: string): AsyncGenerator<string> {
  yield name;
}

function decodeJson(text: string, format: 'coco' | 'labelstudio', request: TruthImportRequest): LabelItem[] {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new Error(`It is not JSON (${(error as Error).message}).`);
  }
  return format === 'coco' ? decodeCoco(document, request.classes, request.fill) : decodeLabelStudio(document, request.classes, request.fill);
}

function toCandidate(item: LabelItem): CandidateItem {
  if (item.kind === 'refusal') return item;
  return { kind: 'candidate', ref: item.ref, size: { width: item.width, height: item.height }, render: async () => item.render() };
}

/**
 * VOC `SegmentationClass` (the folder, or a VOC root holding it) or Cityscapes `gtFine` (any level):
 * one PNG of indices per image, named like the image (`x.png` for `x.jpg`; `x_gtFine_labelIds.png`
 * for `x_leftImg8bit.png`).
 */
async function* readPngMasks(request: TruthImportRequest): AsyncGenerator<LabelFile> {
  const cityscapes = request.format === 'cityscapes';
  const root = !cityscapes && existsSync(join(request.path, 'SegmentationClass')) ? join(request.path, 'SegmentationClass') : request.path;
  const names = indexNames(request, root);
  const wanted = cityscapes ? (name: string) => CITYSCAPES_MASK.test(name) : (name: string) => name.toLowerCase().endsWith('.png');
  for await (const file of walkLabelFiles(root, wanted)) {
    const ref = cityscapes ? file.replace(CITYSCAPES_MASK, '') : file;
    const render = async (image: Size): Promise<RenderedLabels> => {
      const indices = readMaskPng(await readFile(join(root, file)), image);
      return mapIndexedMask(indices, names, request.classes);
    };
    yield { file, items: [{ kind: 'candidate', ref, size: null, render }] };
  }
}

/**
 * What the PNG values mean: a `classes.json` (a Faultline export) or `labelmap.txt` (CVAT,
 * Datumaro) in the mask folder or up to two folders above it wins; else the request's choice;
 * else the project's class ids for VOC and the Cityscapes label ids for Cityscapes.
 */
function indexNames(request: TruthImportRequest, root: string): ReadonlyMap<number, string> {
  for (const dir of [root, dirname(root), dirname(dirname(root))]) {
    const classesJson = join(dir, 'classes.json');
    if (existsSync(classesJson)) {
      const table = parseClassesJson(safeJson(readFileSync(classesJson, 'utf8')));
      if (table) return table;
    }
    const labelmap = join(dir, 'labelmap.txt');
    if (existsSync(labelmap)) return parseLabelmap(readFileSync(labelmap, 'utf8'));
  }
  const choice = request.indexNames ?? (request.format === 'cityscapes' ? 'cityscapes' : 'project');
  if (choice === 'voc') return namesInOrder(VOC_CLASS_NAMES);
  if (choice === 'cityscapes') return namesInOrder(CITYSCAPES_LABEL_NAMES);
  return request.classNames;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
