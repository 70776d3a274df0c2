import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Several bot processes on a PostgreSQL server: `npm run test:pg` (vitest.pg.config.ts).
    exclude: ['tests/pg/**', 'node_modules/**'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
  },
});
