/**
 * Lab sign-ins: a person's token for the server host, kept only as its SHA-256 hash. A table of its
 * own rather than columns on people, because a sign-in belongs to this copy's server: merging
 * copies brings people over, never their tokens.
 */
export const migration0013 = `
CREATE TABLE sign_ins (
  token_hash TEXT PRIMARY KEY,
  person_id  INTEGER NOT NULL UNIQUE REFERENCES people(id) ON DELETE CASCADE,
  expires_at TEXT NOT NULL,
  created_at TEXT NOT NULL
);
`;
