import type { ClassInfo } from '../../../shared/contract/domain.js';
import { FaultlineError } from '../../../shared/contract/errors.js';
import type { Db } from '../store/openProjectDb.js';
import { listClasses, replaceClasses } from '../store/classes.js';


export function setClasses(db: Db, classes: ClassInfo[]): ClassInfo[] {
  const ids = new Set(classes.map((c) => c.id));
  const names = new Set(classes.map((c) => c.name));
  if (ids.size !== classes.length) throw new FaultlineError('invalid_input', 'Two classes share an id; every class needs its own id.');
  if (names.size !== classes.length) throw new FaultlineError('invalid_input', 'Two classes share a name; class names must be unique.');
  replaceClasses(db, classes);
  return listClasses(db);
}
