import { z } from 'zod';
import { ExecutionProvider, ProviderFallback } from '../../../shared/contract/domain.js';
import type { Db } from '../project/openProjectDb.js';

const KEY = 'inference.last_provider';

const StoredRecord = z.object({ provider: ExecutionProvider, fallbacks: z.array(ProviderFallback) });
export type ProviderRecord = z.infer<typeof StoredRecord>;

/** Remembers the provider of the latest session (dry run or inference), so the UI and CLI can show it. */
export function recordLastProvider(db: Db, record: ProviderRecord): void {
  db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(KEY, JSON.stringify(record));
}

export function readLastProvider(db: Db): ProviderRecord | null {
  const value = db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(KEY) as string | undefined;
  if (value === undefined) return null;
  const parsed = StoredRecord.safeParse(JSON.parse(value));
  return parsed.success ? parsed.data : null;
}
