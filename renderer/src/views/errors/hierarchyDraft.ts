import type { ClassInfo } from '../../../../shared/contract/domain.js';
import { ErrorHierarchy, HierarchyError, compileHierarchy } from '../../../../shared/errors/classHierarchy.js';

/** One project class as the structured editor shows it. An empty superclass means none. */
export interface ClassRow {
  name: string;
  color: string;
  superclass: string;
  stuff: boolean;
  background: boolean;
}

/** Predicting `alias` where the truth is `target` is acceptable (rule 0). */
export interface AliasRow {
  alias: string;
  target: string;
}

/** A superclass and the coarser superclass above it. */
export interface ParentRow {
  child: string;
  parent: string;
}

export interface HierarchyDraft {
  classes: ClassRow[];
  aliases: AliasRow[];
  parents: ParentRow[];
}

/** What is wrong with a draft, where the editor can show it: by class, by alias row, by parent row, and the rest. */
export interface HierarchyCheck {
  /** The hierarchy to save; null while anything is wrong. */
  hierarchy: ErrorHierarchy | null;
  classes: Record<string, string>;
  aliases: (string | null)[];
  parents: (string | null)[];
  problems: string[];
}

/**
 * The table for the project's classes, in their order. Names the hierarchy mentions for
 * superclasses, stuff or background that are not project classes cannot have a row and come
 * back in `dropped`; aliases keep theirs so the editor can flag them.
 */
export function hierarchyToDraft(hierarchy: ErrorHierarchy, classes: readonly ClassInfo[]): { draft: HierarchyDraft; dropped: string[] } {
  const names = new Set(classes.map((c) => c.name));
  const dropped = new Set<string>();
  for (const name of [...Object.keys(hierarchy.superclasses), ...hierarchy.stuff, ...hierarchy.background]) if (!names.has(name)) dropped.add(name);
  const draft: HierarchyDraft = {
    classes: classes.map((c) => ({
      name: c.name,
      color: c.color,
      superclass: Object.hasOwn(hierarchy.superclasses, c.name) ? hierarchy.superclasses[c.name]! : '',
      stuff: hierarchy.stuff.includes(c.name),
      background: hierarchy.background.includes(c.name),
    })),
    aliases: Object.entries(hierarchy.aliases).flatMap(([target, list]) => list.map((alias) => ({ alias, target }))),
    parents: Object.entries(hierarchy.parents).map(([child, parent]) => ({ child, parent })),
  };
  return { draft, dropped: [...dropped] };
}

const blank = (a: string, b: string) => !a.trim() && !b.trim();

/** The hierarchy a draft stands for; rows left wholly empty are ignored, names are trimmed. */
export function draftToHierarchy(draft: HierarchyDraft): ErrorHierarchy {
  const superclasses: Record<string, string> = {};
  for (const row of draft.classes) if (row.superclass.trim()) superclasses[row.name] = row.superclass.trim();
  const parents: Record<string, string> = {};
  for (const row of draft.parents) if (!blank(row.child, row.parent)) parents[row.child.trim()] = row.parent.trim();
  const aliases: Record<string, string[]> = {};
  for (const row of draft.aliases) {
    if (blank(row.alias, row.target)) continue;
    (aliases[row.target.trim()] ??= []).push(row.alias.trim());
  }
  return {
    superclasses,
    parents,
    aliases,
    stuff: draft.classes.filter((c) => c.stuff).map((c) => c.name),
    background: draft.classes.filter((c) => c.background).map((c) => c.name),
  };
}

/** A text that is equal for two hierarchies exactly when they mean the same (order of entries aside). */
export function hierarchyKey(hierarchy: ErrorHierarchy): string {
  const sorted = <T>(entries: [string, T][]) => entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([
    sorted(Object.entries(hierarchy.superclasses)),
    sorted(Object.entries(hierarchy.parents)),
    sorted(Object.entries(hierarchy.aliases).map(([k, v]): [string, string[]] => [k, [...v].sort()])).filter(([, v]) => v.length > 0),
    [...hierarchy.stuff].sort(),
    [...hierarchy.background].sort(),
  ]);
}

/** The superclass names in use, for the superclass fields' suggestions. */
export function superclassNames(draft: HierarchyDraft): string[] {
  const names = new Set<string>();
  for (const row of draft.classes) if (row.superclass.trim()) names.add(row.superclass.trim());
  for (const row of draft.parents) for (const name of [row.child, row.parent]) if (name.trim()) names.add(name.trim());
  return [...names].sort();
}

/** Every problem of a hierarchy by the core's own check (unknown classes, superclass cycles, …). */
function compileProblems(hierarchy: unknown, classes: readonly ClassInfo[]): { hierarchy: ErrorHierarchy | null; problems: string[] } {
  const parsed = ErrorHierarchy.safeParse(hierarchy);
  if (!parsed.success) return { hierarchy: null, problems: parsed.error.issues.map((i) => `${i.path.join('.') || 'hierarchy'}: ${i.message}`) };
  try {
    compileHierarchy(parsed.data, classes);
    return { hierarchy: parsed.data, problems: [] };
  } catch (error) {
    if (error instanceof HierarchyError) return { hierarchy: null, problems: error.problems };
    throw error;
  }
}

/** Checks a draft row by row first, so a mistake is shown where it was made, then as a whole as the core will. */
export function checkHierarchyDraft(draft: HierarchyDraft, classes: readonly ClassInfo[]): HierarchyCheck {
  const names = new Set(classes.map((c) => c.name));
  const classProblems: Record<string, string> = {};
  for (const row of draft.classes) if (row.stuff && row.background) classProblems[row.name] = 'cannot be both stuff and background';

  const seenAliases = new Set<string>();
  const aliases = draft.aliases.map((row): string | null => {
    if (blank(row.alias, row.target)) return null;
    const [alias, target] = [row.alias.trim(), row.target.trim()];
    if (!alias || !target) return 'choose both classes';
    const unknown = [alias, target].find((n) => !names.has(n));
    if (unknown !== undefined) return `"${unknown}" is not a project class`;
    if (alias === target) return 'a class cannot be an alias of itself';
    const key = JSON.stringify([alias, target]);
    if (seenAliases.has(key)) return 'listed twice';
    seenAliases.add(key);
    return null;
  });

  const seenChildren = new Set<string>();
  const parents = draft.parents.map((row): string | null => {
    if (blank(row.child, row.parent)) return null;
    const [child, parent] = [row.child.trim(), row.parent.trim()];
    if (!child || !parent) return 'name both superclasses';
    if (child === parent) return 'a superclass cannot be its own parent';
    if (seenChildren.has(child)) return `"${child}" already has a parent`;
    seenChildren.add(child);
    return null;
  });

  const rowsFine = Object.keys(classProblems).length === 0 && aliases.every((p) => p === null) && parents.every((p) => p === null);
  const whole = rowsFine ? compileProblems(draftToHierarchy(draft), classes) : { hierarchy: null, problems: [] };
  return { hierarchy: whole.hierarchy, classes: classProblems, aliases, parents, problems: whole.problems };
}

/** The power users' view: the hierarchy as JSON text, checked like the table. */
export function checkHierarchyJson(text: string, classes: readonly ClassInfo[]): { hierarchy: ErrorHierarchy | null; problems: string[] } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { hierarchy: null, problems: [`not valid JSON: ${error instanceof Error ? error.message : String(error)}`] };
  }
  return compileProblems(value, classes);
}
