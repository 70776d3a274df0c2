/**
 * The storage engines a test runs on: SQLite always; PostgreSQL too under `npm run test:pg`,
 * whose global setup starts a real server (tests/support/postgres-setup.ts). Each PostgreSQL
 * database a test opens is a fresh schema on that server, so tests never see each other's rows.
 *
 * @example
 * describe.each(engines)('$name', (engine) => {
 *   const dbs = useDatabases(engine);
 *   it('…', async () => { const db = await dbs.open(); … });
 * });
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, inject } from 'vitest';
import { openPostgres } from '../../src/storage/postgres.ts';
import type { Database, Dialect } from '../../src/storage/sql.ts';
import { openSqlite } from '../../src/storage/sqlite.ts';

export interface TestEngine {
  readonly name: Dialect;
}

/** The test server's URL, or '' when this run has none. */
export const postgresUrl: string = inject('postgresUrl') ?? '';

export const engines: readonly TestEngine[] = postgresUrl
  ? [{ name: 'sqlite' }, { name: 'postgres' }]
  : [{ name: 'sqlite' }];

/** A URL whose connections use a new, empty schema on the test server. */
export async function freshPostgresUrl(): Promise<string> {
  if (!postgresUrl) throw new Error('no PostgreSQL test server in this run');
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await client.end();
  }
  const url = new URL(postgresUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

export interface Databases {
  /**
   * A fresh, migrated database, closed after the test. `file: true` gives SQLite a file (which
   * `reopen` and other processes can open) instead of memory; PostgreSQL databases always can be.
   */
  open(options?: { file?: boolean }): Promise<Database>;
  /** Another connection to the same database, as a second process would have. */
  reopen(db: Database): Promise<Database>;
  /** What a child process opens the same database by: the SQLite path or the PostgreSQL URL. */
  target(db: Database): string;
}

/** Opens databases on `engine`, closing them after each test (call inside a describe). */
export function useDatabases(engine: TestEngine): Databases {
  const targets = new Map<Database, string>();
  const opened: Database[] = [];
  const dirs: string[] = [];
  const openTarget = async (target: string): Promise<Database> => {
    const db =
      engine.name === 'postgres' ? await openPostgres(target, { poolSize: 4 }) : openSqlite(target);
    targets.set(db, target);
    opened.push(db);
    return db;
  };
  afterEach(async () => {
    for (const db of opened.splice(0)) await db.close();
    targets.clear();
  });
  afterAll(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return {
    async open(options = {}) {
      if (engine.name === 'postgres') return openTarget(await freshPostgresUrl());
      if (!options.file) return openTarget(':memory:');
      const dir = mkdtempSync(join(tmpdir(), 'dossier-db-'));
      dirs.push(dir);
      return openTarget(join(dir, 'data', 'dossier.db'));
    },
    async reopen(db) {
      const target = targets.get(db);
      if (target === undefined || target === ':memory:') {
        throw new Error('reopen: open the database with { file: true } first');
      }
      return openTarget(target);
    },
    target(db) {
      const target = targets.get(db);
      if (target === undefined) throw new Error('target: not a database opened here');
      return target;
    },
  };
}
