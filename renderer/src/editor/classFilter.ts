import type { ClassInfo } from '../../../shared/contract/domain.js';

/**
 * The classes a typed query picks, best first: names that start with it, then names with a word
 * that starts with it, then names or superclasses that contain it anywhere; the legend's order
 * within each rank. Case is ignored; an empty query keeps every class. Enter in the class search
 * takes the first, so a few letters choose any class of a large label set.
 */
export function filterClasses<C extends Pick<ClassInfo, 'name' | 'superclass'>>(classes: readonly C[], query: string): C[] {
  const q = query.trim().toLowerCase();
  if (q === '') return [...classes];
  const ranked: Array<{ c: C; rank: number; index: number }> = [];
  classes.forEach((c, index) => {
    const name = c.name.toLowerCase();
    const rank = name.startsWith(q)
      ? 0
      : name.split(/[\s_\-/.]+/).some((word) => word.startsWith(q))
        ? 1
        : name.includes(q) || (c.superclass?.toLowerCase().includes(q) ?? false)
          ? 2
          : -1;
    if (rank >= 0) ranked.push({ c, rank, index });
  });
  return ranked.sort((a, b) => a.rank - b.rank || a.index - b.index).map((r) => r.c);
}
