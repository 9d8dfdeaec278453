/**
 * How one image's annotation versions from another copy of the project join this copy's.
 * Versions are matched by identity (uid); their numbers are per copy, so a version new to this
 * copy is numbered after this copy's last one, in the other copy's order.
 */

export interface VersionRef {
  uid: string;
  /** 1, 2, … within its copy (drafts are not versions). */
  version: number;
}

export interface VersionMergePlan {
  /** The other copy's versions this copy lacks, oldest first, with the number each gets here. */
  append: Array<{ uid: string; version: number }>;
  /**
   * Two heads that no one has chosen between, so the merged head must be reviewed: both copies
   * made versions after the newest version they share (their common ancestor, or none at all),
   * or the other copy had already put a version this copy has on top of one it lacks (it merged
   * this copy's head over its own, a conflict it flagged then and this copy must see too).
   */
  conflict: boolean;
}

/** The highest version number among versions the other side also has; 0 when they share none. */
function sharedTop(own: readonly VersionRef[], other: ReadonlySet<string>): number {
  return own.reduce((top, v) => (other.has(v.uid) && v.version > top ? v.version : top), 0);
}

/**
 * `here` and `there` are the image's versions in this copy and in the other one; `topHere` is the
 * highest version number used here (drafts and all), so appended numbers never collide.
 */
export function planVersionMerge(here: readonly VersionRef[], there: readonly VersionRef[], topHere: number): VersionMergePlan {
  const hereUids = new Set(here.map((v) => v.uid));
  const thereUids = new Set(there.map((v) => v.uid));
  const newHere = here.some((v) => v.version > sharedTop(here, thereUids));
  const thereShared = sharedTop(there, hereUids);
  const newThere = there.some((v) => !hereUids.has(v.uid) && v.version > thereShared);
  const missing = there.filter((v) => !hereUids.has(v.uid)).sort((a, b) => a.version - b.version);
  const overtaken = missing.some((v) => v.version < thereShared);
  return {
    append: missing.map((v, i) => ({ uid: v.uid, version: topHere + i + 1 })),
    conflict: (newHere && newThere) || overtaken,
  };
}

/**
 * Of two states of one record (a rating, a draft), the one that stays: the later, and on a tie
 * the one with the larger identity, so merging A into B and B into A keep the same one.
 */
export function laterWins(here: { createdAt: string; uid: string }, there: { createdAt: string; uid: string }): 'here' | 'there' {
  if (there.createdAt !== here.createdAt) return there.createdAt > here.createdAt ? 'there' : 'here';
  return there.uid > here.uid ? 'there' : 'here';
}
