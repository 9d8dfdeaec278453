import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MergeSummary } from '../../../shared/contract/domain.js';
import { mergeProject } from '../../../electron/core/merge/mergeProject.js';
import { annotationQueuePage, insertSubmittedVersion } from '../../../electron/core/store/annotations.js';
import { openProjectDb } from '../../../electron/core/store/openProjectDb.js';
import { projectDbPath } from '../../../electron/core/store/projectFiles.js';
import { seedMergeCopies } from '../../helpers/seedMergeCopies.js';
import { makeTempDir } from '../../helpers/tempDir.js';

function merge(into: string, from: string, dryRun = false): MergeSummary {
  const project = openProjectDb(into);
  try {
    return mergeProject(project, from, { dryRun });
  } finally {
    project.close();
  }
}

const hash = (data: Buffer): string => createHash('sha256').update(data).digest('hex').slice(0, 16);

/**
 * What a project holds, in terms that do not depend on which copy a record was made in: ids and
 * version numbers are per copy, so records are named by their identity, content hash and names.
 */
function content(dir: string) {
  const db = new Database(projectDbPath(dir), { readonly: true });
  try {
    const all = (sql: string): unknown[] => db.prepare(sql).all();
    return {
      people: all('SELECT uid, name, roles FROM people ORDER BY uid'),
      images: all('SELECT content_hash FROM images ORDER BY content_hash'),
      models: all('SELECT onnx_hash, name, parent_id IS NULL AS root FROM models ORDER BY onnx_hash'),
      rounds: all('SELECT uid, state FROM rounds ORDER BY uid'),
      sets: all(
        `SELECT s.uid, r.uid AS round, s.strategy, (SELECT group_concat(i.content_hash || ':' || c.rank) FROM candidates c JOIN images i ON i.id = c.image_id WHERE c.set_id = s.id) AS candidates
         FROM candidate_sets s JOIN rounds r ON r.id = s.round_id ORDER BY s.uid`,
      ),
      ratings: all(
        `SELECT s.uid AS set_uid, i.content_hash, p.name, r.score, r.out_of_domain, r.time_ms, r.created_at FROM ratings r
         JOIN candidate_sets s ON s.id = r.set_id JOIN images i ON i.id = r.image_id JOIN people p ON p.id = r.rater_id ORDER BY 1, 2, 3`,
      ),
      annotations: (
        db
          .prepare(
            `SELECT a.uid, i.content_hash, p.name, a.version = 0 AS draft, a.mask, a.created_at FROM annotations a
             JOIN images i ON i.id = a.image_id JOIN people p ON p.id = a.author_id ORDER BY a.uid`,
          )
          .all() as Array<{ mask: Buffer; draft: number }>
      ).map((a) => ({ ...a, mask: hash(a.mask) })),
      reviews: all('SELECT r.uid, a.uid AS annotation, p.name, r.decision FROM reviews r JOIN annotations a ON a.id = r.annotation_id JOIN people p ON p.id = r.reviewer_id ORDER BY r.uid'),
    };
  } finally {
    db.close();
  }
}

/** Every row of every table a merge writes, ids and all: to prove nothing changed. */
function rows(dir: string): string {
  const db = new Database(projectDbPath(dir), { readonly: true });
  try {
    const tables = ['people', 'images', 'ground_truth', 'models', 'rounds', 'candidate_sets', 'candidates', 'ratings', 'annotations', 'reviews'];
    return JSON.stringify(tables.map((t) => db.prepare(`SELECT * FROM ${t}`).all()));
  } finally {
    db.close();
  }
}

function versionsOfImage(dir: string, shade0Hash: string): Array<{ version: number; status: string; name: string }> {
  const db = new Database(projectDbPath(dir), { readonly: true });
  try {
    return db
      .prepare(
        `SELECT a.version, a.status, p.name FROM annotations a JOIN images i ON i.id = a.image_id JOIN people p ON p.id = a.author_id
         WHERE i.content_hash = ? AND a.version > 0 ORDER BY a.version`,
      )
      .all(shade0Hash) as Array<{ version: number; status: string; name: string }>;
  } finally {
    db.close();
  }
}

function firstImageHash(dir: string): string {
  const db = new Database(projectDbPath(dir), { readonly: true });
  try {
    return db.prepare('SELECT content_hash FROM images ORDER BY id LIMIT 1').pluck().get() as string;
  } finally {
    db.close();
  }
}

describe('merging project copies', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let copies: { base: string; a: string; b: string };
  /** Fresh copies of A and B, so each order starts from the same two projects. */
  const fresh = (name: string): { a: string; b: string } => {
    const a = join(temp.dir, `${name}-a`);
    const b = join(temp.dir, `${name}-b`);
    cpSync(copies.a, a, { recursive: true });
    cpSync(copies.b, b, { recursive: true });
    return { a, b };
  };

  beforeEach(async () => {
    temp = makeTempDir('faultline-merge-');
    copies = await seedMergeCopies(temp.dir);
  });
  afterEach(() => temp.cleanup());

  it('brings every kind of record from the other copy, keeps both versions of a conflicted image and sends it to review', () => {
    const { a, b } = fresh('one');
    const summary = merge(a, b);
    expect(summary.counts).toEqual({
      people: { added: 1, updated: 0 }, // Dee
      images: { added: 1, updated: 0 }, // the new street image
      models: { added: 1, updated: 0 }, // B's segnet 2, another file than A's
      rounds: { added: 1, updated: 0 },
      candidateSets: { added: 1, updated: 0 },
      ratings: { added: 2, updated: 1 }, // Dee's two; Ada's later rating of image 0
      annotations: { added: 3, updated: 0 }, // Dee's versions of images 0 and 2, Dee's draft of image 3
      reviews: { added: 1, updated: 0 }, // Ben's return of Dee's image 2
    });
    expect(summary.renamedModels).toEqual([{ name: 'segnet', version: '2', mergedAs: expect.stringMatching(/^2 \(merged [0-9a-f]{8}\)$/) }]);
    expect(summary.conflicts).toHaveLength(1);
    expect(summary.filesCopied).toBe(2);

    const image0 = firstImageHash(a);
    // v1 shared, Ada's v2 made in A, Dee's v2 of B appended as v3 and awaiting review.
    expect(versionsOfImage(a, image0)).toEqual([
      { version: 1, status: 'accepted', name: 'Ada' },
      { version: 2, status: 'submitted', name: 'Ada' },
      { version: 3, status: 'submitted', name: 'Dee' },
    ]);
    // The review queue (images whose newest version is submitted) now holds the conflicted image.
    const project = openProjectDb(a);
    const review = annotationQueuePage(project.db, { filter: 'submitted', authorId: null, offset: 0, limit: 10 });
    project.close();
    expect(review.rows.map((r) => r.image.contentHash)).toContain(image0);
    const merged = content(a);
    expect(merged.people.map((p) => (p as { name: string }).name).sort()).toEqual(['Ada', 'Ben', 'Cy', 'Dee']);
    expect(merged.ratings).toContainEqual(expect.objectContaining({ name: 'Ada', score: 5 }));
    expect(merged.reviews).toContainEqual(expect.objectContaining({ decision: 'returned', name: 'Ben' }));
    // The copied files are where the merged rows say.
    const db = new Database(projectDbPath(a), { readonly: true });
    const paths = [...(db.prepare('SELECT rel_path FROM images').pluck().all() as string[]), ...(db.prepare('SELECT onnx_path FROM models').pluck().all() as string[])];
    db.close();
    for (const path of paths) expect(existsSync(join(a, path)), path).toBe(true);
  });

  it('changes nothing when merged twice, and a dry run counts exactly what the real run does', () => {
    const { a, b } = fresh('twice');
    const before = rows(a);
    const dry = merge(a, b, true);
    expect(rows(a)).toBe(before);
    const real = merge(a, b);
    expect({ ...dry, dryRun: false }).toEqual(real);
    const after = rows(a);
    const again = merge(a, b);
    expect(rows(a)).toBe(after);
    expect(Object.values(again.counts).every((c) => c.added === 0 && c.updated === 0)).toBe(true);
    expect(again.conflicts).toEqual([]);
    expect(again.filesCopied).toBe(0);
  });

  it('gives the same records in either order, and the copies agree after merging both ways', () => {
    const one = fresh('ab');
    merge(one.a, one.b);
    const two = fresh('ba');
    merge(two.b, two.a);
    const ab = content(one.a);
    const ba = content(two.b);
    expect(ba).toEqual(ab);
    // Each side's conflicting head awaits review, whichever copy it came from.
    expect(versionsOfImage(two.b, firstImageHash(two.b)).map((v) => v.status)).toEqual(['accepted', 'submitted', 'submitted']);
    // Merging back the other way brings nothing new in either direction, and both copies now
    // hold the conflicted image awaiting review.
    expect(merge(one.b, one.a).conflicts).toHaveLength(1);
    expect(content(one.b)).toEqual(ab);
    expect(versionsOfImage(one.b, firstImageHash(one.b)).map((v) => v.status)).toEqual(['accepted', 'submitted', 'submitted']);
    expect(Object.values(merge(one.a, one.b).counts).every((c) => c.added === 0 && c.updated === 0)).toBe(true);
  });

  it('takes over a draft the other copy went on to submit, keeping its identity', () => {
    // Dee's draft of image 3 lives in B; in a copy of B, Dee submits it.
    const { a, b } = fresh('draft');
    merge(a, b);
    const later = join(temp.dir, 'draft-later');
    cpSync(b, later, { recursive: true });
    const project = openProjectDb(later);
    const db = project.db;
    const draft = db.prepare("SELECT image_id, author_id, mask, width, height FROM annotations WHERE version = 0").get() as {
      image_id: number;
      author_id: number;
      mask: Buffer;
      width: number;
      height: number;
    };
    project.close();
    const again = openProjectDb(later);
    insertSubmittedVersion(again.db, { imageId: draft.image_id, authorId: draft.author_id, origin: 'scratch', mask: draft.mask, width: draft.width, height: draft.height, timeMs: 5, createdAt: new Date().toISOString() });
    again.close();
    const summary = merge(a, later);
    expect(summary.counts.annotations).toEqual({ added: 1, updated: 0 });
    const merged = content(a).annotations;
    expect(merged.filter((x) => x.draft === 1)).toHaveLength(0);
  });

  it('refuses a copy of another project (different classes), and changes nothing', () => {
    const { a, b } = fresh('unrelated');
    const db = new Database(projectDbPath(b));
    db.prepare("UPDATE classes SET name = 'sky' WHERE id = 1").run();
    db.close();
    const before = rows(a);
    expect(() => merge(a, b)).toThrow(/is not a copy of this project: its classes \(0 background, 1 sky\) differ/);
    expect(rows(a)).toBe(before);
  });

  it('refuses a copy made by a newer Faultline, as opening it would', () => {
    const { a, b } = fresh('newer');
    const db = new Database(projectDbPath(b));
    db.pragma('user_version = 999');
    db.close();
    const before = rows(a);
    expect(() => merge(a, b)).toThrow(expect.objectContaining({ code: 'project_newer', message: expect.stringContaining(`Cannot merge ${b}:`) }));
    expect(rows(a)).toBe(before);
  });

  it('leaves the project untouched when the merge fails half way (a file of the other copy is missing)', () => {
    const { a, b } = fresh('missing');
    const bdb = new Database(projectDbPath(b), { readonly: true });
    const model = bdb.prepare("SELECT onnx_path FROM models WHERE name = 'segnet' AND version = '2'").pluck().get() as string;
    bdb.close();
    rmSync(join(b, model));
    const before = rows(a);
    const files = (): string[] => readdirSync(a, { recursive: true, encoding: 'utf8' }).filter((f) => !f.startsWith('project.faultline')).sort();
    const filesBefore = files();
    expect(() => merge(a, b)).toThrow(/Could not copy files from .*check that copy is complete/);
    expect(rows(a)).toBe(before);
    // The new image's file, copied before the model's was found missing, is gone again.
    expect(files()).toEqual(filesBefore);
  });

  it('refuses to merge a project into itself', () => {
    const { a } = fresh('self');
    expect(() => merge(a, a)).toThrow(/is the open project itself/);
  });
});
