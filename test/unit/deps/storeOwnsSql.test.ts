import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const STORE = 'electron/core/store/';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|cts)$/.test(entry) ? [path] : [];
  });
}

/** A statement, not prose: a keyword followed by the clause that makes it SQL. */
const SQL_TEXT = /\b(SELECT\b[\s\S]{0,400}?\bFROM\s+[a-z_]+|INSERT\s+(OR\s+\w+\s+)?INTO\s+[a-z_]+|UPDATE\s+[a-z_]+\s+SET\b|DELETE\s+FROM\s+[a-z_]+|CREATE\s+(TABLE|INDEX|VIEW)\b|PRAGMA\s+[a-z_]+)/;

function sqlOutsideStore(): string[] {
  const files = ['electron', 'shared', 'models', 'renderer/src'].flatMap((top) => sourceFiles(join(ROOT, top)));
  return files
    .map((file) => relative(ROOT, file).split('\\').join('/'))
    .filter((file) => !file.startsWith(STORE) && !file.startsWith('electron/types/'))
    .filter((file) => SQL_TEXT.test(readFileSync(join(ROOT, file), 'utf8')));
}

describe('the store owns SQL', () => {
  it('finds SQL text in no product file outside electron/core/store/', () => {
    expect(sqlOutsideStore()).toEqual([]);
  });

  it('recognises the statements it looks for, and not prose that shares their words', () => {
    expect(SQL_TEXT.test("db.prepare('SELECT id FROM models WHERE is_target = 1')")).toBe(true);
    expect(SQL_TEXT.test('`INSERT OR IGNORE INTO test_set_images (a) VALUES (?)`')).toBe(true);
    expect(SQL_TEXT.test("'UPDATE models SET is_target = (id = ?)'")).toBe(true);
    expect(SQL_TEXT.test('"PRAGMA quick_check"')).toBe(true);
    expect(SQL_TEXT.test('// Select an image from the list, then update the view.')).toBe(false);
    expect(SQL_TEXT.test("'Delete the annotation from the queue'")).toBe(false);
  });
});
