import type { ClassInfo } from '../../../shared/contract/domain.js';
import { FaultlineError } from '../../../shared/contract/errors.js';
import type { Db } from '../project/openProjectDb.js';

interface ClassRow {
  id: number;
  name: string;
  color: string;
  superclass: string | null;
}

export function listClasses(db: Db): ClassInfo[] {
  return db.prepare('SELECT id, name, color, superclass FROM classes ORDER BY id').all() as ClassRow[];
}

export function setClasses(db: Db, classes: ClassInfo[]): ClassInfo[] {
  const ids = new Set(classes.map((c) => c.id));
  const names = new Set(classes.map((c) => c.name));
  if (ids.size !== classes.length) throw new FaultlineError('invalid_input', 'Two classes share an id; every class needs its own id.');
  if (names.size !== classes.length) throw new FaultlineError('invalid_input', 'Two classes share a name; class names must be unique.');
  db.transaction(() => {
    db.prepare('DELETE FROM classes').run();
    const insert = db.prepare('INSERT INTO classes (id, name, color, superclass) VALUES (?, ?, ?, ?)');
    for (const c of classes) insert.run(c.id, c.name, c.color, c.superclass);
  })();
  return listClasses(db);
}
