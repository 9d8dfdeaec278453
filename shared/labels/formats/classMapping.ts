import { UNLABELLED } from '../unlabelled.js';

/** Names tools give to pixels that carry no class; they read as unlabelled unless the project has a class so named. */
const VOID_NAMES = new Set(['unlabeled', 'unlabelled', 'void', 'ignore', 'ignored', '__ignore__']);

/** "Traffic_Light", "traffic-light" and " traffic light " name one class: case, spacing, '_' and '-' do not matter. */
export function normaliseClassName(name: string): string {
  return name.trim().toLowerCase().replace(/[\s_-]+/g, ' ');
}

/** A class name of a label file resolved against the project: its id (UNLABELLED for void names), or unknown. */
export type ClassLookup = { known: true; id: number } | { known: false };

/** Maps the class names of a label file to the project's class ids by name. */
export class ClassMapping {
  private readonly byName = new Map<string, number>();

  constructor(classes: ReadonlyArray<{ id: number; name: string }>) {
    for (const c of classes) this.byName.set(normaliseClassName(c.name), c.id);
  }

  lookup(name: string): ClassLookup {
    const key = normaliseClassName(name);
    const id = this.byName.get(key);
    if (id !== undefined) return { known: true, id };
    return VOID_NAMES.has(key) ? { known: true, id: UNLABELLED } : { known: false };
  }
}

export interface UnknownClass {
  name: string;
  /** Shapes, annotations or (for PNG formats) files that used it. */
  instances: number;
  /** Pixels it covered; they are left unlabelled. */
  pixels: number;
}

/** Classes a label file used that the project does not have, counted so the report can list them. */
export class UnknownClasses {
  private readonly byName = new Map<string, UnknownClass>();

  add(name: string, pixels: number, instances = 1): void {
    const entry = this.byName.get(name) ?? { name, instances: 0, pixels: 0 };
    entry.instances += instances;
    entry.pixels += pixels;
    this.byName.set(name, entry);
  }

  list(): UnknownClass[] {
    return [...this.byName.values()].sort((a, b) => b.pixels - a.pixels || a.name.localeCompare(b.name));
  }
}
