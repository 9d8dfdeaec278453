/**
 * Compressed DICOM frame reading: a 512×512 signed 12-bit CT-like multi-frame file is written
 * uncompressed and in each compressed syntax (DCMTK for JPEG Lossless and JPEG-LS, OpenJPEG and
 * OpenJPH for JPEG 2000 and HTJ2K), then every frame is read, decoded and windowed as the import
 * does. The baseline is the uncompressed file in the same run; the event loop's worst delay while
 * decoding shows that the decoding stays off it. Prints one JSON object.
 * Run: npm run bench -- dicomCodecs [FRAMES]   (default 8)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { T } from '../../electron/core/images/dicom/dicomTags.js';
import { openDicomFile } from '../../electron/core/images/dicom/readDicomFile.js';
import { renderFrame } from '../../electron/core/images/dicom/pixelPipeline.js';
import { makeDicom, type SyntheticImage } from '../unit/dicom/dicomCorpus.js';

const FRAMES = Number(process.argv[2] ?? 8);
const SIZE = 512;
const dir = mkdtempSync(join(os.tmpdir(), 'faultline-bench-codecs-'));

/** Body-like phantom: water disc with bone ring and noise in air, HU stored with intercept −1024. */
function phantom(frame: number): number[] {
  return Array.from({ length: SIZE * SIZE }, (_, i) => {
    const r = Math.hypot((i % SIZE) - 256, Math.floor(i / SIZE) - 256);
    const hu = r < 180 ? (r > 165 ? 900 : 40 + ((i * 31 + frame) % 23)) : -1000 + ((i * 17) % 11);
    return hu + 1024;
  });
}

const img: SyntheticImage = {
  rows: SIZE,
  columns: SIZE,
  frames: FRAMES,
  values: Array.from({ length: FRAMES }, (_, f) => phantom(f)).flat(),
  bitsStored: 12,
  signed: true,
  rescale: { slope: 1, intercept: -1024 },
  windows: [{ center: 40, width: 400 }],
};

interface J2kEncoder {
  getDecodedBuffer(info: object): Uint8Array;
  setQuality(lossless: boolean, step: number): void;
  encode(): void;
  getEncodedBuffer(): Uint8Array;
  delete(): void;
}

async function j2kFile(entry: string, name: 'J2KEncoder' | 'HTJ2KEncoder', syntax: string): Promise<string> {
  const require = createRequire(import.meta.url);
  const path = require.resolve(entry);
  const silent = (): void => undefined;
  const codec = await (require(path) as (o: object) => Promise<Record<string, new () => J2kEncoder>>)({ locateFile: (f: string) => join(dirname(path), f), print: silent, printErr: silent });
  const fragments: Uint8Array[] = [];
  for (let f = 0; f < FRAMES; f++) {
    const encoder = new codec[name]!();
    const pixels = Buffer.alloc(SIZE * SIZE * 2);
    img.values.slice(f * SIZE * SIZE, (f + 1) * SIZE * SIZE).forEach((v, i) => pixels.writeInt16LE(v, 2 * i));
    encoder.getDecodedBuffer({ width: SIZE, height: SIZE, bitsPerSample: 12, componentCount: 1, isSigned: true, isUsingColorTransform: false }).set(pixels);
    encoder.setQuality(true, 0);
    encoder.encode();
    fragments.push(encoder.getEncodedBuffer().slice());
    encoder.delete();
  }
  const out = join(dir, `${name}.dcm`);
  writeFileSync(out, makeDicom({ ...img, values: [], syntax, pixelData: { tag: T.PixelData, vr: 'OB', value: { fragments } } }));
  return out;
}

async function readAll(path: string): Promise<{ msPerFrame: number; worstLoopDelayMs: number }> {
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const start = performance.now();
  const file = await openDicomFile(path);
  for (let i = 0; i < FRAMES; i++) {
    const { bytes, pixel } = await file.readFrame(i);
    renderFrame(bytes, pixel, file.info.modality, file.info.windows);
  }
  await file.close();
  const ms = performance.now() - start;
  loop.disable();
  return { msPerFrame: Math.round((ms / FRAMES) * 10) / 10, worstLoopDelayMs: Math.round(loop.max / 1e5) / 10 };
}

try {
  const plain = join(dir, 'plain.dcm');
  writeFileSync(plain, makeDicom(img));
  const dcmtk = (tool: string, args: string[], name: string): string => {
    const out = join(dir, name);
    execFileSync(tool, [...args, plain, out]);
    return out;
  };
  const files: Record<string, string> = {
    'Explicit VR Little Endian (baseline)': plain,
    'JPEG Lossless SV1 (DCMTK)': dcmtk('dcmcjpeg', ['+e1'], 'sv1.dcm'),
    'JPEG-LS Lossless (DCMTK)': dcmtk('dcmcjpls', ['+el'], 'jls.dcm'),
    'JPEG 2000 Lossless (OpenJPEG)': await j2kFile('@cornerstonejs/codec-openjpeg/wasmjs', 'J2KEncoder', '1.2.840.10008.1.2.4.90'),
    'HTJ2K Lossless (OpenJPH)': await j2kFile('@cornerstonejs/codec-openjph/wasmjs', 'HTJ2KEncoder', '1.2.840.10008.1.2.4.201'),
  };
  // One untimed pass starts the decoder thread and instantiates the WASM modules.
  for (const path of Object.values(files)) await readAll(path);
  const results: Record<string, { msPerFrame: number; worstLoopDelayMs: number; ratioToBaseline: number }> = {};
  let baseline = 0;
  for (const [name, path] of Object.entries(files)) {
    const r = await readAll(path);
    baseline ||= r.msPerFrame;
    results[name] = { ...r, ratioToBaseline: Math.round((r.msPerFrame / baseline) * 10) / 10 };
  }
  console.log(
    JSON.stringify(
      {
        bench: 'dicomCodecs',
        conditions: { frames: FRAMES, size: `${SIZE}×${SIZE}`, bitsStored: 12, signed: true, cpus: os.cpus().length, loadavg: os.loadavg().map((l) => Math.round(l * 10) / 10), node: process.version },
        results,
        peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      },
      null,
      2,
    ),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
