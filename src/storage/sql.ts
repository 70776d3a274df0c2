/**
 * The one interface every repository talks to, whichever engine is behind it: SQLite (the
 * embedded default, one file) or PostgreSQL (DATABASE_URL, shared by several instances).
 * Statements name their parameters `@name`; each engine binds them its own way.
 */

export type Dialect = 'sqlite' | 'postgres';

export type SqlValue = string | number | null;
export type Params = Readonly<Record<string, SqlValue>>;

export interface Sql {
  readonly dialect: Dialect;
  /** Every row of a query (or of a statement with RETURNING). */
  all(sql: string, params?: Params): Promise<unknown[]>;
  /** The first row, or undefined. */
  get(sql: string, params?: Params): Promise<unknown>;
  /** Runs a statement; resolves with the number of rows it changed. */
  run(sql: string, params?: Params): Promise<number>;
  /**
   * Runs `fn` in one transaction on one connection, committed when it resolves and rolled back
   * when it rejects. Inside, use only `tx`: the outer handle waits for the transaction to end
   * (SQLite) or is another connection (PostgreSQL). A transaction started on `tx` joins the
   * outer one.
   */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
}

/** A database opened and migrated: what the bot holds for its lifetime. */
export interface Database extends Sql {
  /** Where it is, for logs and errors: a file path, or host:port/database (never a password). */
  readonly location: string;
  /** Resolves when the database answers a trivial query (health checks). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

const PARAM = /@([A-Za-z_][A-Za-z0-9_]*)/g;

/** The parameter names a statement uses, in order of first use. */
export function paramNames(sql: string): string[] {
  const names: string[] = [];
  for (const m of sql.matchAll(PARAM)) {
    const name = m[1];
    if (name !== undefined && !names.includes(name)) names.push(name);
  }
  return names;
}

/** The value of each name, failing loudly on a missing one (a typo must not bind NULL). */
export function pickParams(names: readonly string[], params: Params): SqlValue[] {
  return names.map((name) => {
    const value = params[name];
    if (value === undefined) throw new Error(`sql: no value for parameter @${name}`);
    return value;
  });
}

/** Rewrites `@name` placeholders to PostgreSQL's `$1, $2, …` (one number per distinct name). */
export function toNumbered(sql: string): { text: string; names: string[] } {
  const names = paramNames(sql);
  const text = sql.replace(PARAM, (_, name: string) => `$${names.indexOf(name) + 1}`);
  return { text, names };
}
