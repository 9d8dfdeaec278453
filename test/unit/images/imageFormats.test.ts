import { describe, expect, it } from 'vitest';
import { isImageFileName, sniffImageFormat } from '../../../electron/core/images/imageFormats.js';
import { makeGif, makeJpeg, makePng, makeTiff, makeWebp, makeBmp } from './imageCorpus.js';

describe('image formats', () => {
  it('accepts the image extensions in any case and nothing else', () => {
    for (const name of ['a.jpg', 'a.JPEG', 'a.jpe', 'b.png', 'c.webp', 'd.tif', 'd.TIFF', 'e.bmp', 'e.dib', 'f.gif']) expect(isImageFileName(name), name).toBe(true);
    for (const name of ['a.txt', 'jpg', '.jpg', 'a.jpg.part', 'a.svg', 'a.heic', 'a']) expect(isImageFileName(name), name).toBe(false);
  });

  it('tells the format from the content of real files', async () => {
    expect(sniffImageFormat(await makeJpeg(4, 4, 1))).toBe('jpeg');
    expect(sniffImageFormat(await makePng(4, 4, 1))).toBe('png');
    expect(sniffImageFormat(await makeWebp(4, 4, 1))).toBe('webp');
    expect(sniffImageFormat(await makeTiff(4, 4, 1))).toBe('tiff');
    expect(sniffImageFormat(await makeGif(4, 4, 1))).toBe('gif');
    expect(sniffImageFormat(makeBmp(4, 4, 1))).toBe('bmp');
  });

  it('recognises neither text, an SVG, nor a file too short to tell', () => {
    expect(sniffImageFormat(Buffer.from('hello, world'))).toBeNull();
    expect(sniffImageFormat(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffImageFormat(Buffer.from([0xff, 0xd8]))).toBeNull();
    expect(sniffImageFormat(Buffer.from('BM'))).toBeNull();
  });
});
