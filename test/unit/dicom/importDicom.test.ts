import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { T } from '../../../electron/core/images/dicom/dicomTags.js';
import { dicomViewOf } from '../../../electron/core/images/dicom/dicomView.js';
import { unpackValues } from '../../../shared/dicom/window.js';
import { burnedInImageIds, dicomFrameOf } from '../../../electron/core/store/dicomFrames.js';
import { failures, storedImages, workspace, type Workspace } from '../images/importHelpers.js';
import { writeFile } from '../images/imageCorpus.js';
import { IMPLICIT, SECONDARY_CAPTURE, makeDicom } from './dicomCorpus.js';

const STUDY = '1.2.826.0.1.3680043.2.1143.777';
const SERIES = '1.2.826.0.1.3680043.2.1143.778';
const sop = (n: number) => `1.2.826.0.1.3680043.2.1143.779.${n}`;

/** A CT slice: HU −1000 (air), 0 (water), 40, 1000 (bone) through a soft-tissue window. */
function ctSlice(n: number, extra: Parameters<typeof makeDicom>[0]['extra'] = []): Buffer {
  return makeDicom({
    rows: 2,
    columns: 2,
    values: [24, 1024, 1064, 2024],
    bitsStored: 12,
    rescale: { slope: 1, intercept: -1024 },
    windows: [{ center: 40, width: 400, name: 'SOFT TISSUE' }],
    studyUid: STUDY,
    seriesUid: SERIES,
    sopInstanceUid: sop(n),
    extra: [{ tag: T.ImagePositionPatient, vr: 'DS', value: ['0', '0', String(n * 2.5)] }, ...extra],
  });
}

/** Every file under a folder, as bytes. */
function allBytes(dir: string): Buffer[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? allBytes(path) : [readFileSync(path)];
  });
}

describe('DICOM import', () => {
  let ws: Workspace;
  beforeEach(() => {
    ws = workspace();
  });
  afterEach(() => ws.cleanup());

  it('imports each frame of a series as a windowed image, told by content, and refuses bad files with a reason', async () => {
    writeFile(ws.source, 'DOE_JANE/CT/IM0001', ctSlice(1));
    writeFile(ws.source, 'DOE_JANE/CT/IM0002.dcm', ctSlice(2));
    writeFile(ws.source, 'DOE_JANE/CT/multi.dcm', makeDicom({ rows: 2, columns: 2, frames: 2, values: [0, 1, 2, 3, 4, 5, 6, 7], studyUid: STUDY, seriesUid: SERIES, sopInstanceUid: sop(9) }));
    writeFile(ws.source, 'DOE_JANE/DICOMDIR', ctSlice(3));
    writeFile(ws.source, 'DOE_JANE/README', 'not DICOM');
    const truncated = ctSlice(4);
    writeFile(ws.source, 'DOE_JANE/CT/IM0004', truncated.subarray(0, truncated.length - 3));
    writeFile(ws.source, 'DOE_JANE/CT/IM0005', makeDicom({ rows: 2, columns: 2, values: [], syntax: '1.2.840.10008.1.2.2' }));

    const summary = await ws.run();

    expect(summary).toMatchObject({ state: 'done', found: 5, imported: 4, failed: 2 });
    const failed = failures(ws.project);
    expect(failed.get('image:DOE_JANE/CT/IM0004')?.code).toBe('corrupt');
    expect(failed.get('image:DOE_JANE/CT/IM0005')).toMatchObject({ code: 'unsupported', reason: expect.stringContaining('Explicit VR Big Endian (retired)') });
    const images = storedImages(ws.project);
    expect(images).toHaveLength(4);
    const first = images.find((i) => dicomFrameOf(ws.project.db, i.id)!.header.geometry.position?.[2] === 2.5)!;
    expect((await sharp(join(ws.project.dir, first.rel_path)).metadata()).channels).toBe(1);
    const { data } = await sharp(join(ws.project.dir, first.rel_path)).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
    // HU −1000 and 1000 clip; 0 and 40 fall inside the 40/400 window (LINEAR: centre − 0.5, width − 1).
    expect([...data]).toEqual([0, Math.round(((0 - 39.5) / 399 + 0.5) * 255), Math.round(((40 - 39.5) / 399 + 0.5) * 255), 255]);

    const frame = dicomFrameOf(ws.project.db, first.id)!;
    expect(frame).toMatchObject({ frameNumber: 1, deidentified: true, burnedIn: 'no' });
    // The Hounsfield values themselves are kept beside the image, exactly, so the window can change later.
    const kept = frame.header.values!;
    expect(kept).toMatchObject({ offset: -1000, scale: 1, min: -1000, max: 1000 });
    expect([...unpackValues(readFileSync(join(ws.project.dir, kept.relPath)), kept)]).toEqual([-1000, 0, 40, 1000]);
    expect(frame.header.windows).toEqual([{ center: 40, width: 400, function: 'LINEAR', name: 'SOFT TISSUE' }]);
    expect(dicomViewOf(ws.project.db, first.id)).toMatchObject({ invert: false, values: kept, windows: frame.header.windows, shownWindow: frame.header.windows[0] });
    expect(dicomViewOf(ws.project.db, 9999)).toBeNull();
    expect(frame.studyUid).toMatch(/^2\.25\./);
    expect(first.source_path).toBe(`${frame.studyUid}/${frame.seriesUid}/${frame.sopInstanceUid}#1`);
    const multi = images.map((i) => dicomFrameOf(ws.project.db, i.id)!).filter((f) => f.frameNumber === 2);
    expect(multi).toHaveLength(1);
    // Every frame of the series shares one replacement study and series UID.
    expect(new Set(images.map((i) => dicomFrameOf(ws.project.db, i.id)!.seriesUid)).size).toBe(1);
  });

  it('keeps no identifying value anywhere in the project: names, IDs, original UIDs and folder names', async () => {
    writeFile(ws.source, 'DOE_JANE/IM0001', ctSlice(1, [{ tag: T.StudyDescription, vr: 'LO', value: 'CT chest Doe' }]));
    await ws.run();
    ws.project.db.pragma('wal_checkpoint(TRUNCATE)');
    const everything = Buffer.concat(allBytes(ws.project.dir)).toString('latin1');
    for (const secret of ['Doe^Jane', 'MRN-0042', 'DOE_JANE', STUDY, SERIES, sop(1), '20240315', 'CT chest Doe']) expect(everything, secret).not.toContain(secret);
  });

  it('de-identifies Implicit VR files too, where attributes carry no VR', async () => {
    writeFile(ws.source, 'IM0001', makeDicom({ rows: 1, columns: 2, values: [0, 1], syntax: IMPLICIT, studyUid: STUDY, seriesUid: SERIES, sopInstanceUid: sop(1) }));
    await ws.run();
    const frame = dicomFrameOf(ws.project.db, storedImages(ws.project)[0]!.id)!;
    const kept = new Map(frame.header.attributes.map((a) => [a.tag, a.value]));
    expect(kept.get(T.PatientName)).toBe('');
    expect(kept.get(T.PatientID)).toBe('');
    expect(kept.get(T.StudyDate)).toBe('');
    expect(kept.get(T.Modality)).toBe('CT');
    expect(frame.studyUid).not.toBe(STUDY);
    expect(kept.get(T.StudyInstanceUID)).toBe(frame.studyUid);
  });

  it('renders MONOCHROME1 inverted and YBR_FULL colour frames as RGB', async () => {
    writeFile(ws.source, 'm1', makeDicom({ rows: 1, columns: 2, values: [0, 100], photometric: 'MONOCHROME1', sopInstanceUid: sop(1) }));
    writeFile(ws.source, 'ybr', makeDicom({ rows: 1, columns: 1, values: [76, 85, 255], bitsAllocated: 8, samplesPerPixel: 3, photometric: 'YBR_FULL', sopInstanceUid: sop(2) }));
    await ws.run();
    const bySop = new Map(storedImages(ws.project).map((i) => [dicomFrameOf(ws.project.db, i.id)!.header.photometric, i]));
    const grey = await sharp(join(ws.project.dir, bySop.get('MONOCHROME1')!.rel_path)).extractChannel(0).raw().toBuffer();
    expect([...grey]).toEqual([255, 0]);
    const rgb = await sharp(join(ws.project.dir, bySop.get('YBR_FULL')!.rel_path)).raw().toBuffer();
    expect([...rgb]).toEqual([254, 0, 0]);
    // Colour frames have no modality values to window.
    expect(dicomFrameOf(ws.project.db, bySop.get('YBR_FULL')!.id)!.header.values).toBeUndefined();
  });

  it('maps UIDs the same way in a later import, so a study imported in parts stays one study', async () => {
    writeFile(ws.source, 'a/IM0001', ctSlice(1));
    await ws.run();
    writeFile(ws.source, 'b/IM0002', ctSlice(2));
    const second = await ws.run();
    expect(second).toMatchObject({ imported: 1, duplicates: 1 });
    const frames = storedImages(ws.project).map((i) => dicomFrameOf(ws.project.db, i.id)!);
    expect(new Set(frames.map((f) => f.studyUid)).size).toBe(1);
    expect(new Set(frames.map((f) => f.sopInstanceUid)).size).toBe(2);
  });

  it('keeps the original UIDs and identity when de-identification is turned off, and the chosen options when on', async () => {
    writeFile(ws.source, 'IM0001', ctSlice(1));
    await ws.run({ dicom: { deidentify: false } });
    const [image] = storedImages(ws.project);
    const frame = dicomFrameOf(ws.project.db, image!.id)!;
    expect(frame).toMatchObject({ studyUid: STUDY, seriesUid: SERIES, sopInstanceUid: sop(1), deidentified: false });
    expect(frame.header.attributes.find((a) => a.tag === T.PatientName)?.value).toBe('Doe^Jane');

    const other = workspace();
    try {
      writeFile(other.source, 'IM0001', ctSlice(1));
      await other.run({ dicom: { retainLongitudinal: true } });
      const kept = dicomFrameOf(other.project.db, storedImages(other.project)[0]!.id)!;
      expect(kept.header.attributes.find((a) => a.tag === T.StudyDate)?.value).toBe('20240315');
      expect(kept.header.attributes.find((a) => a.tag === T.PatientName)?.value).toBe('');
    } finally {
      other.cleanup();
    }
  });

  it('flags frames that may carry burned-in text: said so, or a secondary capture that does not say', async () => {
    writeFile(ws.source, 'said', ctSlice(1, [{ tag: T.BurnedInAnnotation, vr: 'CS', value: 'YES' }]));
    writeFile(ws.source, 'sc', makeDicom({ rows: 1, columns: 1, values: [5], sopInstanceUid: sop(2), extra: [{ tag: T.SOPClassUID, vr: 'UI', value: SECONDARY_CAPTURE }] }));
    writeFile(ws.source, 'ct', ctSlice(3));
    const summary = await ws.run();
    expect(summary.burnedIn).toBe(2);
    const flagged = burnedInImageIds(ws.project.db).map((id) => dicomFrameOf(ws.project.db, id)!.burnedIn);
    expect(flagged.sort()).toEqual(['unknown', 'yes']);
  });
});
