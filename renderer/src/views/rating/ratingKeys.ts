/** The rating queue's keys, shown in its key map and handled in RatingQueue. */
export const RATING_KEYS: Array<[string, string]> = [
  ['1 – 5', 'Rate the target’s segmentation: 1 bad, 2 poor, 3 fair, 4 good, 5 excellent'],
  ['0 or O', 'Out of domain (removes the image from the counterexamples)'],
  ['← / →', 'Previous / next image'],
  ['Backspace', 'Undo your last rating'],
  ['Space', 'Show or hide the overlays'],
  ['Tab', 'Compare with the next competing model'],
  ['+ / −', 'Overlay opacity'],
  ['Z, wheel', 'Zoom both images alike: Z steps 1×, 2×, 4× about the last spot; the wheel zooms at the pointer'],
  ['W / Shift+W (DICOM)', "Next window preset / back to the file's window"],
  ['Right-drag or Ctrl+drag (DICOM)', 'Window: horizontal changes the width, vertical the centre'],
  ['?', 'Show or hide these keys'],
];

export const SCORE_LABELS: Record<number, string> = { 1: 'bad', 2: 'poor', 3: 'fair', 4: 'good', 5: 'excellent' };
