import { createHash, randomBytes } from 'node:crypto';
import type { Person, PersonRole } from '../../../shared/contract/domain.js';
import { FaultlineError } from '../../../shared/contract/errors.js';
import type { Caller, PersonAccount, SignIn } from '../../../shared/contract/methods/labMethods.js';
import { upsertPerson } from '../project/people.js';
import { personById, personByName, listPeople, setPersonRoles } from '../store/people.js';
import type { Db } from '../store/openProjectDb.js';
import { deleteSignIn, replaceSignIn, signInByHash, signInExpiries } from '../store/signIns.js';
import type { Credential } from './credential.js';

const DAY_MS = 86_400_000;

/** Tokens are compared by hash: the project file never holds one that works. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Who CREDENTIAL is on the open project, or a refusal saying what to do. */
export function resolveCaller(db: Db | null, credential: Credential, now: number): Caller {
  if (credential.kind === 'local') return { kind: 'local' };
  const refuse = (why: string): never => {
    throw new FaultlineError('not_signed_in', `${why} Ask a lab admin for a new sign-in link (faultline people link).`);
  };
  if (!db) return refuse('No project is open on this server, so your sign-in cannot be checked.');
  const row = signInByHash(db, hashToken(credential.token));
  if (!row) return refuse('This sign-in is not known to the open project (it was replaced or removed).');
  if (Date.parse(row.expiresAt) <= now) return refuse(`Your sign-in expired on ${row.expiresAt}.`);
  const person = personById(db, row.personId);
  if (!person) return refuse('This sign-in belongs to nobody in the open project.');
  return { kind: 'person', person };
}

function issue(db: Db, person: Person, expiresInDays: number, now: number): SignIn {
  const token = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now + expiresInDays * DAY_MS).toISOString();
  replaceSignIn(db, person.id, hashToken(token), expiresAt, new Date(now).toISOString());
  return { person, token, expiresAt };
}

function requireKnown(db: Db, name: string): Person {
  const person = personByName(db, name);
  if (!person) throw new FaultlineError('not_found', `There is nobody named "${name}" in this project; add them with people add.`);
  return person;
}

/** Adds NAME (or extends their roles) and gives them a new sign-in. */
export function addPersonWithSignIn(db: Db, name: string, roles: PersonRole[], expiresInDays: number, now: number): SignIn {
  return db.transaction(() => issue(db, upsertPerson(db, name, roles), expiresInDays, now))();
}

export function renewSignIn(db: Db, name: string, expiresInDays: number, now: number): SignIn {
  return db.transaction(() => {
    const person = requireKnown(db, name);
    if (person.roles.length === 0) throw new FaultlineError('invalid_input', `${person.name} has no roles (they were removed); give them roles with people add first.`);
    return issue(db, person, expiresInDays, now);
  })();
}

/** Their authored work keeps their name; only what lets them act goes. */
export function removePerson(db: Db, name: string): Person {
  return db.transaction(() => {
    const person = requireKnown(db, name);
    deleteSignIn(db, person.id);
    setPersonRoles(db, person.id, []);
    return { ...person, roles: [] };
  })();
}

export function personAccounts(db: Db): PersonAccount[] {
  const expiries = signInExpiries(db);
  return listPeople(db).map((p) => ({ ...p, signInExpiresAt: expiries.get(p.id) ?? null }));
}
