import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { NpyDtype } from '../../../electron/core/quality/npy.js';
import { allocate, decodeNpy, encodeNpy, encodeNpyHeader, NpyReader, NpyWriter, parseNpyHeader, readNpy, writeNpy } from '../../../electron/core/quality/npy.js';
import { openNpyImageSource } from '../../../electron/core/quality/npyBatchSource.js';

const dir = mkdtempSync(path.join(tmpdir(), 'faultline-npy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A .npy file with a hand-written header, for the versions and defects the writer never produces. */
function rawNpy(header: string, data: Uint8Array, version = 1): Uint8Array {
  const prefix = version === 1 ? 10 : 12;
  const text = new TextEncoder().encode(header);
  const out = new Uint8Array(prefix + text.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, text.length, true);
  else view.setUint32(8, text.length, true);
  out.set(text, prefix);
  out.set(data, prefix + text.length);
  return out;
}

function sample(dtype: NpyDtype, length: number) {
  const data = allocate(dtype, length);
  for (let i = 0; i < length; i++) {
    const value = (i * 37) % 11 - (dtype.startsWith('u') || dtype === 'b1' ? 0 : 5);
    if (data instanceof BigInt64Array || data instanceof BigUint64Array) data[i] = BigInt(dtype === 'i8' ? value - 2 ** 40 : value + 2 ** 40);
    else data[i] = dtype === 'b1' ? value % 2 : dtype.startsWith('f') ? value / 3 : value;
  }
  return data;
}

describe('npy round trip', () => {
  it.each(['b1', 'i1', 'u1', 'i2', 'u2', 'i4', 'u4', 'i8', 'u8', 'f4', 'f8'] as const)('writes and reads back %s arrays exactly', (dtype) => {
    const file = path.join(dir, `${dtype}.npy`);
    const data = sample(dtype, 2 * 3 * 4);
    writeNpy(file, { dtype, shape: [2, 3, 4], data });
    const back = readNpy(file);
    expect(back.dtype).toBe(dtype);
    expect(back.shape).toEqual([2, 3, 4]);
    expect(Array.from(back.data as ArrayLike<unknown>)).toEqual(Array.from(data as ArrayLike<unknown>));
  });

  it('writes headers numpy reads: 64-byte aligned, version 1.0, with the usual dict', () => {
    const bytes = encodeNpy({ dtype: 'f4', shape: [3], data: new Float32Array([1, 2, 3]) });
    const header = parseNpyHeader(bytes);
    expect(header.dataOffset % 64).toBe(0);
    expect(header.version).toBe(1);
    expect(new TextDecoder().decode(bytes.subarray(10, header.dataOffset))).toMatch(/^\{'descr': '<f4', 'fortran_order': False, 'shape': \(3,\), \} *\n$/);
    expect(Array.from(decodeNpy(bytes).data as Float32Array)).toEqual([1, 2, 3]);
  });

  it('reads version 2.0 and 3.0 headers and 0-d arrays', () => {
    const data = new Uint8Array(new Int16Array([7, -8]).buffer);
    for (const version of [2, 3]) {
      const file = path.join(dir, `v${version}.npy`);
      writeFileSync(file, rawNpy("{'descr': '<i2', 'fortran_order': False, 'shape': (2,), }\n", data, version));
      const back = readNpy(file);
      expect(Array.from(back.data as Int16Array)).toEqual([7, -8]);
    }
    const scalar = decodeNpy(encodeNpy({ dtype: 'f8', shape: [], data: new Float64Array([2.5]) }));
    expect(scalar.shape).toEqual([]);
    expect((scalar.data as Float64Array)[0]).toBe(2.5);
  });

  it('reads rows at file offsets in batches, reusing one buffer when asked', () => {
    const file = path.join(dir, 'rows.npy');
    const data = Float32Array.from({ length: 5 * 6 }, (_, i) => i);
    writeNpy(file, { dtype: 'f4', shape: [5, 2, 3], data });
    const reader = NpyReader.open(file);
    try {
      expect(Array.from(reader.readRows(3, 2) as Float32Array)).toEqual(Array.from(data.subarray(18, 30)));
      const batches = [...reader.rowBatches(1, 5, 3, true)].map((batch) => batch.length);
      expect(batches).toEqual([18, 6]);
    } finally {
      reader.close();
    }
  });

  it('streams data in chunks through NpyWriter', () => {
    const file = path.join(dir, 'chunks.npy');
    const writer = NpyWriter.create(file, 'u1', [2, 2]);
    writer.append(new Uint8Array([1, 2]));
    writer.append(new Uint8Array([3, 4]));
    writer.close();
    expect(Array.from(readNpy(file).data as Uint8Array)).toEqual([1, 2, 3, 4]);
  });
});

describe('npy bad files', () => {
  const good = encodeNpy({ dtype: 'f4', shape: [2, 2], data: new Float32Array(4) });
  const write = (name: string, bytes: Uint8Array): string => {
    const file = path.join(dir, name);
    writeFileSync(file, bytes);
    return file;
  };
  const data16 = new Uint8Array(16);

  it.each([
    ['wrong magic', new TextEncoder().encode('PK\u0003\u0004 not numpy at all'), 'bad.npy is not a NumPy .npy file'],
    ['truncated data', good.subarray(0, good.length - 3), 'bad.npy is truncated: its header promises 16 bytes of data but the file holds 13'],
    ['truncated header', good.subarray(0, 40), 'bad.npy is truncated inside its .npy header'],
    ['trailing bytes', new Uint8Array([...good, 0, 0]), 'bad.npy has 2 unexpected bytes after its 16 bytes of data'],
    ['Fortran order', rawNpy("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }\n", data16), 'bad.npy is stored in Fortran order'],
    ['complex dtype', rawNpy("{'descr': '<c8', 'fortran_order': False, 'shape': (2,), }\n", data16), "bad.npy holds dtype '<c8', which is not supported"],
    ['float16 dtype', rawNpy("{'descr': '<f2', 'fortran_order': False, 'shape': (8,), }\n", data16), "holds dtype '<f2'"],
    ['structured dtype', rawNpy("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (4,), }\n", data16), 'structured dtype'],
    ['big-endian', rawNpy("{'descr': '>f4', 'fortran_order': False, 'shape': (4,), }\n", data16), 'bad.npy is big-endian'],
    ['unknown version', rawNpy("{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }\n", data16, 4), 'version 4.0'],
    ['damaged header', rawNpy('{hello}\n', data16), 'bad.npy has a damaged .npy header'],
  ])('rejects a file with %s in one clear sentence', (_name, bytes, message) => {
    const file = write('bad.npy', bytes);
    expect(() => readNpy(file)).toThrow(message);
    try {
      readNpy(file);
    } catch (error) {
      expect(error).toMatchObject({ code: 'invalid_input' });
    }
  });

  it('names a missing file', () => {
    expect(() => readNpy(path.join(dir, 'missing.npy'))).toThrow(/cannot open .*missing\.npy: ENOENT/);
  });

  it('rejects label and probability files of the wrong rank, dtype or size', () => {
    const labels = write('labels.npy', encodeNpy({ dtype: 'u1', shape: [2, 3, 4], data: new Uint8Array(24) }));
    const probs = write('probs.npy', encodeNpy({ dtype: 'f4', shape: [2, 5, 3, 4], data: new Float32Array(120) }));
    const flat = write('flat.npy', encodeNpy({ dtype: 'u1', shape: [24], data: new Uint8Array(24) }));
    const floatLabels = write('floatlabels.npy', encodeNpy({ dtype: 'f4', shape: [2, 3, 4], data: new Float32Array(24) }));
    const intProbs = write('intprobs.npy', encodeNpy({ dtype: 'i4', shape: [2, 5, 3, 4], data: new Int32Array(120) }));
    const otherN = write('othern.npy', encodeNpy({ dtype: 'f4', shape: [3, 5, 3, 4], data: new Float32Array(180) }));
    expect(() => openNpyImageSource({ labelsPath: flat, probsPath: probs })).toThrow('labels must have a shape of (N, H, W); flat.npy has shape (24,)');
    expect(() => openNpyImageSource({ labelsPath: labels, probsPath: labels })).toThrow('pred_probs must have a shape of (N, K, H, W); labels.npy has shape (2, 3, 4)');
    expect(() => openNpyImageSource({ labelsPath: floatLabels, probsPath: probs })).toThrow('labels must hold integers; floatlabels.npy holds f4');
    expect(() => openNpyImageSource({ labelsPath: labels, probsPath: intProbs })).toThrow('pred_probs must hold float32 or float64; intprobs.npy holds i4');
    expect(() => openNpyImageSource({ labelsPath: labels, probsPath: otherN })).toThrow('labels and pred_probs must have matching dimensions for N, H, and W');
  });

  it('reads int64 labels and float64 probabilities as batches', () => {
    const labels = write('labels64.npy', encodeNpy({ dtype: 'i8', shape: [1, 1, 2], data: new BigInt64Array([1n, 0n]) }));
    const probs = write('probs64.npy', encodeNpy({ dtype: 'f8', shape: [1, 2, 1, 2], data: new Float64Array([0.25, 0.75, 0.75, 0.25]) }));
    const source = openNpyImageSource({ labelsPath: labels, probsPath: probs });
    try {
      const [batch] = [...(source.batches(0, 1, 4) as Iterable<{ labels: Int32Array; probs: Float32Array }>)];
      expect(Array.from(batch!.labels)).toEqual([1, 0]);
      expect(Array.from(batch!.probs)).toEqual([0.25, 0.75, 0.75, 0.25]);
    } finally {
      source.close?.();
    }
  });

  it('keeps header bytes readable after a round trip through the file system', () => {
    const file = write('header.npy', encodeNpy({ dtype: 'u2', shape: [1, 2], data: new Uint16Array([1, 2]) }));
    expect(readFileSync(file).subarray(0, 6).toString('latin1')).toBe('\x93NUMPY');
    expect(encodeNpyHeader('u2', [1, 2]).length % 64).toBe(0);
  });
});
