import { describe, expect, it } from 'vitest';
import { nextInQueue } from '../../../renderer/src/editor/nextInQueue.js';

describe('the image after a submit', () => {
  it('is the one after it while the image stays in the list', () => {
    expect(nextInQueue([4, 7, 9], 7)).toEqual({ imageId: 9 });
    expect(nextInQueue([4, 7, 9], 4)).toEqual({ imageId: 7 });
  });

  it('is on the next page when the image was the last of its page', () => {
    expect(nextInQueue([4, 7, 9], 9)).toBe('next page');
  });

  it('is the first of the page when the submit took the image out of the list', () => {
    expect(nextInQueue([8, 9], 7)).toEqual({ imageId: 8 });
  });

  it('is nothing when the list is empty', () => {
    expect(nextInQueue([], 7)).toBeNull();
    expect(nextInQueue([7], 7)).toBe('next page');
  });
});
