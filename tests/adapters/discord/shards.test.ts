/**
 * T-G7: SHARDS=2 through the real entry point. The manager (src/main.ts) spawns two shard
 * processes with discord.js's ShardingManager; each identifies as its own shard and receives only
 * its guilds' events; the daily schedule runs in the manager alone (through REST), so a
 * subscription that is due gets exactly one post, not one per shard.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openSqlite } from '../../../src/storage/sqlite.ts';
import { SubscriptionRepository } from '../../../src/storage/subscriptions.ts';
import {
  type FakeDiscord,
  GatewayOp,
  shardOf,
  startFakeDiscord,
  stringOption,
} from '../../support/fake-discord/index.ts';
import { logRecords, type MainProcess, spawnMain } from '../../support/main-process.ts';
import { CALLBACK, sleep, until } from './helpers.ts';

const POST = (r: { method: string; route: string | null }) =>
  r.method === 'POST' && r.route === '/channels/:channelId/messages';

let fake: FakeDiscord;
let dir: string;
let dbPath: string;

beforeAll(async () => {
  // two guilds, so each shard may own one (which one depends on the ids)
  fake = await startFakeDiscord({ guilds: [{ name: 'one' }, { name: 'two' }] });
  dir = mkdtempSync(join(tmpdir(), 'dossier-shards-'));
  dbPath = join(dir, 'bot.db');
  const db = openSqlite(dbPath);
  const subs = new SubscriptionRepository(db);
  // due all day (UTC midnight has passed): the first tick posts, in every guild
  for (const guild of fake.world.guilds.values()) {
    const channel = guild.channels[0];
    if (!channel) throw new Error('no channel');
    await subs.upsert({
      platform: 'discord',
      guildId: guild.id,
      channelId: channel.id,
      localTime: '00:00',
      timeZone: 'UTC',
      topic: null,
      createdBy: 'test',
    });
  }
  await db.close();
});
afterAll(async () => {
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

function startManager(): MainProcess {
  return spawnMain({
    DISCORD_TOKEN: fake.token,
    DISCORD_API_URL: fake.restUrl,
    SHARDS: '2',
    DATABASE_PATH: dbPath,
    DAILY_ENABLED: 'true',
    HTTP_PORT: '0',
    LOG_LEVEL: 'info',
  });
}

const records = (stderr: string) =>
  logRecords<{ msg: string; shardId?: number; guild?: string }>(stderr);

test('two shards: one IDENTIFY each, guild events to their owner, one daily post per channel', async () => {
  const manager = startManager();
  const running = () =>
    records(manager.stderr()).filter((r) => r.msg === 'bot running; Ctrl+C stops it');
  // the manager and both shards
  await until(() => running().length === 3, 90_000, `three processes (${manager.stderr()})`);
  const identifies = fake.gatewayOps(GatewayOp.Identify).map((op) => {
    const d = op.d as { shard?: [number, number] };
    return d.shard;
  });
  expect(identifies.sort()).toEqual([
    [0, 2],
    [1, 2],
  ]);
  await until(() => fake.requests(POST).length >= 2, 30_000, 'the daily posts');
  // the shards are up and would have posted by now if they ran the schedule
  await sleep(1500);
  const posts = fake.requests(POST);
  expect(posts.map((p) => p.params.channelId).sort()).toEqual(
    [...fake.world.guilds.values()].map((g) => g.channels[0]?.id).sort(),
  );
  expect(posts.every((p) => p.status === 200)).toBe(true);
  // posted by the manager; the shards never ran the schedule (the ledger would hide it otherwise)
  const posted = records(manager.stderr()).filter((r) => r.msg === 'daily fact posted');
  expect(posted.map((r) => r.shardId)).toEqual([undefined, undefined]);
  const deferring = records(manager.stderr()).filter(
    (r) => r.msg === 'daily posts go out from another process',
  );
  expect(deferring.map((r) => r.shardId).sort()).toEqual([0, 1]);

  // an interaction in each guild is answered once, by the shard that owns that guild
  for (const guild of fake.world.guilds.values()) {
    const channel = fake.world.channels.get(guild.channels[0]?.id ?? '');
    if (channel?.type !== 0) throw new Error('no text channel');
    const payload = fake.sendChatInput('ask', [stringOption('question', 'What is an SRBM?')], {
      guildId: guild.id,
      channel,
    });
    await fake.waitForRequest((r) => r.route === CALLBACK && r.params.id === payload.id, 10_000);
    const callbacks = fake.requests((r) => r.route === CALLBACK && r.params.id === payload.id);
    expect(callbacks.map((c) => c.status)).toEqual([204]);
  }
  await until(
    () => records(manager.stderr()).filter((r) => r.msg === 'interaction').length === 2,
    10_000,
    'the interaction log lines',
  );
  const answered = records(manager.stderr()).filter((r) => r.msg === 'interaction');
  expect(answered.map((r) => [r.guild, r.shardId])).toEqual(
    answered.map((r) => [r.guild, shardOf(r.guild ?? '', 2)]),
  );

  manager.proc.kill('SIGTERM');
  expect(await manager.exit).toBe(0);
  // every shard closed its session on the way out
  await until(
    () => records(manager.stderr()).filter((r) => r.msg === 'stopped').length === 3,
    15_000,
    'all three processes stopped',
  );
}, 150_000);
