import { encode as encodePng } from 'fast-png';
import { mkdirSync, renameSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import sharp from 'sharp';
import { encodeCompressedRle } from '../../../shared/geometry/rle.js';
import { CVAT_FOOTER, cvatHeader, cvatImage } from '../../../shared/labels/formats/cvat.js';
import { FaultlineError } from '../../../shared/contract/errors.js';
import type { ExportResult } from '../../../shared/contract/jobResults.js';
import type { JobContext } from '../jobs/jobRunner.js';
import type { Db } from '../store/openProjectDb.js';
import { processAlive } from '../../platform/processAlive.js';
import { listClasses } from '../store/classes.js';
import { imageFileReader } from '../store/images.js';
import { referenceMask } from '../store/referenceMasks.js';
import { exportSplits, exportStem, type ExportSplit } from './exportMembers.js';
import { checkDicomMasks, writeDicomMasks } from './exportDicomMasks.js';
import { UNLABELLED } from '../../../shared/labels/unlabelled.js';

import type { ExportFormat } from '../../../shared/contract/jobResults.js';

export type { ExportFormat };

/** PASCAL VOC's colour for void (unlabelled) pixels. */
const VOC_VOID: [number, number, number] = [224, 224, 192];

function vocPalette(classes: Array<{ id: number; color: string }>): number[][] {
  const palette = Array.from({ length: 256 }, () => [0, 0, 0]);
  for (const c of classes) {
    const v = Number.parseInt(c.color.slice(1), 16);
    palette[c.id] = [(v >> 16) & 255, (v >> 8) & 255, v & 255];
  }
  palette[UNLABELLED] = [...VOC_VOID];
  return palette;
}

export interface ExportPlan {
  format: ExportFormat;
  /** The folder the export becomes (absolute); it does not exist yet or is empty. */
  out: string;
  splits: ExportSplit[];
}

/**
 * What an export will write, checked before anything is written (or a job exists): a new or
 * empty folder, and at least one labelled image.
 */
export function planExport(db: Db, format: ExportFormat, out: string): ExportPlan {
  const dest = resolve(out);
  if (existsSync(dest) && readdirSync(dest).length > 0) {
    throw new FaultlineError('invalid_input', `${dest} is not empty; choose a new folder for the export.`);
  }
  const splits = exportSplits(db);
  if (splits.length === 0) throw new FaultlineError('invalid_input', 'Nothing to export: the project has no labelled images yet.');
  if (format === 'dicom-seg' || format === 'nifti') checkDicomMasks(db, splits, format);
  return { format, out: dest, splits };
}

/** The hidden folder beside OUT an export is written into, named with the writer's pid. */
const partialPrefix = (out: string): string => `.${basename(out)}.partial-`;

/** Removes what an export to OUT that was killed left behind; a live process's partial folder is its own business. */
function removeDeadPartials(out: string): void {
  const prefix = partialPrefix(out);
  for (const name of existsSync(dirname(out)) ? readdirSync(dirname(out)) : []) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length));
    if (pid === process.pid || !Number.isInteger(pid) || !processAlive(pid)) rmSync(join(dirname(out), name), { recursive: true, force: true });
  }
}

/** An image's own file; one that has gone from the project folder stops the export by name. */
async function readSource(projectDir: string, relPath: string): Promise<Buffer> {
  try {
    return await readFile(join(projectDir, relPath));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new FaultlineError('not_found', `The image file ${relPath} is missing from the project folder; put it back and export again. Nothing was written.`);
  }
}

/**
 * Writes the project's labelled data in a standard layout, so rectification can happen in any
 * training framework. Everything is written into a temporary folder beside OUT and renamed at
 * the end: an interrupted export leaves nothing that looks finished.
 */
export async function runExport(db: Db, projectDir: string, { format, out, splits }: ExportPlan, ctx?: JobContext): Promise<ExportResult> {
  const classes = listClasses(db);
  const temp = join(dirname(out), `${partialPrefix(out)}${process.pid}`);
  removeDeadPartials(out);
  mkdirSync(temp, { recursive: true });
  const total = splits.reduce((n, s) => n + s.imageIds.length, 0);
  let done = 0;
  try {
    if (format === 'dicom-seg' || format === 'nifti') {
      const counts = await writeDicomMasks(db, temp, format, splits, ctx);
      const categories = classes.map((c) => ({ id: c.id, name: c.name, supercategory: c.superclass ?? '', color: c.color }));
      await write(join(temp, 'classes.json'), JSON.stringify({ ignoreIndex: UNLABELLED, classes: categories }, null, 2));
      rmSync(out, { recursive: true, force: true });
      renameSync(temp, out);
      return { format, out, splits: splits.map((s, i) => ({ name: s.name, images: counts[i]! })) };
    }
    const palette = vocPalette(classes);
    const readImageFile = imageFileReader(db);
    const coco = new Map<string, { images: unknown[]; annotations: unknown[] }>();
    const classNames = new Map(classes.map((c) => [c.id, c.name]));
    const cvatImages: string[] = [];
    let annotationId = 1;
    for (const split of splits) {
      const lines: string[] = [];
      for (const imageId of split.imageIds) {
        ctx?.throwIfCancelled();
        const image = readImageFile(imageId)!;
        const reference = referenceMask(db, imageId)!;
        const stem = exportStem(imageId);
        const source = await readSource(projectDir, image.relPath);
        const { width, height, mask } = reference;
        if (format === 'voc') {
          await write(join(temp, 'JPEGImages', `${stem}.jpg`), await sharp(source).rotate().jpeg({ quality: 95 }).toBuffer());
          await write(join(temp, 'SegmentationClass', `${stem}.png`), encodePng({ width, height, data: mask, depth: 8, channels: 1, palette }));
          lines.push(stem);
        } else if (format === 'cityscapes') {
          await write(join(temp, 'leftImg8bit', split.name, `${stem}_leftImg8bit.png`), await sharp(source).rotate().png().toBuffer());
          await write(join(temp, 'gtFine', split.name, `${stem}_gtFine_labelIds.png`), encodePng({ width, height, data: mask, depth: 8, channels: 1 }));
          lines.push(stem);
        } else if (format === 'cvat') {
          const fileName = `${stem}${extname(image.relPath).toLowerCase() || '.png'}`;
          await write(join(temp, 'images', split.name, fileName), await sharp(source).rotate().toBuffer());
          cvatImages.push(cvatImage({ id: cvatImages.length, name: fileName, subset: split.name, width, height, labels: mask }, classNames));
          lines.push(stem);
        } else {
          const fileName = `${stem}${extname(image.relPath).toLowerCase() || '.png'}`;
          await write(join(temp, 'images', split.name, fileName), await sharp(source).rotate().toBuffer());
          const entry = coco.get(split.name) ?? { images: [], annotations: [] };
          entry.images.push({ id: imageId, file_name: `${split.name}/${fileName}`, width, height });
          for (const c of classes) {
            const binary = new Uint8Array(mask.length);
            let area = 0;
            let minX = width;
            let minY = height;
            let maxX = -1;
            let maxY = -1;
            for (let i = 0; i < mask.length; i++) {
              if (mask[i] !== c.id) continue;
              binary[i] = 1;
              area++;
              const x = i % width;
              const y = (i - x) / width;
              if (x < minX) minX = x;
              if (x > maxX) maxX = x;
              if (y < minY) minY = y;
              if (y > maxY) maxY = y;
            }
            if (area === 0) continue;
            entry.annotations.push({
              id: annotationId++,
              image_id: imageId,
              category_id: c.id,
              segmentation: encodeCompressedRle(binary, width, height),
              area,
              bbox: [minX, minY, maxX - minX + 1, maxY - minY + 1],
              iscrowd: 0,
            });
          }
          coco.set(split.name, entry);
          lines.push(stem);
        }
        ctx?.progress(++done, total, `Exporting ${split.name}`);
      }
      if (format === 'voc') await write(join(temp, 'ImageSets', 'Segmentation', `${split.name}.txt`), `${lines.join('\n')}\n`);
    }
    const categories = classes.map((c) => ({ id: c.id, name: c.name, supercategory: c.superclass ?? '', color: c.color }));
    if (format === 'coco') {
      for (const [name, entry] of coco) {
        await write(join(temp, 'annotations', `semantic_${name}.json`), JSON.stringify({ info: { description: 'Faultline export', version: '1' }, categories, ...entry }));
      }
    }
    if (format === 'cvat') await write(join(temp, 'annotations.xml'), `${cvatHeader(classes, cvatImages.length)}${cvatImages.join('')}${CVAT_FOOTER}`);
    await write(join(temp, 'classes.json'), JSON.stringify({ ignoreIndex: UNLABELLED, classes: categories }, null, 2));
    rmSync(out, { recursive: true, force: true });
    renameSync(temp, out);
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    throw error;
  }
  return { format, out, splits: splits.map((s) => ({ name: s.name, images: s.imageIds.length })) };
}

async function write(path: string, data: string | Uint8Array): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data);
}
