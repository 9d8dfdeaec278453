/**
 * Merging project copies needs an identity for rounds and candidate sets that survives copying,
 * as people, ratings, annotations and reviews already have: integer ids made independently in two
 * copies collide. Rows from before get an identity derived from what both copies share (creation
 * time and id), so two copies of one project migrated apart still agree on it; a trigger gives
 * every later row a random one, so no writer has to remember to.
 */
export const migration0012 = `
ALTER TABLE rounds ADD COLUMN uid TEXT;
UPDATE rounds SET uid = 'round:' || created_at || ':' || id;
CREATE UNIQUE INDEX rounds_by_uid ON rounds(uid);
CREATE TRIGGER rounds_give_uid AFTER INSERT ON rounds WHEN NEW.uid IS NULL
BEGIN
  UPDATE rounds SET uid = lower(hex(randomblob(16))) WHERE id = NEW.id;
END;

ALTER TABLE candidate_sets ADD COLUMN uid TEXT;
UPDATE candidate_sets SET uid = 'set:' || created_at || ':' || id;
CREATE UNIQUE INDEX candidate_sets_by_uid ON candidate_sets(uid);
CREATE TRIGGER candidate_sets_give_uid AFTER INSERT ON candidate_sets WHEN NEW.uid IS NULL
BEGIN
  UPDATE candidate_sets SET uid = lower(hex(randomblob(16))) WHERE id = NEW.id;
END;
`;
