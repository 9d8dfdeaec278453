import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { PersonRole, type Person } from '../../../shared/contract/domain.js';
import type { Db } from '../project/openProjectDb.js';

interface PersonRow {
  id: number;
  name: string;
  roles: string;
  created_at: string;
}

const Roles = z.array(PersonRole);

function toPerson(row: PersonRow): Person {
  const roles = Roles.safeParse(JSON.parse(row.roles));
  return { id: row.id, name: row.name, roles: roles.success ? roles.data : [], createdAt: row.created_at };
}

export function listPeople(db: Db): Person[] {
  return (db.prepare('SELECT id, name, roles, created_at FROM people ORDER BY name').all() as PersonRow[]).map(toPerson);
}

/** People are matched by name (case-insensitive) so a rater who types their name again is the same person. */
export function upsertPerson(db: Db, name: string, roles: PersonRole[]): Person {
  return db.transaction(() => {
    const existing = db.prepare('SELECT id, name, roles, created_at FROM people WHERE name = ?').get(name) as PersonRow | undefined;
    if (existing) {
      const merged = [...new Set([...toPerson(existing).roles, ...roles])].sort();
      db.prepare('UPDATE people SET roles = ? WHERE id = ?').run(JSON.stringify(merged), existing.id);
      return toPerson({ ...existing, roles: JSON.stringify(merged) });
    }
    const createdAt = new Date().toISOString();
    const sorted = [...new Set(roles)].sort();
    const result = db
      .prepare('INSERT INTO people (uid, name, roles, created_at) VALUES (?, ?, ?, ?)')
      .run(randomUUID(), name, JSON.stringify(sorted), createdAt);
    return { id: Number(result.lastInsertRowid), name, roles: sorted, createdAt };
  })();
}
