/**
 * The real entry point (src/main.ts) in a child process against the fake Discord: SIGTERM while
 * the daily post is on the wire lets it finish and exits 0 with exactly one post, and the next
 * start posts nothing more; Discord closing the gateway with 4004 exits 1 with one line saying
 * what to fix.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openSqlite } from '../../src/storage/sqlite.ts';
import { SubscriptionRepository } from '../../src/storage/subscriptions.ts';
import { until } from '../adapters/discord/helpers.ts';
import { type FakeDiscord, GatewayOp, startFakeDiscord } from '../support/fake-discord/index.ts';
import { logRecords, type MainProcess, spawnMain } from '../support/main-process.ts';

const POST = (r: { method: string; route: string | null }) =>
  r.method === 'POST' && r.route === '/channels/:channelId/messages';

let fake: FakeDiscord;
let dir: string;
let dbPath: string;

beforeAll(async () => {
  fake = await startFakeDiscord();
  dir = mkdtempSync(join(tmpdir(), 'dossier-shutdown-'));
  dbPath = join(dir, 'bot.db');
  const db = openSqlite(dbPath);
  // due all day (UTC midnight has passed), so the first tick at start posts
  await new SubscriptionRepository(db).upsert({
    platform: 'discord',
    guildId: fake.guildId,
    channelId: fake.channelId,
    localTime: '00:00',
    timeZone: 'UTC',
    topic: null,
    createdBy: 'test',
  });
  await db.close();
});
afterAll(async () => {
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

type Bot = MainProcess;

function startMain(): Bot {
  return spawnMain({
    DISCORD_TOKEN: fake.token,
    DISCORD_API_URL: fake.restUrl,
    DATABASE_PATH: dbPath,
    DAILY_ENABLED: 'true',
    LOG_LEVEL: 'info',
  });
}

const messages = (bot: Bot) => logRecords<{ msg: string }>(bot.stderr()).map((r) => r.msg);

describe('the process', () => {
  test('SIGTERM during the daily post: it finishes, exit 0, one post; the next start posts none', async () => {
    // the post stays on the wire until the bot has taken the signal: no timing to race
    let answer: () => void = () => {};
    const onTheWire = new Promise<void>((resolve) => {
      answer = resolve;
    });
    fake.injectFault({ method: 'POST', route: '/channels/:channelId/messages', until: onTheWire });
    const first = startMain();
    await until(() => fake.requests(POST).length > 0, 60_000, `the daily post (${first.stderr()})`);
    first.proc.kill('SIGTERM');
    await until(
      () => messages(first).includes('stopping: finishing work in flight'),
      30_000,
      `the bot stopping (${first.stderr()})`,
    );
    expect(fake.requests(POST)[0]?.respondedAt).toBeUndefined();
    answer();
    expect(await first.exit).toBe(0);
    expect(fake.requests(POST)).toHaveLength(1);
    expect(fake.requests(POST)[0]?.status).toBe(200);
    expect(messages(first)).toContain('daily fact posted');
    expect(messages(first).at(-1)).toBe('stopped');

    const second = startMain();
    await until(
      () => messages(second).includes('bot running; Ctrl+C stops it'),
      60_000,
      `the second start (${second.stderr()})`,
    );
    second.proc.kill('SIGTERM');
    expect(await second.exit).toBe(0);
    expect(fake.requests(POST)).toHaveLength(1);
  }, 150_000);

  test('4004 from the gateway: exit 1, the reason on stderr once, no reconnect', async () => {
    const bot = startMain();
    await until(
      () => messages(bot).includes('bot running; Ctrl+C stops it'),
      60_000,
      `the start (${bot.stderr()})`,
    );
    fake.clearGatewayOps();
    await fake.dropConnection({ code: 4004 });
    expect(await bot.exit).toBe(1);
    const plain = bot
      .stderr()
      .split('\n')
      .filter((l) => l.startsWith('dossier:'));
    expect(plain).toEqual([
      'dossier: Discord closed the gateway with 4004 (authentication failed): the bot token was reset or revoked. Check DISCORD_TOKEN: copy it again from the Developer Portal (Bot → Reset Token), then restart.',
    ]);
    expect(fake.gatewayOps(GatewayOp.Identify)).toHaveLength(0);
    expect(fake.gatewayOps(GatewayOp.Resume)).toHaveLength(0);
  }, 120_000);
});
