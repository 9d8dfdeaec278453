import { describe, expect, it } from 'vitest';
import { imageDisplayName, imageShortName } from '../../../shared/images/displayName.js';

const HASH = 'ab3f9c0d1e2f4a5b6c7d8e9f00112233445566778899aabbccddeeff00112233';

describe('imageDisplayName', () => {
  it('names an image by the path it was imported under, never by its stored copy', () => {
    expect(imageDisplayName({ imageId: 7, sourcePath: 'street/day/001.jpg', relPath: `images/ab/${HASH}.jpg` })).toBe('street/day/001.jpg');
  });

  it('falls back to a project path someone chose, then to the id, but never to a content-addressed copy', () => {
    expect(imageDisplayName({ imageId: 7, sourcePath: null, relPath: 'images/a.png' })).toBe('images/a.png');
    expect(imageDisplayName({ imageId: 7, sourcePath: null, relPath: `images/ab/${HASH}.png` })).toBe('image 7');
    expect(imageDisplayName({ imageId: 7, sourcePath: '', relPath: `images/AB/${HASH.toUpperCase()}.WEBP` })).toBe('image 7');
    expect(imageDisplayName({ imageId: 3, sourcePath: null })).toBe('image 3');
  });
});

describe('imageShortName', () => {
  it('keeps the file name of the display name', () => {
    expect(imageShortName({ imageId: 7, sourcePath: 'street/day/001.jpg', relPath: `images/ab/${HASH}.jpg` })).toBe('001.jpg');
    expect(imageShortName({ imageId: 7, sourcePath: '001.jpg' })).toBe('001.jpg');
    expect(imageShortName({ imageId: 9, sourcePath: null, relPath: `images/ab/${HASH}.jpg` })).toBe('image 9');
  });
});
