import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { readBody } from '../../../electron/core/remote/readBody.js';
import { decodeInferRequest, decodeInferResponse, encodeBinaryRequest, encodeInferResponse } from '../../../electron/core/remote/v2Protocol.js';

const join = (parts: Uint8Array[]): Buffer => Buffer.concat(parts);

describe('binary tensor extension', () => {
  it('round-trips a request and a response, each part written where it lies', () => {
    const input = { name: 'image', type: 'float32' as const, dims: [1, 2, 3], data: Float32Array.from([0.5, -1, 2.25, 3, 4, 1e-7]) };
    const request = encodeBinaryRequest([input], ['logits']);
    // The tensor goes out as the caller's own bytes, not a copy.
    expect(request.parts[1]!.buffer).toBe(input.data.buffer);
    const decoded = decodeInferRequest(join(request.parts), request.header);
    expect(decoded.inputs[0]!.dims).toEqual([1, 2, 3]);
    expect(Array.from(decoded.inputs[0]!.data as Float32Array)).toEqual(Array.from(input.data));
    expect(decoded.outputs).toEqual([{ name: 'logits', binary: true }]);

    const out = { name: 'logits', type: 'int64' as const, dims: [2], data: BigInt64Array.from([7n, -3n]), binary: true };
    const response = encodeInferResponse('m', '1', [out]);
    const back = decodeInferResponse(join(response.parts), response.header);
    expect(Array.from(back.outputs[0]!.data as BigInt64Array)).toEqual([7n, -3n]);
  });

  it('views an aligned tensor where it lies and copies a misaligned one, with the same values', () => {
    const data = Float32Array.from([1, 2, 3, 4]);
    const { header, parts } = encodeInferResponse('m', '1', [{ name: 'y', type: 'float32', dims: [4], data, binary: true }]);
    const length = header! + data.byteLength;
    for (const start of [0, 1, 2, 3]) {
      const backing = Buffer.alloc(length + 8);
      const body = backing.subarray(start, start + length);
      join(parts).copy(body);
      const tensor = decodeInferResponse(body, header).outputs[0]!.data as Float32Array;
      expect(Array.from(tensor)).toEqual([1, 2, 3, 4]);
      expect(tensor.buffer === backing.buffer).toBe((body.byteOffset + header!) % 4 === 0);
    }
  });
});

describe('readBody', () => {
  it('reads a body of known length so that its binary section starts on an 8-byte boundary', async () => {
    const payload = Buffer.from('{"h":1}' + 'x'.repeat(70_000));
    const server = http.createServer((request, response) => {
      response.writeHead(200, { 'content-length': payload.length });
      // Written in uneven pieces, as a socket delivers them.
      response.write(payload.subarray(0, 5));
      response.write(payload.subarray(5, 40_001));
      response.end(payload.subarray(40_001));
      request.resume();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      for (const headerLength of [7, 8, 13, null]) {
        const body = await new Promise<Buffer>((resolve, reject) => {
          http.get(url, (response) => readBody(response, headerLength).then(resolve, reject)).on('error', reject);
        });
        expect(body.equals(payload)).toBe(true);
        expect((body.byteOffset + (headerLength ?? 0)) % 8).toBe(0);
      }
    } finally {
      server.close();
    }
  });
});
