import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { FaultlineError } from '../../../shared/contract/errors.js';
import { UNLABELLED } from '../../../shared/labels/unlabelled.js';
import { rasAffine, stackGeometry } from '../images/dicom/seriesGeometry.js';
import { encodeNifti } from '../images/dicom/writeNifti.js';
import { encodeSeg } from '../images/dicom/writeSeg.js';
import type { JobContext } from '../jobs/jobRunner.js';
import { listClasses } from '../store/classes.js';
import { dicomFrameOf, dicomSeriesFrames, type StoredDicomFrame } from '../store/dicomFrames.js';
import type { Db } from '../store/openProjectDb.js';
import { imageSummary } from '../store/images.js';
import { referenceMask } from '../store/referenceMasks.js';
import { APP_VERSION } from '../../platform/packagePaths.js';
import type { ExportSplit } from './exportMembers.js';

export type DicomMaskFormat = 'dicom-seg' | 'nifti';

/** Class 0 is background (as mining assumes by default): a SEG has no segment for it, its pixels are simply not segmented. */
const BACKGROUND_CLASS_ID = 0;

/** A new UID from a random UUID (PS3.5 B.2). */
function newUid(): string {
  return `2.25.${BigInt(`0x${randomUUID().replace(/-/g, '')}`).toString()}`;
}

function write(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data);
}

/** The labelled DICOM frames of a split, by series. */
function seriesOf(db: Db, imageIds: readonly number[]): Map<string, StoredDicomFrame[]> {
  const bySeries = new Map<string, StoredDicomFrame[]>();
  for (const id of imageIds) {
    const frame = dicomFrameOf(db, id);
    if (!frame) continue;
    const list = bySeries.get(frame.seriesUid) ?? [];
    list.push(frame);
    bySeries.set(frame.seriesUid, list);
  }
  return bySeries;
}

/** Refuses an export of DICOM masks from a project whose labelled images include none from DICOM. */
export function checkDicomMasks(db: Db, splits: readonly ExportSplit[], format: DicomMaskFormat): void {
  if (splits.every((s) => seriesOf(db, s.imageIds).size === 0)) {
    throw new FaultlineError('invalid_input', `Nothing to export as ${format === 'nifti' ? 'NIfTI' : 'DICOM SEG'}: no labelled image came from a DICOM file. Use voc, coco, cityscapes or cvat for other images.`);
  }
}

function sameSize(frames: readonly StoredDicomFrame[], sizes: Map<number, { width: number; height: number }>): { width: number; height: number } {
  const first = sizes.get(frames[0]!.imageId)!;
  for (const f of frames) {
    const s = sizes.get(f.imageId)!;
    if (s.width !== first.width || s.height !== first.height) {
      throw new FaultlineError('invalid_input', `The series ${f.seriesUid} mixes frame sizes (${first.width}×${first.height} and ${s.width}×${s.height}); a SEG or NIfTI volume needs one size.`);
    }
  }
  return first;
}

/**
 * Writes the masks of DICOM-derived images back in the hospital's formats, one file per series
 * and split: a DICOM SEG referencing the source instances by the UIDs the project holds (the
 * de-identified ones, unless de-identification was off at import), or a NIfTI label volume with
 * its RAS affine from the DICOM geometry and a JSON sidecar naming the labels. NIfTI holds every
 * frame of the series; frames without a mask in the split are UNLABELLED (255). One series' masks
 * are in memory at a time. Returns how many frames of each split were written.
 */
export async function writeDicomMasks(db: Db, temp: string, format: DicomMaskFormat, splits: readonly ExportSplit[], ctx?: JobContext): Promise<number[]> {
  const classes = listClasses(db).filter((c) => c.id !== UNLABELLED);
  const now = new Date();
  const counts: number[] = [];
  const total = splits.reduce((n, s) => n + s.imageIds.length, 0);
  let done = 0;
  for (const split of splits) {
    let written = 0;
    for (const [seriesUid, labelled] of seriesOf(db, split.imageIds)) {
      ctx?.throwIfCancelled();
      const series = dicomSeriesFrames(db, seriesUid);
      const frames = format === 'nifti' ? series : labelled;
      const inSplit = new Set(labelled.map((f) => f.imageId));
      const masks = new Map<number, Uint8Array>();
      const sizes = new Map<number, { width: number; height: number }>();
      for (const f of frames) {
        const ref = inSplit.has(f.imageId) ? referenceMask(db, f.imageId) : null;
        if (ref) masks.set(f.imageId, ref.mask);
        const image = imageSummary(db, f.imageId);
        sizes.set(f.imageId, { width: image?.width ?? 0, height: image?.height ?? 0 });
      }
      const { width, height } = sameSize(frames, sizes);
      const geometry = stackGeometry(frames.map((f) => f.header.geometry));
      const ordered = geometry ? geometry.order.map((i) => frames[i]!) : frames;
      const name = seriesUid.replace(/[^0-9.]/g, '_');
      if (format === 'dicom-seg') {
        const segFrames = ordered.filter((f) => masks.has(f.imageId));
        const present = classes.filter((c) => c.id !== BACKGROUND_CLASS_ID && segFrames.some((f) => masks.get(f.imageId)!.includes(c.id)));
        if (present.length > 0) {
          const seg = encodeSeg({
            rows: height,
            columns: width,
            frames: segFrames.map((f) => ({
              sopClassUid: f.sopClassUid,
              sopInstanceUid: f.sopInstanceUid,
              frameNumber: f.frameNumber,
              multiFrame: series.some((o) => o.sopInstanceUid === f.sopInstanceUid && o.frameNumber !== f.frameNumber),
              geometry: geometry ? f.header.geometry : { position: null, orientation: null, spacing: null, sliceThickness: null },
              labels: masks.get(f.imageId)!,
            })),
            attributes: segFrames[0]!.header.attributes,
            seriesUid,
            classes: present,
            segSeriesUid: newUid(),
            segInstanceUid: newUid(),
            now,
            manufacturer: { name: 'Faultline', model: 'Faultline', version: APP_VERSION },
          });
          write(join(temp, 'dicom-seg', split.name, `${name}.dcm`), seg);
        }
      } else {
        const volume = new Uint8Array(width * height * ordered.length).fill(UNLABELLED);
        ordered.forEach((f, k) => {
          const mask = masks.get(f.imageId);
          if (mask) volume.set(mask, k * width * height);
        });
        const nifti = encodeNifti({
          dims: [width, height, ordered.length],
          spacing: geometry?.spacing ?? [1, 1, 1],
          affine: geometry ? rasAffine(geometry) : null,
          data: volume,
          description: 'Faultline labels',
        });
        write(join(temp, 'nifti', split.name, `${name}.nii.gz`), gzipSync(nifti));
        const labels = {
          series: seriesUid,
          geometry: geometry ? 'RAS affine from Image Position/Orientation (Patient) and Pixel Spacing' : 'none: the frames carry no stack geometry; the affine is identity',
          unlabelled: UNLABELLED,
          labels: classes.map((c) => ({ value: c.id, name: c.name, color: c.color })),
          slices: ordered.map((f) => ({ sopInstanceUid: f.sopInstanceUid, frameNumber: f.frameNumber, labelled: masks.has(f.imageId) })),
        };
        write(join(temp, 'nifti', split.name, `${name}.json`), JSON.stringify(labels, null, 2));
      }
      written += labelled.length;
      done += labelled.length;
      ctx?.progress(done, total, `Exporting ${split.name}`);
      // Frames are large; yield between series so a cancel is seen.
      await new Promise((resolve) => setImmediate(resolve));
    }
    counts.push(written);
  }
  return counts;
}
