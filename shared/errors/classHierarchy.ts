import { z } from 'zod';

const Name = z.string().trim().min(1, 'a name cannot be empty');

/**
 * What the error rules know about the classes, by name so it survives a change of class ids:
 * superclasses (rule 4), acceptable alternatives (rule 0), stuff classes (rule 6) and the
 * background classes (rule 3; never a ground-truth unit nor a hallucination). Superclass names
 * live apart from class names, so a class `sky` may belong to a superclass `sky`.
 */
export const ErrorHierarchy = z
  .object({
    /** Each class's superclass; a class left out has none. */
    superclasses: z.record(Name, Name).default({}),
    /** Superclass → coarser superclass, for deeper hierarchies (must not loop). */
    parents: z.record(Name, Name).default({}),
    /** Class → classes that are acceptable predictions where the truth is that class. */
    aliases: z.record(Name, z.array(Name)).default({}),
    stuff: z.array(Name).default([]),
    background: z.array(Name).default([]),
  })
  .strict();
export type ErrorHierarchy = z.infer<typeof ErrorHierarchy>;
export type ErrorHierarchyInput = z.input<typeof ErrorHierarchy>;

export interface NamedClass {
  id: number;
  name: string;
}

/** The hierarchy as lookup tables over class ids (K = largest id + 1), for the pixel rules. */
export interface CompiledHierarchy {
  numClasses: number;
  /** [a·K + b] = 1 when a and b (a ≠ b) share a superclass at some level. */
  sameGroup: Uint8Array;
  /** [y·K + c] = 1 when predicting c where the truth is y is acceptable. */
  alias: Uint8Array;
  stuff: Uint8Array;
  background: Uint8Array;
}

/** A hierarchy that cannot be used, with every problem found (not just the first). */
export class HierarchyError extends Error {
  constructor(readonly problems: string[]) {
    super(`The class hierarchy is not valid: ${problems.join('; ')}.`);
    this.name = 'HierarchyError';
  }
}

/** Classes treated as stuff (amorphous regions) when the project names one of these. */
const STUFF_NAMES = new Set([
  'sky', 'road', 'sidewalk', 'building', 'vegetation', 'terrain', 'wall', 'fence', 'grass', 'water', 'floor', 'ceiling',
  'ground', 'earth', 'sand', 'snow', 'mountain', 'tree', 'field', 'pavement', 'parking', 'rail track',
]);
const BACKGROUND_NAMES = new Set(['background', 'void', 'unlabelled', 'unlabeled']);

/**
 * The default for a project: superclasses from its classes table (the demo world's come from its
 * model cards: flat, construction, nature, object, …), stuff and background recognised by name,
 * no aliases.
 */
export function defaultHierarchy(classes: readonly (NamedClass & { superclass: string | null })[]): ErrorHierarchy {
  const superclasses: Record<string, string> = {};
  for (const c of classes) if (c.superclass && c.superclass.trim()) superclasses[c.name] = c.superclass.trim();
  const key = (name: string) => name.trim().toLowerCase();
  return {
    superclasses,
    parents: {},
    aliases: {},
    stuff: classes.filter((c) => STUFF_NAMES.has(key(c.name))).map((c) => c.name),
    background: classes.filter((c) => BACKGROUND_NAMES.has(key(c.name))).map((c) => c.name),
  };
}

/** Each loop of the superclass graph once, written from its smallest name: `a → b → a`. */
function superclassCycles(parents: Readonly<Record<string, string>>): string[] {
  const cycles = new Set<string>();
  for (const start of Object.keys(parents)) {
    const path: string[] = [];
    let node: string | undefined = start;
    while (node !== undefined && !path.includes(node)) {
      path.push(node);
      node = Object.hasOwn(parents, node) ? parents[node] : undefined;
    }
    if (node === undefined) continue;
    const loop = path.slice(path.indexOf(node));
    const first = loop.indexOf([...loop].sort()[0]!);
    const rotated = [...loop.slice(first), ...loop.slice(0, first)];
    cycles.add([...rotated, rotated[0]!].join(' → '));
  }
  return [...cycles];
}

/** Checks a hierarchy against the project's classes and turns it into lookup tables. */
export function compileHierarchy(input: ErrorHierarchyInput, classes: readonly NamedClass[]): CompiledHierarchy {
  const parsed = ErrorHierarchy.safeParse(input);
  if (!parsed.success) {
    throw new HierarchyError(parsed.error.issues.map((i) => `${i.path.join('.') || 'hierarchy'}: ${i.message}`));
  }
  const h = parsed.data;
  const ids = new Map(classes.map((c) => [c.name, c.id]));
  const known = classes.map((c) => c.name).join(', ');
  const problems: string[] = [];
  const unknown = (where: string, name: string) => problems.push(`${where}: "${name}" is not a project class (the classes are ${known})`);

  for (const name of Object.keys(h.superclasses)) if (!ids.has(name)) unknown('superclasses', name);
  for (const cycle of superclassCycles(h.parents)) problems.push(`parents: superclass cycle ${cycle}`);
  for (const [name, list] of Object.entries(h.aliases)) {
    if (!ids.has(name)) unknown('aliases', name);
    const seen = new Set<string>();
    for (const alias of list) {
      if (alias === name) problems.push(`aliases.${name}: a class cannot be an alias of itself`);
      else if (!ids.has(alias)) unknown(`aliases.${name}`, alias);
      if (seen.has(alias)) problems.push(`aliases.${name}: "${alias}" is listed twice`);
      seen.add(alias);
    }
  }
  for (const field of ['stuff', 'background'] as const) {
    const seen = new Set<string>();
    for (const name of h[field]) {
      if (!ids.has(name)) unknown(field, name);
      if (seen.has(name)) problems.push(`${field}: "${name}" is listed twice`);
      seen.add(name);
    }
  }
  for (const name of new Set(h.stuff)) if (h.background.includes(name)) problems.push(`"${name}" cannot be both stuff and background`);
  if (problems.length) throw new HierarchyError(problems);

  const K = classes.reduce((n, c) => Math.max(n, c.id + 1), 0);
  const ancestors = new Map<number, Set<string>>();
  for (const [name, superclass] of Object.entries(h.superclasses)) {
    const chain = new Set<string>();
    let node: string | undefined = superclass;
    while (node !== undefined && !chain.has(node)) {
      chain.add(node);
      node = Object.hasOwn(h.parents, node) ? h.parents[node] : undefined;
    }
    ancestors.set(ids.get(name)!, chain);
  }
  const sameGroup = new Uint8Array(K * K);
  for (const [a, ga] of ancestors) {
    for (const [b, gb] of ancestors) {
      if (a !== b && [...ga].some((g) => gb.has(g))) sameGroup[a * K + b] = 1;
    }
  }
  const alias = new Uint8Array(K * K);
  for (const [name, list] of Object.entries(h.aliases)) for (const a of list) alias[ids.get(name)! * K + ids.get(a)!] = 1;
  const flags = (names: readonly string[]) => {
    const out = new Uint8Array(K);
    for (const n of names) out[ids.get(n)!] = 1;
    return out;
  };
  return { numClasses: K, sameGroup, alias, stuff: flags(h.stuff), background: flags(h.background) };
}
