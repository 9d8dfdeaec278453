import { mainForegroundClass, selectTestSet } from '../../../shared/rounds/selectTestSet.js';
import { FaultlineError } from '../../../shared/contract/errors.js';
import type { Db } from '../project/openProjectDb.js';

export interface TestSetRequest {
  /** A MAD set mined with the new target (M(i+1)); T(i+1) is drawn from it. */
  setId: number;
  size: number;
  maxPerClass: number;
  backgroundClassId: number | null;
}

/** Images that went into fine-tuning in any round: every counterexample set S(j). */
function fineTuningImages(db: Db): Set<number> {
  return new Set(
    db
      .prepare("SELECT x.image_id FROM test_set_images x JOIN test_sets t ON t.id = x.test_set_id WHERE t.kind = 'counterexamples'")
      .pluck()
      .all() as number[],
  );
}

/**
 * T(i+1) of spec §6, drawn from a MAD set of the new target in rank order: out-of-domain votes
 * removed, nothing used for fine-tuning, at most `maxPerClass` images per main foreground class,
 * `size` images. The images are not labelled yet when they are picked, so the main foreground
 * class is the largest non-background class of the new target's prediction; the leaderboard
 * then scores every model on the masks the annotators draw.
 */
export function buildUnbiasedTestSet(db: Db, request: TestSetRequest) {
  const set = db
    .prepare('SELECT s.id, s.strategy, s.round_id, s.params, r.idx FROM candidate_sets s JOIN rounds r ON r.id = s.round_id WHERE s.id = ?')
    .get(request.setId) as { id: number; strategy: string; round_id: number; params: string; idx: number } | undefined;
  if (!set) throw new FaultlineError('not_found', `There is no candidate set ${request.setId}.`);
  if (set.strategy !== 'mad') throw new FaultlineError('invalid_input', 'An unbiased test set is drawn from a MAD set of the new target, not from a baseline.');
  const targetId = (JSON.parse(set.params) as { targetId?: number }).targetId;
  if (targetId === undefined) throw new FaultlineError('invalid_input', `Candidate set ${set.id} does not say which target mined it.`);

  const used = fineTuningImages(db);
  const outOfDomain = new Set(db.prepare('SELECT DISTINCT image_id FROM ratings WHERE set_id = ? AND out_of_domain = 1').pluck().all(set.id) as number[]);
  const fractionsOf = db.prepare('SELECT class_fractions FROM predictions WHERE image_id = ? AND model_id = ? AND error IS NULL').pluck();
  const nonForeground = request.backgroundClassId === null ? [] : [request.backgroundClassId];
  const candidates = (db.prepare('SELECT image_id FROM candidates WHERE set_id = ? ORDER BY rank').pluck().all(set.id) as number[]).map((imageId) => {
    const blob = fractionsOf.get(imageId, targetId) as Buffer | undefined;
    const fractions = blob ? new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength)) : new Float32Array(0);
    return { imageId, mainClass: mainForegroundClass(fractions, nonForeground), outOfDomain: outOfDomain.has(imageId), usedForFineTuning: used.has(imageId) };
  });
  const selection = selectTestSet(candidates, { size: request.size, maxPerClass: request.maxPerClass });
  if (selection.selected.length === 0) throw new FaultlineError('invalid_input', 'No candidate qualifies for an unbiased test set (all out of domain or used for fine-tuning).');

  const name = `T${set.idx}`;
  return db.transaction(() => {
    const existing = db.prepare("SELECT id FROM test_sets WHERE name = ? AND kind = 'unbiased'").pluck().get(name) as number | undefined;
    if (existing !== undefined && db.prepare('SELECT 1 FROM evaluations WHERE test_set_id = ?').get(existing)) {
      throw new FaultlineError('invalid_input', `${name} has already been evaluated; it is kept as it is so the leaderboard stays comparable.`);
    }
    if (existing !== undefined) db.prepare('DELETE FROM test_sets WHERE id = ?').run(existing);
    const testSetId = Number(
      db.prepare("INSERT INTO test_sets (name, round_id, kind, created_at) VALUES (?, ?, 'unbiased', ?)").run(name, set.round_id, new Date().toISOString()).lastInsertRowid,
    );
    const insert = db.prepare('INSERT INTO test_set_images (test_set_id, image_id) VALUES (?, ?)');
    for (const c of selection.selected) insert.run(testSetId, c.imageId);
    return {
      testSetId,
      name,
      images: selection.selected.length,
      excluded: selection.excluded.reduce<Record<string, number>>((acc, e) => ({ ...acc, [e.reason]: (acc[e.reason] ?? 0) + 1 }), {}),
    };
  })();
}
