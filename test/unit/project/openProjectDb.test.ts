import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, truncateSync, writeFileSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '../../../electron/core/store/migrations/index.js';
import { createProjectDb, openProjectDb } from '../../../electron/core/store/openProjectDb.js';
import { LOCK_FILE } from '../../../electron/core/store/projectLock.js';
import { BACKUP_DIR, PROJECT_DB_FILE } from '../../../electron/core/store/projectFiles.js';
import { FaultlineError } from '../../../shared/contract/errors.js';
import { makeTempDir } from '../../helpers/tempDir.js';

function hashFile(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function expectCode(fn: () => unknown, code: string): FaultlineError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(FaultlineError);
    expect((error as FaultlineError).code).toBe(code);
    return error as FaultlineError;
  }
  throw new Error(`expected a ${code} error`);
}

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.cleanup());

describe('project store', () => {
  it('creates a WAL database with foreign keys, the full schema and its name', () => {
    const dir = join(temp.dir, 'p');
    const project = createProjectDb(dir, 'Street scenes');
    expect(project.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(project.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(project.db.pragma('user_version', { simple: true })).toBe(migrations.length);
    const tables = (project.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
    for (const table of ['images', 'models', 'classes', 'predictions', 'rounds', 'candidates', 'ratings', 'annotations', 'reviews', 'test_sets', 'evaluations', 'people']) {
      expect(tables).toContain(table);
    }
    expect(project.db.prepare("SELECT value FROM meta WHERE key = 'name'").pluck().get()).toBe('Street scenes');
    project.close();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('refuses to create a project over an existing one', () => {
    createProjectDb(temp.dir, 'a').close();
    expectCode(() => createProjectDb(temp.dir, 'b'), 'project_exists');
  });

  it('says a folder without a project is not a project, and a missing folder is not found', () => {
    expectCode(() => openProjectDb(temp.dir), 'not_a_project');
    expectCode(() => openProjectDb(join(temp.dir, 'missing')), 'not_found');
  });

  it('refuses a file that is not SQLite without changing it', () => {
    const path = join(temp.dir, PROJECT_DB_FILE);
    writeFileSync(path, 'these are not the bytes you are looking for, not at all, no');
    const before = hashFile(path);
    const error = expectCode(() => openProjectDb(temp.dir), 'not_a_project');
    expect(error.message).toMatch(/not an SQLite file/);
    expect(hashFile(path)).toBe(before);
    expect(existsSync(join(temp.dir, LOCK_FILE))).toBe(false);
  });

  it('refuses an SQLite database that is not a Faultline project', () => {
    const path = join(temp.dir, PROJECT_DB_FILE);
    const db = new Database(path);
    db.exec('CREATE TABLE x (y)');
    db.close();
    const before = hashFile(path);
    expectCode(() => openProjectDb(temp.dir), 'not_a_project');
    expect(hashFile(path)).toBe(before);
  });

  it('refuses a truncated database as damaged and leaves it untouched', () => {
    const project = createProjectDb(temp.dir, 'p');
    const insert = project.db.prepare("INSERT INTO meta (key, value) VALUES (?, ?)");
    project.db.transaction(() => {
      for (let i = 0; i < 2000; i++) insert.run(`k${i}`, 'x'.repeat(200));
    })();
    project.close();
    const path = join(temp.dir, PROJECT_DB_FILE);
    truncateSync(path, Math.floor(statSync(path).size / 2));
    const before = hashFile(path);
    const error = expectCode(() => openProjectDb(temp.dir), 'project_damaged');
    expect(error.message).toMatch(/backups/);
    expect(hashFile(path)).toBe(before);
  });

  it('opens a file a writer was killed checkpointing: the header runs ahead of the length, but the WAL holds the pages', () => {
    createProjectDb(temp.dir, 'p').close();
    const path = join(temp.dir, PROJECT_DB_FILE);
    const before = statSync(path).size;
    // A raw connection plays the killed writer: its commits sit in the WAL, then a checkpoint
    // copies them back, and the copy is cut where the checkpoint had written page 1 but not yet the tail.
    const writer = new Database(path);
    writer.pragma('journal_mode = WAL');
    writer.pragma('wal_autocheckpoint = 0');
    const insert = writer.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
    writer.transaction(() => {
      for (let i = 0; i < 2000; i++) insert.run(`k${i}`, 'x'.repeat(200));
    })();
    const wal = readFileSync(`${path}-wal`);
    writer.pragma('wal_checkpoint(PASSIVE)');
    const checkpointed = readFileSync(path);
    writer.close();
    expect(checkpointed.length).toBeGreaterThan(before);
    writeFileSync(path, checkpointed.subarray(0, before));
    writeFileSync(`${path}-wal`, wal);

    const project = openProjectDb(temp.dir);
    expect(project.db.prepare("SELECT count(*) FROM meta WHERE key LIKE 'k%'").pluck().get()).toBe(2000);
    expect(project.db.pragma('integrity_check', { simple: true })).toBe('ok');
    project.close();
  });

  it('refuses a project made by a newer version without touching it', () => {
    createProjectDb(temp.dir, 'p').close();
    const path = join(temp.dir, PROJECT_DB_FILE);
    const db = new Database(path);
    db.pragma(`user_version = ${migrations.length + 3}`);
    db.close();
    const before = hashFile(path);
    const error = expectCode(() => openProjectDb(temp.dir), 'project_newer');
    expect(error.message).toMatch(/newer Faultline/);
    expect(hashFile(path)).toBe(before);
    expect(readdirSync(temp.dir).sort()).toEqual([PROJECT_DB_FILE]);
  });

  it('migrates an older project after writing a backup copy of it', () => {
    const older = migrations.slice(0, migrations.length);
    createProjectDb(temp.dir, 'p', { migrations: older }).close();
    const next = [...older, 'CREATE TABLE added_later (id INTEGER PRIMARY KEY);'];
    const project = openProjectDb(temp.dir, { migrations: next });
    expect(project.db.pragma('user_version', { simple: true })).toBe(next.length);
    expect(project.db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'added_later'").pluck().get()).toBe(1);
    expect(project.backupPath).not.toBeNull();
    project.close();
    const backups = readdirSync(join(temp.dir, BACKUP_DIR));
    expect(backups).toHaveLength(1);
    const backup = new Database(join(temp.dir, BACKUP_DIR, backups[0]!), { readonly: true });
    expect(backup.pragma('user_version', { simple: true })).toBe(older.length);
    backup.close();
  });

  it('rolls a failing migration back and leaves the project at its old version', () => {
    createProjectDb(temp.dir, 'p').close();
    const broken = [...migrations, 'CREATE TABLE ok_part (id INTEGER); THIS IS NOT SQL;'];
    expect(() => openProjectDb(temp.dir, { migrations: broken })).toThrow();
    const project = openProjectDb(temp.dir);
    expect(project.db.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(project.db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'ok_part'").pluck().get()).toBe(0);
    project.close();
  });

  it('gives a second writer a clear "open elsewhere" error, and lets a reader in', () => {
    const first = createProjectDb(temp.dir, 'p');
    const error = expectCode(() => openProjectDb(temp.dir), 'project_locked');
    expect(error.message).toMatch(/open elsewhere/);
    const reader = openProjectDb(temp.dir, { readOnly: true });
    expect(reader.readOnly).toBe(true);
    expect(() => reader.db.prepare("INSERT INTO meta (key, value) VALUES ('a', 'b')").run()).toThrow(/readonly/);
    reader.close();
    first.close();
    openProjectDb(temp.dir).close();
  });

  it('takes over the lock of a process that died', () => {
    createProjectDb(temp.dir, 'p').close();
    writeFileSync(join(temp.dir, LOCK_FILE), JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname(), since: 'x' }));
    const project = openProjectDb(temp.dir);
    project.close();
  });
});
