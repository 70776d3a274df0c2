import { valueError } from '../config/errors.ts';
import { DatabaseConnectError } from '../storage/postgres.ts';

/**
 * For the database taken from DATABASE_URL: turns "the server cannot be reached or refused us"
 * into the configuration error that names the variable and the fix (never the password); any
 * other error is returned as it is.
 * @example await openStorage(opts).catch((e) => { throw explainDatabaseUrl(e); })
 */
export function explainDatabaseUrl(error: unknown): unknown {
  return error instanceof DatabaseConnectError ? valueError('DATABASE_URL', error.message) : error;
}
