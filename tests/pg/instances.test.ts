/**
 * Several bot instances on one PostgreSQL server and one fake Discord: the daily post stays
 * exactly once per channel per day, counted as POST requests Discord received (not messages, which
 * Discord's nonce would deduplicate), and a paragraph has one id in every instance.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openPostgres } from '../../src/storage/postgres.ts';
import { SubscriptionRepository } from '../../src/storage/subscriptions.ts';
import { type FakeDiscord, startFakeDiscord } from '../support/fake-discord/index.ts';
import { freshPostgresUrl, postgresUrl } from '../support/storage.ts';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'bot-process.ts');
const POST = '/channels/:channelId/messages';
const CHANNELS = 4;
const LEASE_MS = 90_000;

interface Instance {
  proc: ChildProcessWithoutNullStreams;
  /** Resolves with the instance's paragraph-id hash once it runs. */
  ready: Promise<string>;
  /** Sends "tick <iso>" and resolves with the summary. */
  tick(iso: string): Promise<Record<string, number>>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
}

let fake: FakeDiscord;
let channelIds: string[];
const started: Instance[] = [];

beforeAll(async () => {
  fake = await startFakeDiscord({
    guilds: [{ channels: Array.from({ length: CHANNELS }, (_, i) => ({ name: `news-${i}` })) }],
  });
  channelIds = [...fake.world.channels.keys()];
});
afterAll(async () => {
  for (const i of started)
    if (i.proc.exitCode === null && i.proc.signalCode === null) i.proc.kill();
  await fake?.close();
});

function startInstance(url: string, nowIso: string, mode: 'normal' | 'die-on-send'): Instance {
  const proc = spawn(process.execPath, ['--import', 'tsx', FIXTURE, nowIso, mode], {
    cwd: process.cwd(),
    env: {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: url,
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.restUrl,
    },
  });
  let stderr = '';
  proc.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const waiting: ((line: Record<string, unknown>) => boolean)[] = [];
  let buffered = '';
  proc.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      const value: unknown = JSON.parse(line);
      if (typeof value !== 'object' || value === null) continue;
      const index = waiting.findIndex((w) => w(value as Record<string, unknown>));
      if (index >= 0) waiting.splice(index, 1);
    }
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const next = (key: string) =>
    new Promise<unknown>((resolve, reject) => {
      waiting.push((line) => {
        if (!(key in line)) return false;
        resolve(line[key]);
        return true;
      });
      void exit.then(() => reject(new Error(`instance exited before "${key}": ${stderr}`)));
    });
  const instance: Instance = {
    proc,
    ready: next('ready').then((r) => String((r as { ids: unknown }).ids)),
    tick: (iso) => {
      const summary = next('tick');
      proc.stdin.write(`tick ${iso}\n`);
      return summary as Promise<Record<string, number>>;
    },
    exit,
    stderr: () => stderr,
  };
  // An instance made to die never gets ready; only a test that awaits `ready` cares.
  instance.ready.catch(() => undefined);
  started.push(instance);
  return instance;
}

async function stopAll(instances: Instance[]): Promise<void> {
  for (const i of instances) i.proc.stdin.write('stop\n');
  const exits = await Promise.all(instances.map((i) => i.exit));
  for (const [n, e] of exits.entries())
    expect(e, instances[n]?.stderr()).toEqual({ code: 0, signal: null });
}

/** A fresh database on the test server with every channel subscribed at 09:00 UTC. */
async function subscribedDatabase(): Promise<string> {
  const url = await freshPostgresUrl();
  const db = await openPostgres(url, { poolSize: 1 });
  try {
    const subscriptions = new SubscriptionRepository(db, () => new Date('2025-06-01T00:00:00Z'));
    for (const channelId of channelIds) {
      await subscriptions.upsert({
        platform: 'discord',
        guildId: fake.guildId,
        channelId,
        localTime: '09:00',
        timeZone: 'UTC',
        createdBy: 'admin',
      });
    }
  } finally {
    await db.close();
  }
  return url;
}

/** POST requests that reached the fake Discord, per channel. */
function postsPerChannel(): Record<string, number> {
  const counts = Object.fromEntries(channelIds.map((id) => [id, 0]));
  for (const r of fake.requests((req) => req.route === POST)) {
    const id = r.params.channelId ?? '';
    counts[id] = (counts[id] ?? 0) + 1;
  }
  return counts;
}
const each = (n: number) => Object.fromEntries(channelIds.map((id) => [id, n]));

describe.skipIf(!postgresUrl)('bot instances sharing one PostgreSQL', () => {
  test('three instances at the posting time: one post per channel a day, one id per paragraph', async () => {
    fake.clearRequests();
    const url = await subscribedDatabase();
    // Each instance ticks as it starts, with its clock at 09:00 on the day.
    const instances = [0, 1, 2].map(() => startInstance(url, '2025-06-01T09:00:00Z', 'normal'));
    const ids = await Promise.all(instances.map((i) => i.ready));
    expect(new Set(ids).size).toBe(1);
    expect(postsPerChannel()).toEqual(each(1));
    // The next day's slot, reached by all three at the same moment.
    const day2 = await Promise.all(instances.map((i) => i.tick('2025-06-02T09:00:00Z')));
    expect(day2.reduce((sum, s) => sum + (s.posted ?? 0), 0)).toBe(CHANNELS);
    expect(day2.reduce((sum, s) => sum + (s.error ?? 0), 0)).toBe(0);
    const later = await Promise.all(instances.map((i) => i.tick('2025-06-02T09:05:00Z')));
    expect(later.reduce((sum, s) => sum + (s.posted ?? 0), 0)).toBe(0);
    await stopAll(instances);
    expect(postsPerChannel()).toEqual(each(2));
  }, 120_000);

  test('an instance killed between claim and send: one post, by another, once the lease expires', async () => {
    fake.clearRequests();
    const url = await subscribedDatabase();
    const doomed = startInstance(url, '2025-06-01T09:00:00Z', 'die-on-send');
    expect(await doomed.exit).toEqual({ code: null, signal: 'SIGKILL' });
    expect(postsPerChannel()).toEqual(each(0));

    const survivors = [0, 1].map(() => startInstance(url, '2025-06-01T09:00:30Z', 'normal'));
    await Promise.all(survivors.map((i) => i.ready));
    // Within the dead instance's lease nobody posts the channel it claimed.
    const during = await Promise.all(survivors.map((i) => i.tick('2025-06-01T09:01:00Z')));
    const claimedByTheDead = CHANNELS - Object.values(postsPerChannel()).reduce((a, b) => a + b, 0);
    expect(claimedByTheDead).toBeGreaterThan(0);
    expect(during.reduce((sum, s) => sum + (s.busy ?? 0), 0)).toBeGreaterThan(0);
    const after = new Date(Date.parse('2025-06-01T09:00:00Z') + LEASE_MS + 60_000).toISOString();
    await Promise.all(survivors.map((i) => i.tick(after)));
    await stopAll(survivors);
    expect(postsPerChannel()).toEqual(each(1));
  }, 120_000);
});
