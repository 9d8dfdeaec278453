import type { Db } from './openProjectDb.js';

export interface SignInRow {
  personId: number;
  expiresAt: string;
}

/** The person a token hash signs in, with when that ends; expired rows are still returned (the caller says "expired"). */
export function signInByHash(db: Db, tokenHash: string): SignInRow | undefined {
  return db.prepare('SELECT person_id AS personId, expires_at AS expiresAt FROM sign_ins WHERE token_hash = ?').get(tokenHash) as SignInRow | undefined;
}

/** A person has at most one sign-in: a new one replaces the old, which stops working. */
export function replaceSignIn(db: Db, personId: number, tokenHash: string, expiresAt: string, createdAt: string): void {
  db.transaction(() => {
    db.prepare('DELETE FROM sign_ins WHERE person_id = ?').run(personId);
    db.prepare('INSERT INTO sign_ins (token_hash, person_id, expires_at, created_at) VALUES (?, ?, ?, ?)').run(tokenHash, personId, expiresAt, createdAt);
  })();
}

export function deleteSignIn(db: Db, personId: number): void {
  db.prepare('DELETE FROM sign_ins WHERE person_id = ?').run(personId);
}

/** Each person's sign-in expiry, by person id. */
export function signInExpiries(db: Db): Map<number, string> {
  const rows = db.prepare('SELECT person_id AS personId, expires_at AS expiresAt FROM sign_ins').all() as SignInRow[];
  return new Map(rows.map((r) => [r.personId, r.expiresAt]));
}
