import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64 } from '../../../shared/encoding/base64.js';

describe('base64', () => {
  it('writes what Node’s Buffer writes, padding included, and reads it back', () => {
    for (let n = 0; n <= 7; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + 251) & 0xff);
      const text = bytesToBase64(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64'));
      expect(Array.from(base64ToBytes(text))).toEqual(Array.from(bytes));
    }
    expect(bytesToBase64(Uint8Array.of(0xfb, 0xff, 0xbf))).toBe('+/+/');
  });

  it('refuses text that is not padded standard base64', () => {
    for (const bad of ['abc', 'ab=c', 'a=bc', '-_AA', 'AAAA\n', 'AAAé']) expect(() => base64ToBytes(bad), bad).toThrow(RangeError);
  });
});
