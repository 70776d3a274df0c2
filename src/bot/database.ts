import type { Logger } from 'pino';
import { explainDatabaseUrl } from '../cli/database-url.ts';
import type { Config } from '../config.ts';
import { openStorage } from '../storage/open.ts';
import type { Database } from '../storage/sql.ts';

/**
 * The database the configuration names: PostgreSQL (DATABASE_URL) or the SQLite file. A server
 * that cannot be reached is the configuration's fault: a ConfigError naming DATABASE_URL.
 */
export async function openConfiguredDatabase(config: Config, logger: Logger): Promise<Database> {
  try {
    const db = await openStorage({
      databaseUrl: config.DATABASE_URL,
      databasePath: config.DATABASE_PATH,
      poolSize: config.DATABASE_POOL_SIZE,
      onIdleError: (err) => logger.warn({ err }, 'a pooled database connection failed'),
    });
    logger.info({ engine: db.dialect, database: db.location }, 'database ready');
    return db;
  } catch (err) {
    throw explainDatabaseUrl(err);
  }
}
