import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { migrations as defaultMigrations, type Migration } from './migrations.ts';

/** A better-sqlite3 connection. */
export type Db = Database.Database;

export const DEFAULT_DB_PATH = 'data/dossier.db';

export interface OpenOptions {
  /** How long a statement waits for another connection's lock before failing (ms). */
  busyTimeoutMs?: number;
  /** Override the migration list (tests). */
  migrations?: readonly Migration[];
}

/**
 * Opens (creating if needed) the database at `path`, or an in-memory one for `:memory:`, and
 * brings its schema up to date. WAL lets readers and one writer work at once, and busy_timeout
 * makes a second process (a restart overlapping the old one, or a second shard) wait for a lock
 * instead of failing with SQLITE_BUSY.
 */
export function openDatabase(path: string = DEFAULT_DB_PATH, options: OpenOptions = {}): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    // busy_timeout first: switching to WAL needs a lock another process may hold.
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
    if (path !== ':memory:') db.pragma('journal_mode = WAL');
    // NORMAL is durable across application crashes in WAL mode; only power loss can drop the tail.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db, options.migrations ?? defaultMigrations);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

/** The schema version recorded in the database (`PRAGMA user_version`). */
export function schemaVersion(db: Db): number {
  const v = db.pragma('user_version', { simple: true });
  return typeof v === 'number' ? v : 0;
}

/**
 * Applies every migration newer than the database's `user_version`, each in its own IMMEDIATE
 * transaction together with the version bump. The version is re-read inside the transaction so
 * two processes opening a fresh file at once cannot both apply the same migration.
 */
export function migrate(db: Db, list: readonly Migration[] = defaultMigrations): number {
  const sorted = [...list].sort((a, b) => a.version - b.version);
  for (const m of sorted) {
    if (!Number.isInteger(m.version) || m.version < 1) {
      throw new Error(`migration "${m.name}" has an invalid version ${m.version}`);
    }
    db.transaction(() => {
      if (schemaVersion(db) >= m.version) return;
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
  return schemaVersion(db);
}
