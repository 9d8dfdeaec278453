import { describe, expect, it } from 'vitest';
import { EditHistory, historyEntry } from '../../../renderer/src/editor/editHistory.js';
import { EditSnapshot } from '../../../renderer/src/editor/editSnapshot.js';
import { readRect, sameBytes, writeRect } from '../../../renderer/src/editor/rectPatch.js';

const patch = (bytes: number) => ({ rect: { x: 0, y: 0, width: bytes, height: 1 }, before: new Uint8Array(bytes), after: new Uint8Array(bytes) });

describe('EditHistory', () => {
  it('moves steps between undo and redo and reports their union rectangle', () => {
    const entry = historyEntry('Brush', [
      { rect: { x: 2, y: 3, width: 4, height: 1 }, before: new Uint8Array(4), after: new Uint8Array(4) },
      { rect: { x: 0, y: 5, width: 1, height: 2 }, before: new Uint8Array(2), after: new Uint8Array(2) },
    ])!;
    expect(entry.rect).toEqual({ x: 0, y: 3, width: 6, height: 4 });
    expect(entry.bytes).toBe(12);
    const history = new EditHistory(1000);
    history.push(entry);
    expect(history.undo()).toBe(entry);
    expect(history.undo()).toBeNull();
    expect(history.redo()).toBe(entry);
    expect(history.redo()).toBeNull();
    expect(historyEntry('Nothing', [])).toBeNull();
  });

  it('evicts the oldest steps beyond the byte cap but always keeps the newest one', () => {
    const history = new EditHistory(100);
    for (let i = 0; i < 5; i++) history.push(historyEntry(`s${i}`, [patch(20)])!);
    expect(history.undoDepth).toBe(2);
    expect(history.bytes).toBe(80);
    history.push(historyEntry('huge', [patch(500)])!);
    expect(history.undoDepth).toBe(1);
    expect(history.undo()?.label).toBe('huge');
  });

  it('frees the redo steps when a new step is pushed', () => {
    const history = new EditHistory(1000);
    history.push(historyEntry('a', [patch(10)])!);
    history.push(historyEntry('b', [patch(10)])!);
    history.undo();
    expect(history.bytes).toBe(40);
    history.push(historyEntry('c', [patch(10)])!);
    expect(history.bytes).toBe(40);
    expect(history.canRedo).toBe(false);
  });
});

describe('EditSnapshot', () => {
  it('saves each 64×64 tile once, before the first write, and patches only changed tiles', () => {
    const width = 130;
    const height = 70;
    const labels = new Uint8Array(width * height).fill(9);
    const snapshot = new EditSnapshot(labels, width, height);
    snapshot.cover({ x: 60, y: 60, width: 10, height: 5 });
    labels.fill(1, 62 * width + 65, 62 * width + 67);
    // A second cover of the same tiles must not overwrite the saved originals.
    snapshot.cover({ x: 0, y: 0, width: 130, height: 70 });
    const patches = snapshot.patches();
    expect(patches.map((p) => p.rect)).toEqual([{ x: 64, y: 0, width: 64, height: 64 }]);
    expect(patches[0]!.before.every((v) => v === 9)).toBe(true);
    expect(patches[0]!.after[62 * 64 + 1]).toBe(1);
    expect(snapshot.restore()).toEqual({ x: 0, y: 0, width: 130, height: 70 });
    expect(labels.every((v) => v === 9)).toBe(true);
  });

  it('can save tiles from a copy taken before an edit whose extent was known only afterwards', () => {
    const labels = new Uint8Array(64 * 64).fill(3);
    const original = labels.slice();
    labels.fill(4, 0, 10);
    const snapshot = new EditSnapshot(labels, 64, 64);
    snapshot.cover({ x: 0, y: 0, width: 10, height: 1 }, original);
    expect(snapshot.patches()[0]!.before.every((v) => v === 3)).toBe(true);
  });
});

describe('readRect / writeRect', () => {
  it('round-trips a sub-rectangle of a row-major map', () => {
    const labels = Uint8Array.from({ length: 20 }, (_, i) => i);
    const rect = { x: 1, y: 1, width: 2, height: 2 };
    expect([...readRect(labels, 5, rect)]).toEqual([6, 7, 11, 12]);
    writeRect(labels, 5, rect, new Uint8Array([0, 0, 0, 0]));
    expect([...labels.slice(5, 15)]).toEqual([5, 0, 0, 8, 9, 10, 0, 0, 13, 14]);
  });

  it('round-trips rows longer than a tile’s, copied whole', () => {
    const labels = Uint8Array.from({ length: 600 * 3 }, (_, i) => i % 251);
    const rect = { x: 7, y: 1, width: 580, height: 2 };
    const read = readRect(labels, 600, rect);
    expect(read[0]).toBe((600 + 7) % 251);
    expect(read[580]).toBe((1200 + 7) % 251);
    const copy = new Uint8Array(labels.length);
    writeRect(copy, 600, rect, read);
    expect(copy[607]).toBe(labels[607]);
    expect(copy[1200 + 586]).toBe(labels[1200 + 586]);
    expect(copy[606]).toBe(0);
  });
});

describe('readRect / writeRect four pixels a step', () => {
  it('copies word-aligned blocks and unaligned ones alike', () => {
    // An 8-wide map: x 4–7 starts every row on a word; x 1–4 does not.
    const labels = Uint8Array.from({ length: 8 * 3 }, (_, i) => i);
    expect([...readRect(labels, 8, { x: 4, y: 1, width: 4, height: 2 })]).toEqual([12, 13, 14, 15, 20, 21, 22, 23]);
    expect([...readRect(labels, 8, { x: 1, y: 1, width: 4, height: 2 })]).toEqual([9, 10, 11, 12, 17, 18, 19, 20]);
    const target = new Uint8Array(8 * 3);
    writeRect(target, 8, { x: 4, y: 1, width: 4, height: 2 }, Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8));
    writeRect(target, 8, { x: 1, y: 0, width: 4, height: 1 }, Uint8Array.of(9, 9, 9, 9));
    expect([...target]).toEqual([0, 9, 9, 9, 9, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 0, 0, 0, 0, 5, 6, 7, 8]);
  });
});

describe('sameBytes', () => {
  it('finds a difference in any byte, aligned or not, in the words or the tail', () => {
    const a = Uint8Array.from({ length: 11 }, (_, i) => i);
    expect(sameBytes(a, a.slice())).toBe(true);
    for (const at of [0, 5, 8, 10]) {
      const b = a.slice();
      b[at] = 99;
      expect(sameBytes(a, b)).toBe(false);
    }
    const shifted = new Uint8Array(12);
    shifted.set(a, 1);
    expect(sameBytes(a, shifted.subarray(1))).toBe(true);
    expect(sameBytes(a, a.subarray(1))).toBe(false);
  });
});
