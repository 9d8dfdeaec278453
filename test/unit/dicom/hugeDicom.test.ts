import { closeSync, openSync, writeSync, ftruncateSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { T } from '../../../electron/core/images/dicom/dicomTags.js';
import { openDicomFile } from '../../../electron/core/images/dicom/readDicomFile.js';
import { storedValues } from '../../../electron/core/images/dicom/pixelPipeline.js';
import { makeDicom } from './dicomCorpus.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-huge-dicom-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a 4 GB multi-frame DICOM file', () => {
  it('is opened from its header and read one frame at a time, memory bounded by a frame', async () => {
    // 512×512 16-bit frames, 8191 of them: just under 4 GiB of pixel data (a native Pixel Data
    // length is 32 bits), written as a sparse file (no disk used).
    const rows = 512;
    const columns = 512;
    const frames = 8191;
    const frameBytes = rows * columns * 2;
    const pixelBytes = frameBytes * frames;
    const head = makeDicom({ rows, columns, frames, values: [], pixelData: { tag: T.PixelData, vr: 'OW', value: new Uint8Array(0) } });
    // Give the (empty) pixel data element its real 4 GiB length: its last 4 bytes are the length.
    head.writeUInt32LE(pixelBytes, head.length - 4);
    const path = join(dir, 'huge.dcm');
    const fd = openSync(path, 'w');
    writeSync(fd, head);
    ftruncateSync(fd, head.length + pixelBytes);
    // The last frame holds a marker value, so the read is shown to reach the end of the file.
    const marker = Buffer.alloc(2);
    marker.writeUInt16LE(4242);
    writeSync(fd, marker, 0, 2, head.length + pixelBytes - 2);
    closeSync(fd);

    const before = process.memoryUsage().rss;
    const file = await openDicomFile(path);
    try {
      expect(file.size).toBeGreaterThan(4 * 1024 ** 3 - 1024 ** 2);
      expect(file.info.pixel.frames).toBe(frames);
      const { bytes, pixel } = await file.readFrame(frames - 1);
      const values = storedValues(bytes, pixel);
      expect(values[values.length - 1]).toBe(4242);
      expect(values[0]).toBe(0);
    } finally {
      await file.close();
    }
    // Header and one frame (512 KiB) at most, with room for the runtime's own noise.
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 ** 2);
  });
});
