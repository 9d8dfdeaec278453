/** The Quality view's keys, shown in the view and used by its handler. */
export const QUALITY_KEYS: Array<[string, string]> = [
  ['↑ / ↓', 'Previous / next image (worst first)'],
  ['PageUp / PageDown', 'Previous / next page'],
  ['E or Enter', 'Open the image in the mask editor (rescored when you come back)'],
  ['S', 'Rescore the image (after its mask was edited elsewhere)'],
  ['M / F', 'Show or hide the mask / the flagged pixels'],
  ['C', 'Clear the class and issue filters'],
  ['Ctrl+Enter', 'Score the chosen set'],
];
