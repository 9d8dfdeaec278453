import Database from 'better-sqlite3';
import { accessSync, constants, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { FaultlineError, isFaultlineError } from '../../../shared/contract/errors.js';
import { APP_VERSION } from '../../platform/packagePaths.js';
import { migrations as defaultMigrations } from './migrations/index.js';
import { acquireProjectLock, hasLiveWriter, type ProjectLock } from './projectLock.js';
import {
  APPLICATION_ID,
  BACKUP_DIR,
  assertDirectory,
  assertSqliteHeader,
  assertWritable,
  hasProjectDb,
  isTruncated,
  projectDbPath,
} from './projectFiles.js';

export type Db = Database.Database;

export interface ProjectDb {
  readonly dir: string;
  readonly db: Db;
  readonly readOnly: boolean;
  readonly schemaVersion: number;
  /** Path of the backup made before migrating, when this open migrated the project. */
  readonly backupPath: string | null;
  close(): void;
}

export interface OpenOptions {
  readOnly?: boolean;
  /** Injected in tests to exercise migration of older projects. */
  migrations?: readonly string[];
}

function nowIso(): string {
  return new Date().toISOString();
}

function sqliteCode(error: unknown): string | undefined {
  return (error as { code?: string } | null)?.code;
}

function damaged(path: string, detail: string): FaultlineError {
  return new FaultlineError(
    'project_damaged',
    `The project database ${path} is damaged (${detail}). Nothing was changed; restore it from the backups/ folder or a copy.`,
  );
}

function applyConnectionPragmas(db: Db, readOnly: boolean): void {
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  if (!readOnly) {
    db.pragma('journal_mode = WAL');
    // WAL with NORMAL never corrupts on a process crash; it can lose the last commits only on power loss.
    db.pragma('synchronous = NORMAL');
  }
}

/** What a process killed mid-write leaves that only a read-write connection may repair: a hot rollback journal, a WAL index to rebuild. */
const CRASH_LEFTOVERS = new Set(['SQLITE_READONLY_ROLLBACK', 'SQLITE_READONLY_RECOVERY']);

function folderWritable(path: string): boolean {
  try {
    accessSync(dirname(path), constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Rolls back the write a killed process left half done, as any read-write open of the file does. */
function recoverKilledWrite(path: string): void {
  const db = new Database(path, { fileMustExist: true });
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } finally {
    db.close();
  }
}

/**
 * How much of the file to check before use. A clean close leaves neither a WAL nor a rollback
 * journal (see close()), so either one with no live writer means a process died while it had the
 * project open: only then is the whole file worth a quick_check, which on a million-image project
 * takes seconds (faultline check runs the full one on demand). A writable open asks after taking
 * the lock, which it could not hold beside a live writer, so any leftover is a dead writer's.
 * While a WAL or journal exists the main file's header may run ahead of its length (a checkpoint
 * writes page 1 before it extends the file), so the cheap length check is only for a file alone.
 */
function checkNeeded(dir: string, path: string, holdsLock: boolean): Check {
  const leftovers = existsSync(`${path}-wal`) || existsSync(`${path}-journal`);
  if (!leftovers) return 'length';
  return holdsLock || !hasLiveWriter(dir) ? 'integrity' : 'none';
}

/** The SQLite integrity check of the whole file ('ok' or the first problems found); `quick` skips index contents. */
export function integrityProblems(db: Db, quick: boolean): string[] {
  const rows = db.pragma(quick ? 'quick_check' : 'integrity_check') as Array<Record<string, string>>;
  const found = rows.map((row) => Object.values(row)[0]!);
  return found.length === 1 && found[0] === 'ok' ? [] : found;
}

/**
 * Checks identity, version and, after an unclean shutdown, integrity on a read-only connection,
 * so a refused file is never written. With `recover` (a writable open), a killed writer's
 * leftovers are repaired first.
 */
type Check = 'integrity' | 'length' | 'none';

function inspect(path: string, latest: number, recover: boolean, check: Check): number {
  let db: Db | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const appId = db.pragma('application_id', { simple: true }) as number;
    if (appId !== APPLICATION_ID) {
      throw new FaultlineError('not_a_project', `${path} is an SQLite database but not a Faultline project. Nothing was changed.`);
    }
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > latest) {
      throw new FaultlineError(
        'project_newer',
        `This project was made by a newer Faultline (project schema ${version}; this version understands up to ${latest}). ` +
          'Update Faultline to open it. Nothing was changed.',
      );
    }
    if (check === 'integrity') {
      const problems = integrityProblems(db, true);
      if (problems.length > 0) throw damaged(path, problems[0]!);
    } else if (check === 'length' && isTruncated(path)) {
      throw damaged(path, 'the file is shorter than its header says');
    }
    return version;
  } catch (error) {
    if (isFaultlineError(error)) throw error;
    const code = sqliteCode(error);
    if (recover && code !== undefined && CRASH_LEFTOVERS.has(code)) {
      db?.close();
      db = undefined;
      recoverKilledWrite(path);
      return inspect(path, latest, false, 'integrity');
    }
    if (code === 'SQLITE_NOTADB') {
      throw new FaultlineError('not_a_project', `${path} is not a Faultline project database. Nothing was changed.`);
    }
    if (code !== undefined && CRASH_LEFTOVERS.has(code) && folderWritable(path)) {
      throw new FaultlineError(
        'not_writable',
        `${path} was not closed cleanly (a process stopped while writing to it), so it cannot be read safely. Open it once for writing, not read-only, to roll the unfinished write back.`,
      );
    }
    if (code === 'SQLITE_READONLY' || code === 'SQLITE_CANTOPEN' || code?.startsWith('SQLITE_READONLY')) {
      throw new FaultlineError(
        'not_writable',
        `${path} was not closed cleanly and its folder is not writable, so it cannot be read safely. Open it once with write access to recover it.`,
      );
    }
    if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_IOERR_SHORT_READ' || code?.startsWith('SQLITE_CORRUPT')) {
      throw damaged(path, (error as Error).message);
    }
    throw error;
  } finally {
    db?.close();
  }
}

function migrate(db: Db, from: number, list: readonly string[]): void {
  const run = db.transaction(() => {
    for (let v = from; v < list.length; v++) {
      db.exec(list[v]!);
    }
    db.pragma(`user_version = ${list.length}`);
  });
  run();
}

function backupName(version: number): string {
  return `project-schema${version}-${nowIso().replace(/[:.]/g, '-')}.faultline`;
}

/**
 * Creates a project database atomically: it is built under a temporary name and renamed into
 * place, so an interrupted create never leaves something that looks like a project.
 */
export function createProjectDb(dir: string, name: string, options: OpenOptions = {}): ProjectDb {
  const list = options.migrations ?? defaultMigrations;
  mkdirSync(dir, { recursive: true });
  assertDirectory(dir);
  if (hasProjectDb(dir)) {
    throw new FaultlineError('project_exists', `There is already a project in ${dir}. Open it instead.`);
  }
  assertWritable(dir);
  const finalPath = projectDbPath(dir);
  const tempPath = `${finalPath}.creating-${process.pid}`;
  rmSync(tempPath, { force: true });
  const db = new Database(tempPath);
  try {
    db.pragma(`application_id = ${APPLICATION_ID}`);
    migrate(db, 0, list);
    const insert = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
    db.transaction(() => {
      insert.run('name', name || basename(dir));
      insert.run('created_at', nowIso());
      insert.run('created_by_version', APP_VERSION);
    })();
    db.close();
    renameSync(tempPath, finalPath);
  } catch (error) {
    if (db.open) db.close();
    rmSync(tempPath, { force: true });
    throw error;
  }
  return openProjectDb(dir, options);
}

/**
 * Opens a project: refuses non-projects, newer schemas and damaged files without touching them,
 * takes the single-writer lock, and migrates an older schema after a backup copy.
 */
export function openProjectDb(dir: string, options: OpenOptions = {}): ProjectDb {
  const list = options.migrations ?? defaultMigrations;
  const readOnly = options.readOnly ?? false;
  assertDirectory(dir);
  const path = projectDbPath(dir);
  if (!hasProjectDb(dir)) {
    throw new FaultlineError('not_a_project', `${dir} is not a Faultline project (it has no ${basename(path)}).`);
  }
  assertSqliteHeader(path);
  if (!readOnly) assertWritable(dir);
  const lock: ProjectLock | null = readOnly ? null : acquireProjectLock(dir);
  try {
    const version = inspect(path, list.length, !readOnly, checkNeeded(dir, path, lock !== null));
    if (readOnly && version < list.length) {
      throw new FaultlineError(
        'read_only',
        `This project uses an older format (schema ${version}) that must be upgraded; open it once with write access.`,
      );
    }
    const db = new Database(path, { readonly: readOnly, fileMustExist: true });
    let backupPath: string | null = null;
    try {
      if (version < list.length) {
        const backupDir = join(dir, BACKUP_DIR);
        mkdirSync(backupDir, { recursive: true });
        backupPath = join(backupDir, backupName(version));
        db.exec(`VACUUM INTO '${backupPath.replace(/'/g, "''")}'`);
      }
      applyConnectionPragmas(db, readOnly);
      if (version < list.length) migrate(db, version, list);
    } catch (error) {
      db.close();
      throw error;
    }
    let closed = false;
    return {
      dir,
      db,
      readOnly,
      schemaVersion: list.length,
      backupPath,
      close() {
        if (closed) return;
        closed = true;
        if (!readOnly) {
          try {
            // Back to a rollback journal: a closed project is one self-contained file that can be
            // copied, shared, and read from a read-only folder (WAL readers need a writable -shm).
            db.pragma('journal_mode = DELETE');
          } catch {
            // Another reader still has it open; the WAL stays for the next open to replay.
          }
        }
        db.close();
        lock?.release();
      },
    };
  } catch (error) {
    lock?.release();
    throw error;
  }
}
