import { useEffect, useRef, type RefObject } from 'react';
import type { DicomWindowing } from './useDicomWindow.js';

/**
 * Window drag on a stage, by the radiology convention (horizontal: width, vertical: centre):
 * with the right button, or Ctrl with the left, so it never fights the editor's tools (left
 * paints, middle and Space pan). Listens in the document's capture phase, ahead of the stage's
 * own handlers, and keeps the gesture from them. `rightButtonFree` is false while a tool uses
 * the right button itself (assist's negative point): Ctrl+drag still windows then.
 */
export function useWindowDrag(stage: RefObject<HTMLElement | null>, windowing: DicomWindowing | null, rightButtonFree: boolean): void {
  const latest = useRef({ windowing, rightButtonFree });
  latest.current = { windowing, rightButtonFree };
  const active = windowing !== null;
  useEffect(() => {
    if (!active) return;
    let drag: { pointerId: number; move: (x: number, y: number) => void } | null = null;
    const inStage = (e: Event): boolean => !!stage.current && e.target instanceof Node && stage.current.contains(e.target);
    const down = (e: PointerEvent): void => {
      const { windowing: w, rightButtonFree: right } = latest.current;
      if (!w || !inStage(e)) return;
      if (!((e.button === 2 && right) || (e.button === 0 && e.ctrlKey))) return;
      e.preventDefault();
      e.stopPropagation();
      drag = { pointerId: e.pointerId, move: w.beginDrag(e.clientX, e.clientY) };
      stage.current!.setPointerCapture(e.pointerId);
    };
    const move = (e: PointerEvent): void => {
      if (drag?.pointerId !== e.pointerId) return;
      e.stopPropagation();
      drag.move(e.clientX, e.clientY);
    };
    const up = (e: PointerEvent): void => {
      if (drag?.pointerId !== e.pointerId) return;
      e.stopPropagation();
      drag = null;
    };
    const menu = (e: MouseEvent): void => {
      if (inStage(e) && latest.current.rightButtonFree) e.preventDefault();
    };
    document.addEventListener('pointerdown', down, true);
    document.addEventListener('pointermove', move, true);
    document.addEventListener('pointerup', up, true);
    document.addEventListener('pointercancel', up, true);
    document.addEventListener('contextmenu', menu, true);
    return () => {
      document.removeEventListener('pointerdown', down, true);
      document.removeEventListener('pointermove', move, true);
      document.removeEventListener('pointerup', up, true);
      document.removeEventListener('pointercancel', up, true);
      document.removeEventListener('contextmenu', menu, true);
    };
  }, [active, stage]);
}
