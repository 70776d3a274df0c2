import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Several bot processes on a PostgreSQL server: `npm run test:pg` (vitest.pg.config.ts).
    exclude: ['tests/pg/**', 'node_modules/**'],
    // the entry points bundled once for child processes; the run fails if the checkout changed
    globalSetup: ['tests/support/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
  },
});
