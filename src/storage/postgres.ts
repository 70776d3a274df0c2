import pg from 'pg';
import { migrations as defaultMigrations, type Migration } from './migrations.ts';
import {
  type Database,
  type Params,
  pickParams,
  type Sql,
  type SqlValue,
  toNumbered,
} from './sql.ts';

export interface PostgresOptions {
  /** Connections the pool may open (each instance holds up to this many). Default 10. */
  poolSize?: number;
  /** How long to wait for a connection, at start and from the pool, before failing (ms). */
  connectTimeoutMs?: number;
  /** Override the migration list (tests). */
  migrations?: readonly Migration[];
  /** Told about a pooled connection that broke while idle (e.g. the server restarted). */
  onIdleError?: (err: Error) => void;
}

/** The server could not be reached or refused us; `message` names where, never the password. */
export class DatabaseConnectError extends Error {
  override readonly name = 'DatabaseConnectError';
}

/** The same key in every instance: whoever holds it is applying migrations. */
const MIGRATION_LOCK = '8243207301930219';

/**
 * BIGINT (epoch ms, counts, row ids) as a JS number, as SQLite returns it; pg's default is a
 * string because an int8 can pass 2^53, which none of ours comes near.
 */
const types = new pg.TypeOverrides();
types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));

/** host:port/database of a connection string, for messages: never the user or password. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    const database = decodeURIComponent(u.pathname.replace(/^\//u, '')) || '(default database)';
    const host = u.hostname || u.searchParams.get('host') || 'localhost';
    return `${host}:${u.port || '5432'}/${database}`;
  } catch {
    return '(unparsable URL)';
  }
}

/** One line for a driver error; Node's AggregateError (IPv6 and IPv4 both refused) has none. */
function describeError(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) {
    return [...new Set(err.errors.map(describeError))].join('; ');
  }
  if (err instanceof Error) {
    const code = 'code' in err && typeof err.code === 'string' ? err.code : '';
    return err.message || code || err.name;
  }
  return String(err);
}

async function query(
  client: pg.Pool | pg.PoolClient,
  sql: string,
  params: Params,
): Promise<pg.QueryResult> {
  const { text, names } = toNumbered(sql);
  const values: SqlValue[] = pickParams(names, params);
  return client.query(text, values);
}

/** A transaction's connection. */
class PostgresTx implements Sql {
  readonly dialect = 'postgres' as const;
  ended = false;
  constructor(private readonly client: pg.PoolClient) {}

  private live(): pg.PoolClient {
    if (this.ended) throw new Error('sql: transaction handle used after its transaction ended');
    return this.client;
  }

  async all(sql: string, params: Params = {}): Promise<unknown[]> {
    return (await query(this.live(), sql, params)).rows;
  }
  async get(sql: string, params: Params = {}): Promise<unknown> {
    return (await query(this.live(), sql, params)).rows[0];
  }
  async run(sql: string, params: Params = {}): Promise<number> {
    return (await query(this.live(), sql, params)).rowCount ?? 0;
  }
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    return fn(this);
  }
}

/** Runs `fn` between BEGIN and COMMIT on one pooled connection; a broken one is discarded. */
async function inTransaction<T>(
  pool: pg.Pool,
  fn: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    try {
      const out = await fn(client);
      await client.query('COMMIT');
      return out;
    } catch (err) {
      await client.query('ROLLBACK').catch((rollbackErr: unknown) => {
        broken = rollbackErr instanceof Error ? rollbackErr : new Error(String(rollbackErr));
      });
      throw err;
    }
  } finally {
    client.release(broken);
  }
}

/**
 * PostgreSQL through a node-postgres Pool. Every statement outside a transaction takes any free
 * connection; a transaction keeps one connection from BEGIN to COMMIT.
 */
export class PostgresDatabase implements Database {
  readonly dialect = 'postgres' as const;
  private closed = false;

  constructor(
    readonly pool: pg.Pool,
    readonly location: string,
  ) {}

  async all(sql: string, params: Params = {}): Promise<unknown[]> {
    return (await query(this.pool, sql, params)).rows;
  }
  async get(sql: string, params: Params = {}): Promise<unknown> {
    return (await query(this.pool, sql, params)).rows[0];
  }
  async run(sql: string, params: Params = {}): Promise<number> {
    return (await query(this.pool, sql, params)).rowCount ?? 0;
  }

  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, async (client) => {
      const tx = new PostgresTx(client);
      try {
        return await fn(tx);
      } finally {
        tx.ended = true;
      }
    });
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}

/**
 * Applies every migration the database has not recorded, each in its own transaction with its
 * row in `schema_migrations`. A session-level advisory lock makes instances that start at once
 * take turns: the first migrates, the others then find nothing left to do. Returns the newest
 * version recorded.
 */
export async function migratePostgres(
  pool: pg.Pool,
  list: readonly Migration[] = defaultMigrations,
): Promise<number> {
  const sorted = [...list].sort((a, b) => a.version - b.version);
  for (const m of sorted) {
    if (!Number.isInteger(m.version) || m.version < 1) {
      throw new Error(`migration "${m.name}" has an invalid version ${m.version}`);
    }
  }
  const client = await pool.connect();
  try {
    await client.query(`SELECT pg_advisory_lock(${MIGRATION_LOCK})`);
    try {
      await client.query(
        `CREATE TABLE IF NOT EXISTS schema_migrations (
           version INTEGER PRIMARY KEY,
           name TEXT NOT NULL,
           applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
         )`,
      );
      for (const m of sorted) {
        await client.query('BEGIN');
        try {
          const done = await client.query('SELECT 1 FROM schema_migrations WHERE version = $1', [
            m.version,
          ]);
          if (done.rowCount === 0) {
            await client.query(m.postgres);
            await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
              m.version,
              m.name,
            ]);
          }
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw new Error(`migration ${m.version} (${m.name}) failed: ${describeError(err)}`, {
            cause: err,
          });
        }
      }
      const latest = await client.query('SELECT max(version) AS v FROM schema_migrations');
      const v: unknown = latest.rows[0]?.v;
      return typeof v === 'number' ? v : 0;
    } finally {
      await client.query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`).catch(() => undefined);
    }
  } finally {
    client.release();
  }
}

/**
 * Connects to the PostgreSQL server at `url`, checks it answers, and brings the schema up to
 * date. Rejects with DatabaseConnectError when the server cannot be reached or refuses the
 * credentials, so start-up can say which variable to fix.
 * @example const db = await openPostgres(process.env.DATABASE_URL, { poolSize: 10 });
 */
export async function openPostgres(
  url: string,
  options: PostgresOptions = {},
): Promise<PostgresDatabase> {
  const location = describeUrl(url);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    types,
    application_name: 'dossier',
  });
  // Without a listener, a pooled connection dropped by the server would end the process.
  pool.on('error', (err) => options.onIdleError?.(err));
  try {
    await pool.query('SELECT 1');
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new DatabaseConnectError(
      `cannot connect to PostgreSQL at ${location}: ${describeError(err)}`,
      {
        cause: err,
      },
    );
  }
  try {
    await migratePostgres(pool, options.migrations);
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }
  return new PostgresDatabase(pool, location);
}
