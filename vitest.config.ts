import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Several bot processes on a PostgreSQL server: `npm run test:pg` (vitest.pg.config.ts).
    exclude: ['tests/pg/**', 'node_modules/**'],
    // the entry points bundled once for child processes; the run fails if the checkout changed
    globalSetup: ['tests/support/global-setup.ts'],
    // bounds for a hang, generous for a loaded machine: no test asserts how long anything took
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Three processes on two cores (vitest's default there is one): many tests wait on child
    // processes, sockets and timers, and another file runs meanwhile.
    maxWorkers: 3,
    // Files in one worker share loaded modules (discord.js, Bolt, the language model, the seed
    // corpus's engine in tests/support/engine.ts): isolating each file re-imported them, about
    // half the run's CPU. Nothing a test changes is global: no test mocks modules or edits
    // process.env, fake timers are restored after each test, and shared fixtures are read-only.
    isolate: false,
  },
});
