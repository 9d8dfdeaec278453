/**
 * The editor's keyboard map, in the manner of CVAT and Label Studio. Digits choose classes, so
 * fitting the image is Ctrl+0 (next to Ctrl+= and Ctrl+-); symbols are matched by physical key
 * (`code`) so the map works on any keyboard layout.
 */

export type Tool = 'brush' | 'eraser' | 'polygon' | 'fill' | 'assist';

export type EditorAction =
  | { type: 'tool'; tool: Tool }
  | { type: 'class'; index: number }
  | { type: 'brushSize'; step: 1 | -1 }
  | { type: 'zoom'; step: 1 | -1 }
  | { type: 'fit' }
  | { type: 'undo' }
  | { type: 'redo' }
  | { type: 'toggleMask' }
  | { type: 'toggleImage' }
  | { type: 'opacity'; step: 1 | -1 }
  | { type: 'cancel' }
  | { type: 'closePolygon' }
  | { type: 'removeVertex' }
  | { type: 'saveDraft' }
  | { type: 'submit'; next: boolean }
  | { type: 'accept' }
  | { type: 'return' }
  | { type: 'backToList' }
  | { type: 'findClass' }
  | { type: 'hideClass' }
  | { type: 'showAllClasses' }
  | { type: 'toggleChanges' }
  | { type: 'windowPreset' }
  | { type: 'windowReset' };

export interface KeyLike {
  key: string;
  code: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

const TOOL_KEYS: Record<string, Tool> = { b: 'brush', e: 'eraser', p: 'polygon', f: 'fill', a: 'assist' };

/** The action a key press asks for, or null when the editor does not use it. */
export function actionForKey(e: KeyLike): EditorAction | null {
  if (e.altKey) return null;
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key.toLowerCase();
  if (mod) {
    if (key === 'z') return e.shiftKey ? { type: 'redo' } : { type: 'undo' };
    if (key === 'y') return { type: 'redo' };
    if (e.code === 'Equal' || e.code === 'NumpadAdd') return { type: 'zoom', step: 1 };
    if (e.code === 'Minus' || e.code === 'NumpadSubtract') return { type: 'zoom', step: -1 };
    if (e.code === 'Digit0' || e.code === 'Numpad0') return { type: 'fit' };
    if (key === 's') return { type: 'saveDraft' };
    if (key === 'enter') return { type: 'submit', next: e.shiftKey };
    return null;
  }
  if (e.shiftKey) {
    if (key === 'a') return { type: 'accept' };
    if (key === 'r') return { type: 'return' };
    if (key === 'o') return { type: 'opacity', step: -1 };
    if (key === 'h') return { type: 'showAllClasses' };
    if (key === 'w') return { type: 'windowReset' };
  }
  const digit = /^(?:Digit|Numpad)(\d)$/.exec(e.code);
  if (digit && !e.shiftKey) {
    const n = Number(digit[1]);
    return { type: 'class', index: n === 0 ? 9 : n - 1 };
  }
  if (e.code === 'BracketLeft') return { type: 'brushSize', step: -1 };
  if (e.code === 'BracketRight') return { type: 'brushSize', step: 1 };
  if (e.shiftKey) return null;
  const tool = TOOL_KEYS[key];
  if (tool) return { type: 'tool', tool };
  switch (key) {
    case 'm':
      return { type: 'toggleMask' };
    case 'i':
      return { type: 'toggleImage' };
    case 'o':
      return { type: 'opacity', step: 1 };
    case 'escape':
      return { type: 'cancel' };
    case 'enter':
      return { type: 'closePolygon' };
    case 'backspace':
      return { type: 'removeVertex' };
    case 'l':
      return { type: 'backToList' };
    case '/':
      return { type: 'findClass' };
    case 'h':
      return { type: 'hideClass' };
    case 'd':
      return { type: 'toggleChanges' };
    case 'w':
      return { type: 'windowPreset' };
    default:
      return null;
  }
}

/** What the on-screen key map (`?`) lists for the editor. */
export const EDITOR_KEYS: ReadonlyArray<readonly [string, string]> = [
  ['B / E / P / F / A', 'Brush / eraser (sets pixels unlabelled) / polygon / flood fill / assist (click to segment)'],
  ['Assist: click, right or Alt+click, drag', 'Point on the object / point off it / box around it; a first click inside a region of the current class refines it'],
  ['Assist: Enter / Esc', 'Paint the preview as the current class (one undo step) / drop it'],
  ['1 … 9, 0', 'Class 1 … 10 of the legend (or click the legend)'],
  ['/ then type, Enter', 'Any class by name: / opens the class search, a few letters filter the legend, ↑ / ↓ move, Enter takes the highlighted class, Esc goes back'],
  ['H / Shift+H', 'Hide or show the current class in the mask / show every class again'],
  ['[ / ]', 'Smaller / larger brush'],
  ['Wheel, Ctrl+= / Ctrl+-', 'Zoom in / out'],
  ['Ctrl+0', 'Fit the image to the window'],
  ['Space+drag, middle drag', 'Pan'],
  ['Ctrl+Z / Ctrl+Shift+Z (Ctrl+Y)', 'Undo / redo (a whole stroke is one step)'],
  ['Esc', 'Cancel the stroke or polygon in progress'],
  ['Click, drag a vertex, Enter or double click', 'Polygon: add, move, close and fill'],
  ['Backspace', 'Polygon: remove the last vertex'],
  ['M / I', 'Show or hide the mask / the image'],
  ['O / Shift+O', 'Mask opacity up / down'],
  ['Ctrl+S', 'Save the draft now (it also saves itself within 2 s)'],
  ['Ctrl+Enter', 'Submit this version'],
  ['Ctrl+Shift+Enter', 'Submit and open the next image of the list'],
  ['Click (review)', 'Place a review mark'],
  ['Shift+A / Shift+R', 'Review: accept / return the mask'],
  ['D', 'Review: show or hide the pixels changed since the returned version'],
  ['L', 'Back to the image list'],
  ['DICOM: right-drag or Ctrl+drag', 'Window: horizontal changes the width, vertical the centre'],
  ['DICOM: W / Shift+W', "Next window preset / back to the file's window"],
];
