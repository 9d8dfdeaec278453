import { describe, expect, it } from 'vitest';
import type { Rect } from '../../../shared/geometry/rect.js';
import { LabelMapEditor } from '../../../renderer/src/editor/labelMapEditor.js';
import { UNLABELLED } from '../../../shared/labels/unlabelled.js';

/** The map as rows of characters: '.' unlabelled, digits class ids. */
function picture(editor: LabelMapEditor): string[] {
  const rows: string[] = [];
  for (let y = 0; y < editor.height; y++) {
    let row = '';
    for (let x = 0; x < editor.width; x++) {
      const v = editor.labels[y * editor.width + x]!;
      row += v === UNLABELLED ? '.' : String(v);
    }
    rows.push(row);
  }
  return rows;
}

function tracked(editor: LabelMapEditor): { dirty: Rect[]; changes: number } {
  const seen = { dirty: [] as Rect[], changes: 0 };
  editor.subscribe({ dirty: (r) => seen.dirty.push(r), changed: () => seen.changes++ });
  return seen;
}

describe('LabelMapEditor', () => {
  it('paints an accepted assist mask as one step where the rule allows, undone and redone whole', () => {
    const editor = new LabelMapEditor(6, 3, Uint8Array.from([...'..1...', '......', '......'].join('').split('').map((c) => (c === '.' ? UNLABELLED : Number(c)))));
    // A 3×2 mask at (1, 0): the class-1 pixel at (2, 0) is kept under 'unlabelled'.
    const mask = { rect: { x: 1, y: 0, width: 3, height: 2 }, bits: Uint8Array.from([1, 1, 1, 0, 1, 1]) };
    expect(editor.applyMask(mask, 2, 'unlabelled', null)).toBe(true);
    expect(picture(editor)).toEqual(['.212..', '..22..', '......']);
    expect(editor.undoDepth).toBe(1);
    editor.undo();
    expect(picture(editor)).toEqual(['..1...', '......', '......']);
    editor.redo();
    expect(picture(editor)).toEqual(['.212..', '..22..', '......']);
    // An empty preview that changes nothing leaves no step.
    expect(editor.applyMask({ rect: { x: 0, y: 2, width: 1, height: 1 }, bits: Uint8Array.of(0) }, 2, 'overwrite', null)).toBe(false);
    expect(editor.undoDepth).toBe(1);
  });

  it('paints a hard-valued stroke, records it as one step, and undo/redo restore exactly', () => {
    const editor = new LabelMapEditor(8, 5);
    const seen = tracked(editor);
    editor.beginStroke(1.5, 2.5, 0.5, 3);
    editor.extendStroke(3.5, 2.5);
    editor.extendStroke(6.5, 2.5);
    expect(editor.endStroke()).toBe(true);
    expect(picture(editor)).toEqual(['........', '........', '.333333.', '........', '........']);
    expect(editor.undoDepth).toBe(1);
    expect(seen.changes).toBe(1);
    expect(seen.dirty.length).toBe(3);
    expect(seen.dirty[1]).toEqual({ x: 1, y: 2, width: 3, height: 1 });

    editor.undo();
    expect(picture(editor)).toEqual(Array(5).fill('........'));
    expect(seen.dirty.at(-1)).toEqual({ x: 0, y: 0, width: 8, height: 5 });
    editor.redo();
    expect(picture(editor)[2]).toBe('.333333.');
    expect(seen.changes).toBe(3);
  });

  it('erases to unlabelled (255), not to a background class', () => {
    const editor = new LabelMapEditor(5, 3, new Uint8Array(15).fill(1));
    editor.beginStroke(2.5, 1.5, 1, UNLABELLED);
    editor.endStroke('Eraser');
    expect(picture(editor)).toEqual(['11.11', '1...1', '11.11']);
  });

  it('cancels a stroke in progress with Esc: pixels back, no history step, no change reported', () => {
    const editor = new LabelMapEditor(6, 4, new Uint8Array(24).fill(0));
    const seen = tracked(editor);
    editor.beginStroke(0.5, 0.5, 1.5, 2);
    editor.extendStroke(5.5, 3.5);
    expect(editor.labels.includes(2)).toBe(true);
    expect(editor.cancelStroke()).toBe(true);
    expect(editor.labels.every((v) => v === 0)).toBe(true);
    expect(editor.canUndo).toBe(false);
    expect(seen.changes).toBe(0);
    expect(editor.endStroke()).toBe(false);
  });

  it('leaves no step for a stroke that changed nothing, and a new edit clears redo', () => {
    const editor = new LabelMapEditor(4, 4, new Uint8Array(16).fill(1));
    editor.beginStroke(1.5, 1.5, 1, 1);
    expect(editor.endStroke()).toBe(false);
    expect(editor.canUndo).toBe(false);
    editor.fill(0, 0, 2);
    editor.undo();
    expect(editor.canRedo).toBe(true);
    editor.fill(0, 0, 3);
    expect(editor.canRedo).toBe(false);
  });

  it('flood-fills only the 4-connected region of the seed class', () => {
    const start = ['..1..', '..1..', '11...', '.....'].join('');
    const editor = new LabelMapEditor(5, 4, Uint8Array.from(start, (c) => (c === '.' ? UNLABELLED : Number(c))));
    const seen = tracked(editor);
    expect(editor.fill(0.2, 0.7, 4)).toBe(true);
    expect(picture(editor)).toEqual(['441..', '441..', '11...', '.....']);
    expect(seen.dirty).toEqual([{ x: 0, y: 0, width: 2, height: 2 }]);
    editor.undo();
    expect(picture(editor)).toEqual(['..1..', '..1..', '11...', '.....']);
    expect(editor.fill(2, 0, 1)).toBe(false);
  });

  it('fills a polygon by pixel centres and undoes it', () => {
    const editor = new LabelMapEditor(6, 6);
    expect(editor.fillPolygon([1, 1, 5, 1, 5, 4, 1, 4], 7)).toBe(true);
    expect(picture(editor)).toEqual(['......', '.7777.', '.7777.', '.7777.', '......', '......']);
    editor.undo();
    expect(editor.labels.every((v) => v === UNLABELLED)).toBe(true);
    expect(editor.fillPolygon([10, 10, 12, 10, 12, 12], 7)).toBe(false);
  });

  it('replaces the whole map as one undoable step', () => {
    const editor = new LabelMapEditor(3, 2);
    editor.replace(new Uint8Array([0, 1, 2, 0, 1, 2]));
    expect(picture(editor)).toEqual(['012', '012']);
    editor.undo();
    expect(picture(editor)).toEqual(['...', '...']);
  });

  it('keeps the stroke history independent of the stroke length and stores only the tiles it crossed', () => {
    const editor = new LabelMapEditor(1024, 1024);
    editor.beginStroke(10, 10, 2, 1);
    for (let i = 1; i <= 200; i++) editor.extendStroke(10 + i * 5, 10 + i * 5);
    editor.endStroke();
    // The diagonal crosses 16 rows of 64×64 tiles, touching at most three tiles per row (two bytes
    // per pixel: before and after): under 0.4 MiB where its bounding box would need 2 MiB.
    const tile = 64 * 64 * 2;
    expect(editor.historyBytes).toBeLessThanOrEqual(3 * 16 * tile);
    expect(editor.historyBytes).toBeGreaterThanOrEqual(16 * tile);
  });

  it('drops the oldest steps once the history holds more bytes than its cap', () => {
    const tile = 64 * 64 * 2;
    const small = new LabelMapEditor(256, 64, undefined, 3 * tile);
    for (let i = 0; i < 4; i++) small.fillPolygon([i * 64, 0, i * 64 + 64, 0, i * 64 + 64, 64, i * 64, 64], 1 + i);
    expect(small.undoDepth).toBe(3);
    expect(small.historyBytes).toBe(3 * tile);
    while (small.undo());
    expect(picture(small)[0]!.slice(0, 64)).toBe('1'.repeat(64));
    expect(picture(small)[0]!.slice(64, 65)).toBe('.');
  });
});
