import { z } from 'zod';
import { ExecutionProvider, ProviderFallback, type ProjectStats } from '../../../shared/contract/domain.js';
import { countImages } from './images.js';
import type { Db } from './openProjectDb.js';

/** Every meta entry by key. */
export function projectMeta(db: Db): Map<string, string> {
  const rows = db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[];
  return new Map(rows.map((r) => [r.key, r.value]));
}

export function metaValue(db: Db, key: string): string | undefined {
  return db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(key) as string | undefined;
}

export function setMetaValue(db: Db, key: string, value: string): void {
  db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(key, value);
}

export function deleteMetaValue(db: Db, key: string): void {
  db.prepare('DELETE FROM meta WHERE key = ?').run(key);
}

const LAST_PROVIDER_KEY = 'inference.last_provider';

/** meta 'inference.last_provider': JSON of the provider of the latest session and the fallbacks taken. */
const ProviderRecord = z.object({ provider: ExecutionProvider, fallbacks: z.array(ProviderFallback) });
export type ProviderRecord = z.infer<typeof ProviderRecord>;

/** Remembers the provider of the latest session (dry run or inference), so the UI and CLI can show it. */
export function recordLastProvider(db: Db, record: ProviderRecord): void {
  setMetaValue(db, LAST_PROVIDER_KEY, JSON.stringify(record));
}

export function readLastProvider(db: Db): ProviderRecord | null {
  const value = metaValue(db, LAST_PROVIDER_KEY);
  if (value === undefined) return null;
  const parsed = ProviderRecord.safeParse(JSON.parse(value));
  return parsed.success ? parsed.data : null;
}

export function projectStats(db: Db): ProjectStats {
  const count = (sql: string): number => (db.prepare(sql).get() as { n: number }).n;
  return {
    images: countImages(db, { status: 'ok' }),
    imagesFailed: countImages(db, { status: 'failed' }) + count("SELECT count(*) AS n FROM import_failures WHERE kind = 'image'"),
    labelledImages: count('SELECT count(*) AS n FROM ground_truth'),
    models: count('SELECT count(*) AS n FROM models'),
    classes: count('SELECT count(*) AS n FROM classes'),
    rounds: count('SELECT count(*) AS n FROM rounds'),
    ratings: count('SELECT count(*) AS n FROM ratings'),
    annotations: count("SELECT count(*) AS n FROM annotations WHERE status <> 'draft'"),
    people: count('SELECT count(*) AS n FROM people'),
  };
}
