import { typingInField } from './typingInField.js';
import { useWindowKeys } from './useWindowKeys.js';

/**
 * A one-line text field (a search box) has nothing to page through, so PgUp / PgDn page the list
 * from it too: a user who typed a search goes on to its next page without leaving the box. Home
 * and End stay with the field, where they move the caret.
 */
function pagesFromField(target: EventTarget | null, key: string): boolean {
  return (key === 'PageUp' || key === 'PageDown') && target instanceof HTMLInputElement && (target.type === 'search' || target.type === 'text');
}

/** PageUp / PageDown (and Home / End) move through a paged list, except while typing in a field. */
export function usePageKeys(page: number, pages: number, setPage: (page: number) => void): void {
  useWindowKeys((event) => {
    if ((typingInField(event.target) && !pagesFromField(event.target, event.key)) || event.altKey || event.ctrlKey || event.metaKey) return;
    const next = { PageDown: page + 1, PageUp: page - 1, Home: 0, End: pages - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    setPage(Math.min(Math.max(0, next), pages - 1));
  });
}
