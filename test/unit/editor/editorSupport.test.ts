import { inflateSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ActiveTimer } from '../../../renderer/src/editor/activeTimer.js';
import { parseEditorHash } from '../../../renderer/src/editor/deepLink.js';
import { DraftSaver } from '../../../renderer/src/editor/draftSaver.js';
import { actionForKey, type KeyLike } from '../../../renderer/src/editor/editorKeys.js';
import { decodeMask, encodeMask } from '../../../renderer/src/editor/maskTransfer.js';
import { base64ToBytes, bytesToBase64 } from '../../../shared/encoding/base64.js';
import { buildPalette } from '../../../renderer/src/editor/palette.js';
import { fitView, toImage, toScreen, zoomAt } from '../../../renderer/src/editor/viewTransform.js';

describe('DraftSaver', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function saver(onSave: () => Promise<void> = async () => {}) {
    const saves: number[] = [];
    const errors: unknown[] = [];
    const s = new DraftSaver({
      quietMs: 700,
      maxWaitMs: 1500,
      now: () => Date.now(),
      save: async () => {
        saves.push(Date.now());
        await onSave();
      },
      onError: (e) => errors.push(e),
    });
    return { s, saves, errors };
  }

  it('saves once, quietMs after the last of a burst of changes', async () => {
    const { s, saves } = saver();
    const t0 = Date.now();
    s.markDirty();
    await vi.advanceTimersByTimeAsync(300);
    s.markDirty();
    await vi.advanceTimersByTimeAsync(699);
    expect(saves).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(saves).toEqual([t0 + 1000]);
    expect(s.pending).toBe(false);
  });

  it('saves within maxWaitMs of the first change while changes keep coming', async () => {
    const { s, saves } = saver();
    const t0 = Date.now();
    for (let t = 0; t < 3000; t += 200) {
      s.markDirty();
      await vi.advanceTimersByTimeAsync(200);
    }
    expect(saves[0]).toBe(t0 + 1500);
    expect(saves.every((t, i) => i === 0 || t - saves[i - 1]! <= 1500)).toBe(true);
  });

  it('runs one save at a time and saves again for changes made during a save', async () => {
    let release: () => void = () => {};
    const { s, saves } = saver(() => new Promise<void>((r) => (release = r)));
    s.markDirty();
    await vi.advanceTimersByTimeAsync(700);
    expect(saves.length).toBe(1);
    s.markDirty();
    await vi.advanceTimersByTimeAsync(2000);
    expect(saves.length).toBe(1);
    release();
    await vi.advanceTimersByTimeAsync(700);
    expect(saves.length).toBe(2);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(s.pending).toBe(false);
  });

  it('flushes unsaved changes at once and, after a failed save, waits for the next change instead of looping', async () => {
    let fail = true;
    const { s, saves, errors } = saver(async () => {
      if (fail) throw new Error('read-only');
    });
    s.markDirty();
    await s.flush();
    expect(saves.length).toBe(1);
    expect(errors.length).toBe(1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(saves.length).toBe(1);
    expect(s.pending).toBe(true);
    fail = false;
    await s.flush();
    expect(saves.length).toBe(2);
    expect(s.pending).toBe(false);
  });
  it('drops unsaved changes once disposed, so leaving the image after a submit saves no stray draft', async () => {
    const { s, saves } = saver();
    s.markDirty();
    await s.suspend();
    s.dispose();
    await s.flush();
    s.markDirty();
    await vi.advanceTimersByTimeAsync(5000);
    expect(saves).toEqual([]);
    expect(s.pending).toBe(false);
  });
});

describe('ActiveTimer', () => {
  it('adds the gaps between editing events and skips idle gaps', () => {
    const timer = new ActiveTimer(1000, 30_000);
    timer.touch(0);
    timer.touch(400);
    timer.touch(1400);
    timer.touch(60_000);
    timer.touch(60_050);
    expect(timer.totalMs).toBe(1000 + 400 + 1000 + 50);
    timer.reset();
    timer.touch(70_000);
    expect(timer.totalMs).toBe(0);
  });
});

describe('actionForKey', () => {
  const key = (k: string, code: string, mods: Partial<KeyLike> = {}): KeyLike => ({
    key: k,
    code,
    ctrlKey: false,
    metaKey: false,
    shiftKey: false,
    altKey: false,
    ...mods,
  });

  it('maps the class search, class visibility and review changes keys', () => {
    expect(actionForKey(key('/', 'Slash'))).toEqual({ type: 'findClass' });
    expect(actionForKey(key('?', 'Slash', { shiftKey: true }))).toBeNull();
    expect(actionForKey(key('h', 'KeyH'))).toEqual({ type: 'hideClass' });
    expect(actionForKey(key('H', 'KeyH', { shiftKey: true }))).toEqual({ type: 'showAllClasses' });
    expect(actionForKey(key('d', 'KeyD'))).toEqual({ type: 'toggleChanges' });
  });

  it('maps tools, classes, zoom, fit and history keys without clashes', () => {
    expect(actionForKey(key('b', 'KeyB'))).toEqual({ type: 'tool', tool: 'brush' });
    expect(actionForKey(key('E', 'KeyE', { shiftKey: false }))).toEqual({ type: 'tool', tool: 'eraser' });
    expect(actionForKey(key('a', 'KeyA'))).toEqual({ type: 'tool', tool: 'assist' });
    // Shift+A stays the reviewer's accept.
    expect(actionForKey(key('A', 'KeyA', { shiftKey: true }))).toEqual({ type: 'accept' });
    expect(actionForKey(key('1', 'Digit1'))).toEqual({ type: 'class', index: 0 });
    expect(actionForKey(key('0', 'Digit0'))).toEqual({ type: 'class', index: 9 });
    expect(actionForKey(key('0', 'Digit0', { ctrlKey: true }))).toEqual({ type: 'fit' });
    expect(actionForKey(key('=', 'Equal', { ctrlKey: true }))).toEqual({ type: 'zoom', step: 1 });
    expect(actionForKey(key('-', 'Minus', { ctrlKey: true }))).toEqual({ type: 'zoom', step: -1 });
    expect(actionForKey(key('z', 'KeyZ', { ctrlKey: true }))).toEqual({ type: 'undo' });
    expect(actionForKey(key('Z', 'KeyZ', { ctrlKey: true, shiftKey: true }))).toEqual({ type: 'redo' });
    expect(actionForKey(key('ü', 'BracketLeft'))).toEqual({ type: 'brushSize', step: -1 });
    expect(actionForKey(key('Escape', 'Escape'))).toEqual({ type: 'cancel' });
    expect(actionForKey(key('A', 'KeyA', { shiftKey: true }))).toEqual({ type: 'accept' });
  });

  it('steps the DICOM window presets with W and resets the window with Shift+W', () => {
    expect(actionForKey(key('w', 'KeyW'))).toEqual({ type: 'windowPreset' });
    expect(actionForKey(key('W', 'KeyW', { shiftKey: true }))).toEqual({ type: 'windowReset' });
  });

  it('leaves Alt+digit (view switching) and the key map key to the shell', () => {
    expect(actionForKey(key('1', 'Digit1', { altKey: true }))).toBeNull();
    expect(actionForKey(key('?', 'Slash', { shiftKey: true }))).toBeNull();
  });
});

describe('view transform', () => {
  it('fits, zooms about a fixed point, and maps screen and image points both ways', () => {
    const fit = fitView(400, 200, 532, 432);
    expect(fit).toEqual({ scale: 1.25, x: 16, y: 91 });
    const zoomed = zoomAt(fit, 2, 100, 100, 0.1);
    const before = toImage(fit, 100, 100);
    const after = toImage(zoomed, 100, 100);
    expect(after.x).toBeCloseTo(before.x, 9);
    expect(after.y).toBeCloseTo(before.y, 9);
    expect(toScreen(zoomed, after.x, after.y)).toEqual({ x: 100, y: 100 });
    expect(zoomAt(fit, 1e6, 0, 0, 0.1).scale).toBe(64);
  });
});

describe('mask transfer', () => {
  it('deflates to zlib that Node inflates, and round-trips through base64', async () => {
    const labels = new Uint8Array(300 * 200).fill(255);
    labels.fill(3, 1000, 9000);
    const payload = await encodeMask(labels, 300, 200);
    expect(payload.data.length).toBeLessThan(2000);
    expect(new Uint8Array(inflateSync(Buffer.from(payload.data, 'base64')))).toEqual(labels);
    expect(await decodeMask(payload)).toEqual(labels);
    await expect(decodeMask({ ...payload, width: 299 })).rejects.toThrow(/expected 299×200/);
    const bytes = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 7) & 0xff);
    expect(base64ToBytes(bytesToBase64(bytes))).toEqual(bytes);
  });
});

describe('buildPalette', () => {
  it('puts class colours at their ids and leaves other ids transparent', () => {
    const rgba = buildPalette([{ id: 2, color: '#804020' }]);
    expect([...rgba.subarray(8, 12)]).toEqual([0x80, 0x40, 0x20, 255]);
    expect(rgba[255 * 4 + 3]).toBe(0);
    expect(rgba[3]).toBe(0);
  });

  it('leaves hidden classes transparent and keeps the others', () => {
    const rgba = buildPalette(
      [
        { id: 0, color: '#ff0000' },
        { id: 1, color: '#00ff00' },
      ],
      [0],
    );
    expect([...rgba.subarray(0, 4)]).toEqual([0, 0, 0, 0]);
    expect([...rgba.subarray(4, 8)]).toEqual([0, 255, 0, 255]);
  });
});


describe('parseEditorHash', () => {
  it('reads an image id and the review mode from the address, and nothing else', () => {
    expect(parseEditorHash('#editor/12')).toEqual({ imageId: 12, mode: 'annotate' });
    expect(parseEditorHash('#editor/7/review')).toEqual({ imageId: 7, mode: 'review' });
    expect(parseEditorHash('#editor/x')).toBeNull();
    expect(parseEditorHash('#pool')).toBeNull();
    expect(parseEditorHash('')).toBeNull();
  });
});
