import { checkDatabasePath } from '../config/database-path.ts';
import { openPostgres, type PostgresOptions } from './postgres.ts';
import type { Database } from './sql.ts';
import { openSqlite } from './sqlite.ts';

export interface StorageOptions {
  /** postgres://… : PostgreSQL, shared by every instance. Without it, SQLite at `databasePath`. */
  databaseUrl?: string | undefined;
  /** The SQLite file (or `:memory:`). */
  databasePath: string;
  /** PostgreSQL pool size per instance. */
  poolSize?: number | undefined;
  onIdleError?: PostgresOptions['onIdleError'];
}

/**
 * The bot's database: PostgreSQL when a URL is given, else the embedded SQLite file. Either way
 * migrated and behind the same interface. The SQLite file's path is checked first (its folders
 * made, a file tried in it): a path that cannot hold it rejects with a ConfigError naming
 * DATABASE_PATH, never SQLite's "unable to open database file", and never hangs.
 * @example const db = await openStorage({ databaseUrl: config.DATABASE_URL, databasePath: config.DATABASE_PATH });
 */
export async function openStorage(options: StorageOptions): Promise<Database> {
  if (options.databaseUrl !== undefined) {
    return openPostgres(options.databaseUrl, {
      ...(options.poolSize === undefined ? {} : { poolSize: options.poolSize }),
      ...(options.onIdleError === undefined ? {} : { onIdleError: options.onIdleError }),
    });
  }
  checkDatabasePath(options.databasePath);
  return openSqlite(options.databasePath);
}
