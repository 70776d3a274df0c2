/**
 * Vitest global setup for `npm run test:pg`: one PostgreSQL server for the whole run, its URL
 * handed to every test file as `inject('postgresUrl')`. In CI a server that cannot start fails
 * the run; on a developer's machine without PostgreSQL the PostgreSQL tests are skipped, and this
 * says why.
 */
import type { TestProject } from 'vitest/node';
import { type PostgresServer, startPostgres } from './postgres-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The test server's URL, or '' when it could not start (local runs only). */
    postgresUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  let server: PostgresServer | null = null;
  try {
    server = await startPostgres();
    process.stderr.write(`test:pg: ${server.version} on 127.0.0.1:${server.port}\n`);
    project.provide('postgresUrl', server.url);
  } catch (err) {
    if (process.env.CI) throw err;
    process.stderr.write(
      `test:pg: PostgreSQL tests SKIPPED, no server could be started here: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    project.provide('postgresUrl', '');
  }
  return () => server?.stop();
}
