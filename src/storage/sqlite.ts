import { resolve } from 'node:path';
import type Database from 'better-sqlite3';
import { type Db, type OpenOptions, openDatabase } from './db.ts';
import {
  type Params,
  paramNames,
  pickParams,
  type Sql,
  type Database as SqlDatabase,
  type SqlValue,
} from './sql.ts';

/** Hands one connection to one holder at a time, in order of asking. */
class Mutex {
  private locked = false;
  private readonly waiters: (() => void)[] = [];

  get isLocked(): boolean {
    return this.locked;
  }

  acquire(): Promise<void> {
    if (!this.locked) {
      this.locked = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.locked = false;
  }
}

/**
 * One lock per database file in this process, shared by every handle on it. A transaction's body
 * is async, so it holds SQLite's write lock across awaits; a second handle on the same file in
 * the same process (a restarted service in a test, two schedulers) would then wait for that lock
 * in busy_timeout, which blocks the whole thread, the holder included, until SQLITE_BUSY. With the
 * shared lock it waits here instead, without blocking. Other processes still meet busy_timeout,
 * which is right for them: the holder keeps running.
 */
const fileLocks = new Map<string, { mutex: Mutex; handles: number }>();

function lockFor(path: string): { mutex: Mutex; release(): void } {
  if (path === ':memory:' || path === '') return { mutex: new Mutex(), release: () => {} };
  const key = resolve(path);
  let entry = fileLocks.get(key);
  if (!entry) {
    entry = { mutex: new Mutex(), handles: 0 };
    fileLocks.set(key, entry);
  }
  entry.handles++;
  const held = entry;
  return {
    mutex: held.mutex,
    release: () => {
      held.handles--;
      if (held.handles === 0 && fileLocks.get(key) === held) fileLocks.delete(key);
    },
  };
}

interface Prepared {
  statement: Database.Statement;
  names: string[];
}

/** Runs statements on the connection right away (the caller holds it, or nobody needs to). */
class Direct {
  private readonly cache = new Map<string, Prepared>();
  constructor(readonly raw: Db) {}

  /** The statement and its arguments: better-sqlite3 binds an object by name, only used names. */
  private prepare(sql: string, params: Params): [Database.Statement, Record<string, SqlValue>[]] {
    let prepared = this.cache.get(sql);
    if (!prepared) {
      prepared = { statement: this.raw.prepare(sql), names: paramNames(sql) };
      if (this.cache.size > 500) this.cache.clear();
      this.cache.set(sql, prepared);
    }
    const { statement, names } = prepared;
    if (names.length === 0) return [statement, []];
    const values = pickParams(names, params);
    return [statement, [Object.fromEntries(names.map((n, i) => [n, values[i] ?? null]))]];
  }

  all(sql: string, params: Params): unknown[] {
    const [statement, args] = this.prepare(sql, params);
    return statement.all(...args);
  }

  get(sql: string, params: Params): unknown {
    const [statement, args] = this.prepare(sql, params);
    return statement.get(...args);
  }

  run(sql: string, params: Params): number {
    const [statement, args] = this.prepare(sql, params);
    return statement.run(...args).changes;
  }
}

/** The handle a transaction body gets: statements go straight to the connection it holds. */
class SqliteTx implements Sql {
  readonly dialect = 'sqlite' as const;
  ended = false;
  constructor(private readonly direct: Direct) {}

  private live(): Direct {
    if (this.ended) throw new Error('sql: transaction handle used after its transaction ended');
    return this.direct;
  }

  async all(sql: string, params: Params = {}): Promise<unknown[]> {
    return this.live().all(sql, params);
  }
  async get(sql: string, params: Params = {}): Promise<unknown> {
    return this.live().get(sql, params);
  }
  async run(sql: string, params: Params = {}): Promise<number> {
    return this.live().run(sql, params);
  }
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    return fn(this);
  }
}

/**
 * SQLite behind the async interface. better-sqlite3 is synchronous, so a statement outside a
 * transaction runs at once; a transaction is `BEGIN IMMEDIATE … COMMIT` around an async body,
 * and holds the connection meanwhile: statements from elsewhere in the process wait for it
 * instead of landing inside it. IMMEDIATE takes the write lock up front, so of two processes on
 * one file one waits (busy_timeout) rather than both failing to upgrade a read lock.
 */
export class SqliteDatabase implements SqlDatabase {
  readonly dialect = 'sqlite' as const;
  readonly location: string;
  private readonly direct: Direct;
  private readonly lock: Mutex;
  private readonly releaseLock: () => void;

  constructor(readonly raw: Db) {
    this.direct = new Direct(raw);
    this.location = raw.name;
    const { mutex, release } = lockFor(raw.name);
    this.lock = mutex;
    this.releaseLock = release;
  }

  private async exclusive<T>(fn: () => T): Promise<T> {
    if (!this.lock.isLocked) return fn();
    await this.lock.acquire();
    try {
      return fn();
    } finally {
      this.lock.release();
    }
  }

  all(sql: string, params: Params = {}): Promise<unknown[]> {
    return this.exclusive(() => this.direct.all(sql, params));
  }
  get(sql: string, params: Params = {}): Promise<unknown> {
    return this.exclusive(() => this.direct.get(sql, params));
  }
  run(sql: string, params: Params = {}): Promise<number> {
    return this.exclusive(() => this.direct.run(sql, params));
  }

  async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    await this.lock.acquire();
    const tx = new SqliteTx(this.direct);
    try {
      this.raw.exec('BEGIN IMMEDIATE');
      try {
        const out = await fn(tx);
        this.raw.exec('COMMIT');
        return out;
      } catch (err) {
        if (this.raw.inTransaction) this.raw.exec('ROLLBACK');
        throw err;
      }
    } finally {
      tx.ended = true;
      this.lock.release();
    }
  }

  async ping(): Promise<void> {
    await this.get('SELECT 1 AS ok');
  }

  async close(): Promise<void> {
    if (!this.raw.open) return;
    await this.lock.acquire();
    try {
      if (this.raw.open) {
        this.raw.close();
        this.releaseLock();
      }
    } finally {
      this.lock.release();
    }
  }
}

/**
 * Opens (creating and migrating) the SQLite database at `path` behind the async interface.
 * @example const db = openSqlite('data/dossier.db'); const repos = createRepositories(db);
 */
export function openSqlite(path: string, options: OpenOptions = {}): SqliteDatabase {
  return new SqliteDatabase(openDatabase(path, options));
}
