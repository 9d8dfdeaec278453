import type { Person, PersonRole } from '../../../shared/contract/domain.js';
import type { Db } from '../store/openProjectDb.js';
import { insertPerson, personByName, setPersonRoles } from '../store/people.js';


/** People are matched by name (case-insensitive) so a rater who types their name again is the same person. */
export function upsertPerson(db: Db, name: string, roles: PersonRole[]): Person {
  return db.transaction(() => {
    const existing = personByName(db, name);
    if (existing) {
      const merged = [...new Set([...existing.roles, ...roles])].sort();
      setPersonRoles(db, existing.id, merged);
      return { ...existing, roles: merged };
    }
    return insertPerson(db, name, [...new Set(roles)].sort());
  })();
}
