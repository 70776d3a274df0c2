import pino from 'pino';
import { beforeEach, describe, expect, test } from 'vitest';
import { daily } from '../../commands/daily.ts';
import type { DailyPosts } from '../../commands/services.ts';
import type { ChannelOwner, CommandContext } from '../../commands/types.ts';
import { consolePlatform } from '../../src/adapters/console/chat.ts';
import type { MessageReply } from '../../src/answer/reply.ts';
import { buildDailyPost, dailyFactPool } from '../../src/daily/post.ts';
import type { Sender } from '../../src/daily/sender.ts';
import { DailyService } from '../../src/daily/service.ts';
import { canonicalZone, normalizeTime, zoneChoices } from '../../src/daily/zones.ts';
import { createDailyPosts } from '../../src/services/index.ts';
import type { Database } from '../../src/storage/sql.ts';
import { engines, useDatabases } from '../support/storage.ts';
import {
  allText,
  asError,
  asMessage,
  CHANNEL,
  context,
  dispatch,
  engine,
  GUILD,
  listBlock,
  OTHER_CHANNEL,
} from './helpers.ts';

const eng = await engine();
const logger = pino({ level: 'silent' });

let db: Database;
let now: Date;
let service: DailyService;
let posts: DailyPosts;
let sent: { channelId: string; reply: MessageReply; nonce: string }[];

const sender: Sender = {
  checkAccess: async () => ({ ok: true, embeds: true }),
  send: async (channelId, reply, nonce) => {
    sent.push({ channelId, reply, nonce });
    return { ok: true, messageId: `m${sent.length}` };
  },
};

/** A fresh service on `database` (SQLite, or PostgreSQL under npm run test:pg). */
function setUp(database: Database): void {
  db = database;
  now = new Date('2024-03-05T07:00:00Z'); // 08:00 in Berlin
  sent = [];
  service = new DailyService({
    db,
    senders: { discord: sender },
    factPool: (topic) => dailyFactPool(eng, topic),
    buildPost: (fact, remaining) => buildDailyPost(fact, remaining, eng),
    logger,
    clock: () => now,
    rng: () => 0.5,
  });
  posts = createDailyPosts({ daily: service, engine: eng, posting: true, platform: 'discord' });
}

function admin(overrides: Partial<CommandContext> = {}): CommandContext {
  return context(eng, {
    permissions: ['manageServer'],
    now: () => now,
    services: { daily: posts },
    ...overrides,
  });
}

const setArgs = (over: Partial<{ time: string; timezone: string; topic: string }> = {}) => ({
  subcommand: 'set' as const,
  channel: CHANNEL,
  time: '09:00',
  timezone: 'Europe/Berlin',
  ...over,
});

describe.each(engines)('/daily on $name', (storage) => {
  const dbs = useDatabases(storage);
  beforeEach(async () => setUp(await dbs.open()));

  test('is for server managers: in the spec and checked on every call', async () => {
    expect(daily.spec.permission).toBe('manageServer');
    const member = context(eng, { services: { daily: posts } });
    const { subcommand, ...values } = setArgs();
    expect(asError(await dispatch(daily, member, { subcommand, values }))).toContain(
      'Manage Server',
    );
    expect(asError(await dispatch(daily, member, { subcommand: 'status', values: {} }))).toContain(
      'Manage Server',
    );
    expect(await service.subscriptions.listEnabled()).toHaveLength(0);
    expect(allText(await dispatch(daily, admin(), { subcommand, values }))).toContain(
      'Daily fact set',
    );
  });

  test('set: saved, and status shows the next post in the channel’s zone and in UTC', async () => {
    const reply = asMessage(await daily.execute(admin(), setArgs()));
    expect(reply.visibility).toBe('private');
    const sub = await service.subscriptions.get({ platform: 'discord', channelId: CHANNEL });
    expect(sub).toMatchObject({
      guildId: GUILD,
      localTime: '09:00',
      timeZone: 'Europe/Berlin',
      enabled: true,
    });
    const items = listBlock(reply, 'Daily fact in this channel');
    const next = items.find((i) => i.label === 'Next post')?.text;
    expect(next).toBe('Tue 5 Mar 2024, 09:00 (Europe/Berlin) · 08:00 UTC');
    const left = items.find((i) => i.label === 'Facts left')?.text;
    const pool = dailyFactPool(eng).length;
    expect(left).toBe(`${pool} of ${pool} before they repeat`);
    expect(items.find((i) => i.label === 'Last post')?.text).toBe('none yet');
  });

  test('status after a post: the last post, fewer facts left, next post tomorrow', async () => {
    await daily.execute(admin(), setArgs({ time: '07:30' }));
    now = new Date('2024-03-05T07:00:00Z'); // 08:00 Berlin: 07:30 has passed
    const summary = await service.tick();
    expect(summary.posted).toBe(1);
    expect(sent).toHaveLength(1);
    const reply = asMessage(await daily.execute(admin(), { subcommand: 'status' }));
    const items = listBlock(reply, 'Daily fact in this channel');
    expect(items.find((i) => i.label === 'Last post')?.text).toBe('2024-03-05');
    expect(items.find((i) => i.label === 'Next post')?.text).toBe(
      'Wed 6 Mar 2024, 07:30 (Europe/Berlin) · 06:30 UTC',
    );
    const pool = dailyFactPool(eng).length;
    expect(items.find((i) => i.label === 'Facts left')?.text).toBe(
      `${pool - 1} of ${pool} before they repeat`,
    );
  });

  test('a subscription disabled by a permanent error says why and how to fix it', async () => {
    await daily.execute(admin(), setArgs());
    await service.subscriptions.disable(
      { platform: 'discord', channelId: CHANNEL },
      'missing permission: Send Messages (code 50013)',
    );
    const text = allText(await daily.execute(admin(), { subcommand: 'status' }));
    expect(text).toContain(
      'Posting stopped on 2024-03-05: missing permission: Send Messages (code 50013)',
    );
    expect(text).toContain('View Channel, Send Messages and Embed Links');
    expect(text).toContain('/daily set again');
    expect(text).toContain('none: posting is stopped');
    // /daily set again re-enables it
    await daily.execute(admin(), setArgs());
    expect(
      (await service.subscriptions.get({ platform: 'discord', channelId: CHANNEL }))?.enabled,
    ).toBe(true);
  });

  test('bad times and zones are refused with the form to use', async () => {
    for (const time of ['25:00', '9am', '12:60', '']) {
      expect(asError(await daily.execute(admin(), setArgs({ time })))).toContain('HH:MM');
    }
    const zone = asError(await daily.execute(admin(), setArgs({ timezone: 'Berlin' })));
    expect(zone).toContain('"Berlin" is not a time zone');
    expect(zone).toContain('Europe/Berlin');
    expect(asError(await daily.execute(admin(), setArgs({ timezone: 'Mars/Olympus' })))).toContain(
      'not a time zone',
    );
    expect(await service.subscriptions.listEnabled()).toHaveLength(0);
    expect(normalizeTime('9:05')).toBe('09:05');
    expect(canonicalZone('europe/berlin')).toBe('Europe/Berlin');
    expect(canonicalZone('UTC')).toBe('UTC');
    expect(canonicalZone('America/New York')).toBe('America/New_York');
  });

  test('a topic with no facts is refused; one with facts is kept', async () => {
    expect(asError(await daily.execute(admin(), setArgs({ topic: 'xylophones' })))).toContain(
      '"xylophones"',
    );
    await daily.execute(admin(), setArgs({ topic: 'drones' }));
    const status = await posts.status({ guildId: GUILD, channelId: CHANNEL });
    expect(status?.topic).toBe('drones');
    expect(status?.poolSize).toBe(dailyFactPool(eng, 'drones').length);
  });

  test('timezone autocomplete: filtered, at most 25', async () => {
    const berlin = (await daily.autocomplete?.(admin(), { name: 'timezone', value: 'berl' })) ?? [];
    expect(berlin[0]?.value).toBe('Europe/Berlin');
    expect(berlin[0]?.name).toBe('Europe/Berlin (UTC+01:00)');
    const america =
      (await daily.autocomplete?.(admin(), { name: 'timezone', value: 'america' })) ?? [];
    expect(america).toHaveLength(25);
    const empty = (await daily.autocomplete?.(admin(), { name: 'timezone', value: '' })) ?? [];
    expect(empty.map((c) => c.value)).toContain('UTC');
    expect(zoneChoices('new_y', now)[0]?.value).toBe('America/New_York');
    for (const c of [...berlin, ...america, ...empty])
      expect(c.name.length).toBeLessThanOrEqual(100);
  });

  test('off removes it; status then says nothing is set up', async () => {
    await daily.execute(admin(), setArgs());
    expect(allText(await daily.execute(admin(), { subcommand: 'off' }))).toContain('are off');
    expect(await service.subscriptions.get({ platform: 'discord', channelId: CHANNEL })).toBeNull();
    expect(allText(await daily.execute(admin(), { subcommand: 'off' }))).toContain('There was no');
    expect(allText(await daily.execute(admin(), { subcommand: 'status' }))).toContain(
      'No daily fact is set up in this server',
    );
  });

  test('status lists every channel of the server; one channel on request', async () => {
    await daily.execute(admin(), setArgs());
    await daily.execute(admin(), { ...setArgs(), channel: OTHER_CHANNEL, time: '18:00' });
    const all = asMessage(await daily.execute(admin(), { subcommand: 'status' }));
    expect(all.blocks.filter((b) => b.type === 'list')).toHaveLength(2);
    const one = asMessage(
      await daily.execute(admin(), { subcommand: 'status', channel: OTHER_CHANNEL }),
    );
    expect(listBlock(one, `Daily fact in channel ${OTHER_CHANNEL}`)[0]?.text).toContain('18:00');
  });

  test('preview: the post as it will look, privately', async () => {
    await daily.execute(admin(), setArgs());
    const reply = asMessage(await daily.execute(admin(), { subcommand: 'preview' }));
    expect(reply.visibility).toBe('private');
    expect(reply.title).toBe('Preview: Fact of the day');
    expect(reply.blocks.some((b) => b.type === 'passage')).toBe(true);
    expect(reply.actions.map((a) => a.label)).toEqual(['Read the passage', 'Ask about this']);
    expect(sent).toHaveLength(0);
  });

  test('not available without the service, in the terminal or outside a server', async () => {
    expect(
      asError(
        await daily.execute(context(eng, { permissions: ['manageServer'] }), {
          subcommand: 'status',
        }),
      ),
    ).toContain('not available here');
    expect(
      asError(
        await dispatch(daily, admin(), { subcommand: 'status', values: {} }, consolePlatform),
      ),
    ).toContain('not available here');
    expect(
      asError(await daily.execute(admin({ guildId: null }), { subcommand: 'status' })),
    ).toContain('server channel');
  });

  test('another server’s channel: /daily off and status do not see it, set does not take it', async () => {
    await daily.execute(admin(), setArgs());
    const stranger = admin({ guildId: '100000000000000099', channelId: OTHER_CHANNEL });
    const off = allText(await daily.execute(stranger, { subcommand: 'off', channel: CHANNEL }));
    expect(off).toContain(`There was no daily fact set up in channel ${CHANNEL}`);
    expect(
      await service.subscriptions.get({ platform: 'discord', channelId: CHANNEL }),
    ).toMatchObject({
      guildId: GUILD,
      enabled: true,
    });
    const status = allText(
      await daily.execute(stranger, { subcommand: 'status', channel: CHANNEL }),
    );
    expect(status).toContain(`No daily fact is set up in channel ${CHANNEL}`);
    expect(status).not.toContain('09:00');
    expect(asError(await daily.execute(stranger, setArgs({ time: '18:00' })))).toContain(
      'not in this server',
    );
    expect(
      await service.subscriptions.get({ platform: 'discord', channelId: CHANNEL }),
    ).toMatchObject({
      guildId: GUILD,
      localTime: '09:00',
    });
  });

  test('set: a channel the platform places in another server is refused before anything is stored', async () => {
    const foreign = '200000000000000099';
    const owners = new Map<string, ChannelOwner>([
      [foreign, { found: true, guildId: '100000000000000099' }],
      ['200000000000000098', { found: true, guildId: null }],
      ['200000000000000097', { found: false, reason: 'unknown' }],
      ['200000000000000096', { found: false, reason: 'unreachable', detail: 'timeout' }],
    ]);
    const asked: string[] = [];
    const ctx = admin({
      channelOwner: async (id) => {
        asked.push(id);
        return owners.get(id) ?? { found: true, guildId: GUILD };
      },
    });
    const refusal = async (channel: string) =>
      asError(await daily.execute(ctx, { ...setArgs(), channel }));
    expect(await refusal(foreign)).toBe(
      'That channel is not in this server. Pick a channel of this server.',
    );
    expect(await refusal('200000000000000098')).toBe(
      'That channel is not in this server. Pick a channel of this server.',
    );
    expect(await refusal('200000000000000097')).toBe(
      'I cannot find that channel. Pick a channel of this server.',
    );
    expect(await refusal('200000000000000096')).toBe(
      'I could not check which server that channel belongs to. Please try again in a moment.',
    );
    for (const channelId of owners.keys())
      expect(await service.subscriptions.get({ platform: 'discord', channelId })).toBeNull();
    // this server's own channel is looked up too, and taken
    expect(allText(await daily.execute(ctx, setArgs()))).toContain('Daily fact set');
    expect(asked).toEqual([...owners.keys(), CHANNEL]);
  });

  test('a process that does not post says so', async () => {
    posts = createDailyPosts({
      daily: service,
      engine: eng,
      posting: false,
      platform: 'discord',
    });
    expect(allText(await daily.execute(admin(), setArgs()))).toContain('DAILY_ENABLED=false');
  });
});
