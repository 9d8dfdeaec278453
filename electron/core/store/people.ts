import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { PersonRole, type Person } from '../../../shared/contract/domain.js';
import type { Db } from './openProjectDb.js';

interface PersonRow {
  id: number;
  name: string;
  roles: string;
  created_at: string;
}

/** people.roles: JSON array of roles; an unreadable one reads as no roles. */
const Roles = z.array(PersonRole);

function toPerson(row: PersonRow): Person {
  const roles = Roles.safeParse(JSON.parse(row.roles));
  return { id: row.id, name: row.name, roles: roles.success ? roles.data : [], createdAt: row.created_at };
}

export function listPeople(db: Db): Person[] {
  return (db.prepare('SELECT id, name, roles, created_at FROM people ORDER BY name').all() as PersonRow[]).map(toPerson);
}

/** Matched case-insensitively: people.name is COLLATE NOCASE. */
export function personByName(db: Db, name: string): Person | undefined {
  const row = db.prepare('SELECT id, name, roles, created_at FROM people WHERE name = ?').get(name) as PersonRow | undefined;
  return row && toPerson(row);
}

export function personName(db: Db, personId: number): string | null {
  return (db.prepare('SELECT name FROM people WHERE id = ?').pluck().get(personId) as string | undefined) ?? null;
}

export function setPersonRoles(db: Db, id: number, roles: readonly PersonRole[]): void {
  db.prepare('UPDATE people SET roles = ? WHERE id = ?').run(JSON.stringify(roles), id);
}

export function insertPerson(db: Db, name: string, roles: readonly PersonRole[]): Person {
  const createdAt = new Date().toISOString();
  const result = db.prepare('INSERT INTO people (uid, name, roles, created_at) VALUES (?, ?, ?, ?)').run(randomUUID(), name, JSON.stringify(roles), createdAt);
  return { id: Number(result.lastInsertRowid), name, roles: [...roles], createdAt };
}

export function personById(db: Db, id: number): Person | undefined {
  const row = db.prepare('SELECT id, name, roles, created_at FROM people WHERE id = ?').get(id) as PersonRow | undefined;
  return row && toPerson(row);
}

/** The stable id a person keeps across copies of the project (merges match people by it). */
export function personUid(db: Db, id: number): string | null {
  return (db.prepare('SELECT uid FROM people WHERE id = ?').pluck().get(id) as string | undefined) ?? null;
}
