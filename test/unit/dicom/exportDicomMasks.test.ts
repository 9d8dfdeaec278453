import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync, gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { T, tag } from '../../../electron/core/images/dicom/dicomTags.js';
import { parseDicomHeader, textOf } from '../../../electron/core/images/dicom/parseDicom.js';
import { planExport, runExport } from '../../../electron/core/export/exportDataset.js';
import { dicomFrameOf } from '../../../electron/core/store/dicomFrames.js';
import { seedClasses } from '../../helpers/seedPredictions.js';
import { storedImages, testContext, workspace, type Workspace } from '../images/importHelpers.js';
import { writeFile } from '../images/imageCorpus.js';
import { makeDicom } from './dicomCorpus.js';

const W = 4;
const H = 3;
const FOR = '1.2.826.0.1.3680043.2.1143.900';

/** A 3-slice axial CT series, 2.5 mm apart, 0.5 mm pixels, with a frame of reference. */
function slice(n: number): Buffer {
  return makeDicom({
    rows: H,
    columns: W,
    values: new Array(W * H).fill(1024 + n),
    rescale: { slope: 1, intercept: -1024 },
    sopInstanceUid: `1.2.826.0.1.3680043.2.1143.901.${n}`,
    extra: [
      { tag: T.ImagePositionPatient, vr: 'DS', value: ['-100', '-50', String(10 + n * 2.5)] },
      { tag: T.ImageOrientationPatient, vr: 'DS', value: ['1', '0', '0', '0', '1', '0'] },
      { tag: T.PixelSpacing, vr: 'DS', value: ['0.5', '0.5'] },
      { tag: T.SliceThickness, vr: 'DS', value: '2.5' },
      { tag: T.FrameOfReferenceUID, vr: 'UI', value: FOR },
    ],
  });
}

/** A validator from Debian's dcmtk or dicom3tools: required in CI (.ci/run installs them), skipped elsewhere when absent. */
function tool(name: string): boolean {
  const found = spawnSync('which', [name]).status === 0;
  if (!found && process.env.CI) throw new Error(`${name} is not installed; .ci/run installs dcmtk and dicom3tools`);
  return found;
}

/** The NIfTI file as nibabel (Debian's python3-nibabel, the neuroimaging community's reader) reads it; null where it is absent outside CI. */
function readWithNibabel(path: string): { shape: number[]; affine: number[][]; values: number[][] } | null {
  const script = [
    'import json, sys, nibabel, numpy',
    'img = nibabel.load(sys.argv[1])',
    'data = numpy.asarray(img.dataobj)',
    'print(json.dumps({"shape": list(data.shape), "affine": img.affine.tolist(), "values": [data[:, :, k].T.flatten().tolist() for k in range(data.shape[2])]}))',
  ].join('\n');
  const run = spawnSync('/usr/bin/python3', ['-c', script, path], { encoding: 'utf8' });
  if (run.status !== 0) {
    if (process.env.CI) throw new Error(`nibabel could not read ${path}: ${run.stderr}; .ci/run installs python3-nibabel`);
    return null;
  }
  return JSON.parse(run.stdout) as { shape: number[]; affine: number[][]; values: number[][] };
}

describe('DICOM SEG and NIfTI export', () => {
  let ws: Workspace;
  const labels = new Map<number, Uint8Array>();
  beforeEach(async () => {
    ws = workspace();
    // Written in reverse so the export must order slices by position, not by import order.
    for (const n of [2, 1, 0]) writeFile(ws.source, `IM000${n}`, slice(n));
    await ws.run({ split: 'train' });
    seedClasses(ws.project.db, ['background', 'liver', 'tumour']);
    labels.clear();
    for (const image of storedImages(ws.project)) {
      const z = dicomFrameOf(ws.project.db, image.id)!.header.geometry.position![2]!;
      const n = Math.round((z - 10) / 2.5);
      // Slice 0: liver at its first pixel; slice 1: liver and tumour; slice 2: background only.
      const mask = new Uint8Array(W * H);
      if (n <= 1) mask[n] = 1;
      if (n === 1) mask[W * H - 1] = 2;
      labels.set(n, mask);
      ws.project.db.prepare("INSERT INTO ground_truth (image_id, mask, source, created_at) VALUES (?, ?, 'test', ?)").run(image.id, deflateSync(mask), new Date().toISOString());
    }
  });
  afterEach(() => ws.cleanup());

  it('writes one SEG per series that dciodvfy and dcmtk accept, holding each segment frame of the masks', async () => {
    const out = join(ws.root, 'seg-out');
    const result = await runExport(ws.project.db, ws.project.dir, planExport(ws.project.db, 'dicom-seg', out), testContext());
    expect(result.splits).toEqual([{ name: 'train', images: 3 }]);
    const [file] = readdirSync(join(out, 'dicom-seg', 'train'));
    const path = join(out, 'dicom-seg', 'train', file!);

    if (tool('dciodvfy')) {
      const verdict = spawnSync('dciodvfy', [path], { encoding: 'utf8' });
      const text = `${verdict.stdout}${verdict.stderr}`;
      expect(text).toContain('Segmentation');
      expect(text.split('\n').filter((l) => l.startsWith('Error'))).toEqual([]);
    }
    if (tool('dcmdump')) expect(spawnSync('dcmdump', ['-E', path]).status).toBe(0);

    const bytes = readFileSync(path);
    const header = parseDicomHeader(bytes, true);
    const text = (t: number) => textOf(header.bytes, header.dataset.get(t));
    expect(text(T.SOPClassUID)).toBe('1.2.840.10008.5.1.4.1.1.66.4');
    expect(text(T.Modality)).toBe('SEG');
    const frame = dicomFrameOf(ws.project.db, storedImages(ws.project)[0]!.id)!;
    expect(text(T.StudyInstanceUID)).toBe(frame.studyUid);
    expect(text(T.PatientName)).toBeUndefined();
    expect(text(T.PatientIdentityRemoved)).toBe('YES');
    const segments = header.dataset.get(tag(0x0062, 0x0002))!.items!;
    expect(segments.map((s) => textOf(header.bytes, s.get(tag(0x0062, 0x0005))))).toEqual(['liver', 'tumour']);
    // Frames: liver on slices 0 and 1, tumour on slice 1, bit-packed back to back.
    expect(text(T.NumberOfFrames)).toBe('3');
    const pixels = bytes.subarray(header.pixelData!.offset);
    const bit = (i: number) => (pixels[i >> 3]! >> (i & 7)) & 1;
    const frames = [0, 1, 2].map((f) => Array.from({ length: W * H }, (_, i) => bit(f * W * H + i)));
    expect(frames[0]).toEqual([...labels.get(0)!].map((v) => (v === 1 ? 1 : 0)));
    expect(frames[1]).toEqual([...labels.get(1)!].map((v) => (v === 1 ? 1 : 0)));
    expect(frames[2]).toEqual([...labels.get(1)!].map((v) => (v === 2 ? 1 : 0)));
    // Each frame derives from its own source instance (the de-identified UID the project holds).
    const perFrame = header.dataset.get(tag(0x5200, 0x9230))!.items!;
    const sourceOf = (i: number) => {
      const source = perFrame[i]!.get(tag(0x0008, 0x9124))!.items![0]!.get(tag(0x0008, 0x2112))!.items![0]!;
      return textOf(header.bytes, source.get(tag(0x0008, 0x1155)));
    };
    const uids = new Set(storedImages(ws.project).map((i) => dicomFrameOf(ws.project.db, i.id)!.sopInstanceUid));
    for (let i = 0; i < 3; i++) expect(uids.has(sourceOf(i)!)).toBe(true);
  });

  it('writes a NIfTI label volume per series with the RAS affine of the DICOM geometry and a labels sidecar', async () => {
    const out = join(ws.root, 'nifti-out');
    await runExport(ws.project.db, ws.project.dir, planExport(ws.project.db, 'nifti', out), testContext());
    const dir = join(out, 'nifti', 'train');
    const gz = readdirSync(dir).find((f) => f.endsWith('.nii.gz'))!;
    const nii = gunzipSync(readFileSync(join(dir, gz)));
    expect(nii.readInt32LE(0)).toBe(348);
    expect(nii.toString('latin1', 344, 347)).toBe('n+1');
    expect([1, 2, 3, 4].map((i) => nii.readInt16LE(40 + 2 * i))).toEqual([W, H, 3, 1]);
    expect(nii.readInt16LE(70)).toBe(2);
    expect(nii.readInt16LE(254)).toBe(1);
    const srow = [280, 296, 312].map((o) => [0, 1, 2, 3].map((c) => nii.readFloatLE(o + 4 * c)));
    // LPS (−100, −50, 10) with x and y flipped for RAS; 0.5 mm columns and rows, 2.5 mm slices.
    expect(srow).toEqual([
      [-0.5, -0, -0, 100],
      [-0, -0.5, -0, 50],
      [0, 0, 2.5, 10],
    ]);
    // The qform says the same: LPS→RAS is a half turn about z (quaternion b, c, d = 0, 0, 1), qfac 1.
    expect(nii.readInt16LE(252)).toBe(1);
    expect([256, 260, 264].map((o) => nii.readFloatLE(o))).toEqual([0, 0, 1]);
    expect(nii.readFloatLE(76)).toBe(1);
    const data = nii.subarray(352);
    expect(data.length).toBe(W * H * 3);
    for (let k = 0; k < 3; k++) expect([...data.subarray(k * W * H, (k + 1) * W * H)]).toEqual([...labels.get(k)!]);
    const sidecar = JSON.parse(readFileSync(join(dir, gz.replace('.nii.gz', '.json')), 'utf8')) as { labels: { value: number; name: string }[]; unlabelled: number };
    expect(sidecar.labels.map((l) => [l.value, l.name])).toEqual([
      [0, 'background'],
      [1, 'liver'],
      [2, 'tumour'],
    ]);
    expect(sidecar.unlabelled).toBe(255);

    const read = readWithNibabel(join(dir, gz));
    if (read) {
      expect(read.shape).toEqual([W, H, 3]);
      expect(read.affine.map((row) => row.map((v) => v + 0))).toEqual([
        [-0.5, 0, 0, 100],
        [0, -0.5, 0, 50],
        [0, 0, 2.5, 10],
        [0, 0, 0, 1],
      ]);
      for (let k = 0; k < 3; k++) expect(read.values[k]).toEqual([...labels.get(k)!]);
    }
  });

  it('refuses a DICOM export when no labelled image came from DICOM', () => {
    const other = workspace();
    try {
      seedClasses(other.project.db, ['background']);
      other.project.db.prepare("INSERT INTO images (content_hash, rel_path, width, height, split, imported_at) VALUES ('h', 'images/h.png', 2, 2, 'train', 'now')").run();
      other.project.db.prepare("INSERT INTO ground_truth (image_id, mask, source, created_at) SELECT id, ?, 'test', 'now' FROM images").run(deflateSync(new Uint8Array(4)));
      expect(() => planExport(other.project.db, 'dicom-seg', join(other.root, 'x'))).toThrow(/no labelled image came from a DICOM file/);
    } finally {
      other.cleanup();
    }
  });
});
