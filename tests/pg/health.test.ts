/**
 * /healthz of an instance on PostgreSQL: the database field is a round trip to the server, and
 * says which engine answers; a server that drops the instance's connections (a restart, a
 * failover) is reconnected to, not reported down for good.
 */
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { commands } from '../../commands/index.ts';
import { discordPlatformAdapter } from '../../src/adapters/discord/launch.ts';
import { loadEngine } from '../../src/answer/engine.ts';
import { launchBot, type RunningBot } from '../../src/bot.ts';
import { loadConfig } from '../../src/config.ts';
import { type FakeDiscord, startFakeDiscord } from '../support/fake-discord/index.ts';
import { freshPostgresUrl, postgresUrl } from '../support/storage.ts';

let fake: FakeDiscord;
let bot: RunningBot | undefined;

beforeAll(async () => {
  fake = await startFakeDiscord();
});
afterAll(async () => {
  await bot?.stop();
  await fake?.close();
});

async function health(): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`http://127.0.0.1:${bot?.httpPort}/healthz`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe.skipIf(!postgresUrl)('/healthz on PostgreSQL', () => {
  test('ok from the server; still ok after the server drops every connection', async () => {
    const config = loadConfig(
      {
        DISCORD_TOKEN: fake.token,
        DISCORD_API_URL: fake.restUrl,
        DATABASE_URL: await freshPostgresUrl(),
        SNAPSHOT_DIR: 'off',
        DAILY_ENABLED: 'false',
        CORPUS_WATCH: 'false',
        HTTP_PORT: '0',
      },
      { dotenv: false },
    );
    bot = await launchBot({
      config,
      logger: pino({ level: 'silent' }),
      engine: await loadEngine({ corpusDir: 'corpus', snapshotDir: null }),
      platforms: [discordPlatformAdapter({ token: fake.token, apiUrl: fake.restUrl, commands })],
    });
    expect(bot.db.dialect).toBe('postgres');
    expect(await health()).toMatchObject({
      status: 200,
      body: { status: 'ok', database: 'ok', databaseEngine: 'postgres' },
    });
    // As a server restart would: every connection of the bot's pool is closed under it.
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    try {
      const killed = await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE application_name = 'dossier' AND pid <> pg_backend_pid()`,
      );
      expect(killed.rowCount).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }
    // The pool drops the dead connections and opens new ones.
    let last = await health();
    for (let i = 0; i < 20 && last.status !== 200; i++) last = await health();
    expect(last).toMatchObject({ status: 200, body: { database: 'ok' } });
  }, 60_000);
});
