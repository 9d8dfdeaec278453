import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { browseImages, type ImageBrowseQuery } from '../../../electron/core/store/imageBrowse.js';
import { createProjectDb, type ProjectDb } from '../../../electron/core/store/openProjectDb.js';
import { makeTempDir } from '../../helpers/tempDir.js';

/** Imported in this order, so ids 1…6 are the import order. */
const IMAGES = [
  { source: 'street/b-cars.png', split: 'pool', status: 'ok' },
  { source: 'street/a-road.png', split: 'pool', status: 'failed' },
  { source: 'night/c-cars.png', split: 'train', status: 'ok' },
  { source: null, split: 'pool', status: 'ok' },
  { source: 'street/D-CARS.png', split: 'pool', status: 'failed' },
  { source: 'night/e-sky.png', split: 'pool', status: 'ok' },
] as const;

describe('browseImages', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let project: ProjectDb;
  beforeEach(() => {
    temp = makeTempDir();
    project = createProjectDb(temp.dir, 'Browse');
    const insert = project.db.prepare(
      "INSERT INTO images (content_hash, rel_path, source_path, width, height, split, status, imported_at) VALUES (?, ?, ?, 4, 4, ?, ?, '2026-01-01')",
    );
    IMAGES.forEach((im, i) => insert.run(`hash${i}`, `images/0${i}/hash${i}.png`, im.source, im.split, im.status));
  });
  afterEach(() => {
    project.close();
    temp.cleanup();
  });

  /** Every page's ids, following `next` until the end. */
  function walk(query: Omit<ImageBrowseQuery, 'after'>): number[][] {
    const pages: number[][] = [];
    let after: ImageBrowseQuery['after'];
    for (;;) {
      const page = browseImages(project.db, { ...query, after });
      pages.push(page.items.map((i) => i.id));
      if (!page.next) return pages;
      after = page.next;
    }
  }

  it('pages through every order by keyset, with the id breaking ties', () => {
    expect(walk({ order: 'oldest', limit: 4 })).toEqual([
      [1, 2, 3, 4],
      [5, 6],
    ]);
    expect(walk({ order: 'newest', limit: 4 })).toEqual([
      [6, 5, 4, 3],
      [2, 1],
    ]);
    // Names: the imported path, else the project path (image 4: images/03/…), in byte order (upper case first).
    expect(walk({ order: 'name', limit: 2 })).toEqual([
      [4, 3],
      [6, 5],
      [2, 1],
    ]);
    // Failed first (ids 2, 5), then ok by id.
    expect(walk({ order: 'status', limit: 3 })).toEqual([
      [2, 5, 1],
      [3, 4, 6],
    ]);
  });

  it('a full last page says there is no next one', () => {
    expect(walk({ order: 'oldest', limit: 3 })).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });

  it('searches names in any case, within a split, in the chosen order', () => {
    expect(walk({ order: 'oldest', limit: 10, nameContains: 'cars' })).toEqual([[1, 3, 5]]);
    expect(walk({ order: 'name', limit: 2, nameContains: ' Cars ' })).toEqual([[3, 5], [1]]);
    expect(walk({ order: 'oldest', limit: 10, nameContains: 'cars', split: 'pool' })).toEqual([[1, 5]]);
    expect(walk({ order: 'oldest', limit: 10, nameContains: 'zebra' })).toEqual([[]]);
  });

  it('seeks each order through an index, never sorting the whole table', () => {
    for (const order of ['oldest', 'newest', 'name', 'status'] as const) {
      const plan = project.db
        .prepare(`EXPLAIN QUERY PLAN SELECT id FROM images i ORDER BY ${{ oldest: 'i.id', newest: 'i.id DESC', name: 'coalesce(i.source_path, i.rel_path), i.id', status: 'i.status, i.id' }[order]} LIMIT 10`)
        .all() as Array<{ detail: string }>;
      expect(plan.map((p) => p.detail).join(' | ')).not.toMatch(/TEMP B-TREE/);
    }
  });

  it('finds a rare text through the trigram index, kept in step with renames and deletes', () => {
    expect(walk({ order: 'oldest', limit: 10, nameContains: 'SKY.p' })).toEqual([[6]]);
    project.db.prepare("UPDATE images SET source_path = 'night/e-sea.png' WHERE id = 6").run();
    expect(walk({ order: 'oldest', limit: 10, nameContains: 'sky.p' })).toEqual([[]]);
    expect(walk({ order: 'name', limit: 10, nameContains: 'e-sea' })).toEqual([[6]]);
    project.db.prepare('DELETE FROM images WHERE id = 6').run();
    expect(walk({ order: 'oldest', limit: 10, nameContains: 'e-sea' })).toEqual([[]]);
    // The project path counts where nothing was imported from elsewhere; quotes are text, not syntax.
    expect(walk({ order: 'oldest', limit: 10, nameContains: 'hash3' })).toEqual([[4]]);
    expect(walk({ order: 'oldest', limit: 10, nameContains: '"cars" OR x' })).toEqual([[]]);
  });

  it('answers a rare text from the index and a common one by reading in order, with the same rows', () => {
    const insert = project.db.prepare("INSERT INTO images (content_hash, rel_path, source_path, width, height, split, status, imported_at) VALUES (?, ?, ?, 4, 4, 'pool', 'ok', '2026-01-01')");
    project.db.transaction(() => {
      for (let i = 0; i < 5100; i++) insert.run(`bulk${i}`, `images/bulk/${i}.png`, `bulk/frame-${String(i).padStart(5, '0')}.png`);
    })();
    const pageQueries: string[] = [];
    const prepare = project.db.prepare.bind(project.db);
    project.db.prepare = ((sql: string) => {
      if (sql.includes('ORDER BY')) pageQueries.push(sql);
      return prepare(sql);
    }) as typeof project.db.prepare;
    // 5 100 names hold "frame": common, read in order. "frame-0123" is in one name: from the index.
    expect(browseImages(project.db, { order: 'name', limit: 3, nameContains: 'frame' }).items.map((i) => i.sourcePath)).toEqual([
      'bulk/frame-00000.png',
      'bulk/frame-00001.png',
      'bulk/frame-00002.png',
    ]);
    expect(pageQueries.pop()).not.toMatch(/json_each/);
    // frame-01230 … frame-01239: bulk images 1230–1239, ids 1237–1246 after the six above.
    expect(walk({ order: 'newest', limit: 6, nameContains: 'FRAME-0123' })).toEqual([
      [1246, 1245, 1244, 1243, 1242, 1241],
      [1240, 1239, 1238, 1237],
    ]);
    expect(pageQueries.pop()).toMatch(/json_each/);
  });
});
