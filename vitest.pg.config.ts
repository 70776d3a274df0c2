import { defineConfig } from 'vitest/config';

/**
 * `npm run test:pg`: the storage, daily-post and /daily, /gaps suites on SQLite and on a real
 * PostgreSQL server that the global setup starts (and stops), plus several bot processes sharing
 * that server. In CI (CI=true) a server that cannot start fails the run.
 */
export default defineConfig({
  test: {
    include: [
      'tests/storage/**/*.test.ts',
      'tests/daily/**/*.test.ts',
      'tests/commands/daily.test.ts',
      'tests/commands/gaps.test.ts',
      'tests/pg/**/*.test.ts',
    ],
    // the entry points bundled once for child processes (the bot instances, the ticker), and the
    // guard that fails the run if it changed the checkout; then the PostgreSQL server
    globalSetup: ['tests/support/global-setup.ts', 'tests/support/postgres-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
