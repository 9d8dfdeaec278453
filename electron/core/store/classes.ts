import type { ClassInfo } from '../../../shared/contract/domain.js';
import type { Db } from './openProjectDb.js';

export function listClasses(db: Db): ClassInfo[] {
  return db.prepare('SELECT id, name, color, superclass FROM classes ORDER BY id').all() as ClassInfo[];
}

/** Replaces the project's classes with `classes`, in one transaction. */
export function replaceClasses(db: Db, classes: readonly ClassInfo[]): void {
  db.transaction(() => {
    db.prepare('DELETE FROM classes').run();
    const insert = db.prepare('INSERT INTO classes (id, name, color, superclass) VALUES (?, ?, ?, ?)');
    for (const c of classes) insert.run(c.id, c.name, c.color, c.superclass);
  })();
}

/** The largest class id, or null when the project has no classes. */
export function maxClassId(db: Db): number | null {
  return db.prepare('SELECT max(id) FROM classes').pluck().get() as number | null;
}
