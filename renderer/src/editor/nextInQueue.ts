/** What follows CURRENT on a page of the image list: an image, the next page's first, or nothing. */
export type NextInQueue = { imageId: number } | 'next page' | null;

/**
 * The image an annotator goes on to after submitting CURRENT, from the ids of the list page they
 * opened it from (read again after the submit). An image still in the list leads to the one after
 * it; an image the submit took out of the list (a "not labelled yet" or "returned" filter) leads
 * to the page's first image, which is where the list now starts for someone working down it.
 */
export function nextInQueue(pageIds: readonly number[], current: number): NextInQueue {
  const at = pageIds.indexOf(current);
  if (at < 0) {
    const other = pageIds.find((id) => id !== current);
    return other === undefined ? null : { imageId: other };
  }
  const after = pageIds[at + 1];
  return after === undefined ? 'next page' : { imageId: after };
}
