/**
 * The whole bot (startBot) against the fake Discord: the real discord.js Client, a temporary
 * SQLite file, the commands as registered, and one daily post through the real sender.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApplicationCommandOptionType, PermissionFlagsBits } from 'discord.js';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { commands } from '../commands/index.ts';
import { discordPlatformAdapter } from '../src/adapters/discord/launch.ts';
import { loadEngine } from '../src/answer/engine.ts';
import { type RunningBot, startBot } from '../src/bot.ts';
import { loadConfig } from '../src/config.ts';
import { landed, type MessageData } from './adapters/discord/helpers.ts';
import {
  DEFAULT_PERMISSIONS,
  type FakeDiscord,
  type RecordedRequest,
  startFakeDiscord,
  stringOption,
  subcommandOption,
} from './support/fake-discord/index.ts';

const POST_MESSAGE = '/channels/:channelId/messages';
const MANAGER = (BigInt(DEFAULT_PERMISSIONS) | PermissionFlagsBits.ManageGuild).toString();

let fake: FakeDiscord;
let dir: string;
let bot: RunningBot;
let exit: Promise<number>;
const stop = new AbortController();
/** The bot's clock: 08:00 in Berlin on a Tuesday. */
let now = new Date('2024-03-05T07:00:00Z');

type CallbackData = MessageData;

/**
 * The answer to an interaction as if it were the first response: the callback's own message, or,
 * when the bot deferred (a loaded machine's lagging loop defers at once), the edit or follow-up
 * that answered it (see landed).
 */
const callback = (interactionId: string) => landed(fake, interactionId);

const textOf = (d: CallbackData) =>
  [
    d.content ?? '',
    ...(d.embeds ?? []).map((e) => `${e.title ?? ''}\n${e.description ?? ''}`),
  ].join('\n');
const buttonsOf = (d: CallbackData) => (d.components ?? []).flatMap((r) => r.components ?? []);

beforeAll(async () => {
  fake = await startFakeDiscord();
  dir = mkdtempSync(join(tmpdir(), 'dossier-bot-'));
  const config = loadConfig(
    {
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.restUrl,
      DATABASE_PATH: join(dir, 'bot.db'),
      SNAPSHOT_DIR: 'off',
      DAILY_ENABLED: 'true',
    },
    { dotenv: false },
  );
  const engine = await loadEngine({ corpusDir: 'corpus', snapshotDir: null });
  let started: (b: RunningBot) => void = () => {};
  const ready = new Promise<RunningBot>((resolve) => {
    started = resolve;
  });
  exit = startBot(
    {
      config,
      logger: pino({ level: 'silent' }),
      engine,
      platforms: [discordPlatformAdapter({ token: fake.token, apiUrl: fake.restUrl, commands })],
    },
    { signal: stop.signal, clock: () => now, onStarted: started },
  );
  const early = exit.then((code) => {
    throw new Error(`bot exited early with ${code}`);
  });
  early.catch(() => {}); // only the race below cares; after a normal stop it is expected
  bot = await Promise.race([ready, early]);
});

afterAll(async () => {
  stop.abort();
  await exit.catch(() => 1);
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the bot through discord.js', () => {
  test('/fact answers with a cited fact and its buttons', async () => {
    const { id } = fake.sendChatInput('fact');
    const { type, data } = await callback(id);
    expect(type).toBe(4);
    expect(textOf(data)).toMatch(/¶\d+/);
    const ids = buttonsOf(data).map((b) => b.custom_id);
    expect(ids[0]).toMatch(/^source:open:[a-z0-9-]+#p\d+$/);
    expect(ids[1]).toMatch(/^fact:~[0-9a-z]{1,8}:$/u);
  });

  test('/timeline pages with buttons that update the message', async () => {
    const { id } = fake.sendChatInput('timeline');
    const { data } = await callback(id);
    expect(textOf(data)).toContain('1979');
    const later = buttonsOf(data).find((b) => b.label === 'Later');
    expect(later?.custom_id).toBe('timeline:1::');
    const message = fake.seedMessage({ content: 'timeline' });
    const press = fake.sendButton({ customId: later?.custom_id ?? '', message, ephemeral: true });
    const update = await callback(press.id);
    expect(update.type).toBe(7);
    expect(textOf(update.data)).toContain('March 2023');
  });

  test('/define SRBM', async () => {
    const { id } = fake.sendChatInput('define', [stringOption('term', 'SRBM')]);
    const { data } = await callback(id);
    expect(textOf(data)).toContain('short-range ballistic missile');
  });

  test('/daily set, then a tick posts once with a nonce and no mentions; a second tick posts nothing', async () => {
    const channelOption = {
      name: 'channel',
      type: ApplicationCommandOptionType.Channel,
      value: fake.channelId,
    } as const;
    const set = fake.sendChatInput(
      'daily',
      [
        subcommandOption('set', [
          channelOption,
          stringOption('time', '07:30'),
          stringOption('timezone', 'Europe/Berlin'),
        ]),
      ],
      { memberPermissions: MANAGER },
    );
    const reply = await callback(set.id);
    expect(textOf(reply.data)).toContain('Daily fact set');
    expect(await bot.daily.subscriptions.listEnabled()).toHaveLength(1);

    const before = fake.requests((r: RecordedRequest) => r.route === POST_MESSAGE).length;
    const first = await bot.daily.tick();
    expect(first.posted).toBe(1);
    const posts = fake.requests(
      (r: RecordedRequest) => r.route === POST_MESSAGE && r.method === 'POST',
    );
    expect(posts).toHaveLength(before + 1);
    const body = posts.at(-1)?.body as Record<string, unknown>;
    expect(body.nonce).toEqual(expect.any(String));
    expect(body.enforce_nonce).toBe(true);
    expect(body.allowed_mentions).toMatchObject({ parse: [] });
    expect(JSON.stringify(body)).toContain('Fact of the day');

    // "Ask about this" on the post answers privately (flags 64) with a cited passage
    const components = body.components as CallbackData['components'];
    const askButton = (components ?? [])
      .flatMap((r) => r.components ?? [])
      .find((b) => b.label === 'Ask about this');
    expect(askButton?.custom_id).toMatch(/^ask:about:/);
    const press = fake.sendButton({
      customId: askButton?.custom_id ?? '',
      message: fake.seedMessage({ content: 'post' }),
    });
    const answer = await callback(press.id);
    expect(answer.type).toBe(4);
    expect(answer.data.flags).toBe(64);
    expect(textOf(answer.data)).toMatch(/¶\d+/);

    const second = await bot.daily.tick();
    expect(second.posted).toBe(0);
    now = new Date('2024-03-05T20:00:00Z'); // later the same local day
    expect((await bot.daily.tick()).posted).toBe(0);
    expect(
      fake.requests((r: RecordedRequest) => r.route === POST_MESSAGE && r.method === 'POST'),
    ).toHaveLength(before + 1);
  });

  test('/daily set with another server’s channel is refused, as Discord’s API places it', async () => {
    const other = fake.world.addGuild({
      id: '100000000000000888',
      channels: [{ id: '200000000000000888' }],
    });
    const foreign = other.channels[0]?.id ?? '';
    fake.clearRequests();
    const set = fake.sendChatInput(
      'daily',
      [
        subcommandOption('set', [
          { name: 'channel', type: ApplicationCommandOptionType.Channel, value: foreign },
          stringOption('time', '07:30'),
          stringOption('timezone', 'Europe/Berlin'),
        ]),
      ],
      { memberPermissions: MANAGER },
    );
    const reply = await callback(set.id);
    expect(textOf(reply.data)).toContain('That channel is not in this server');
    expect(reply.data.flags).toBe(64);
    expect(
      fake.requests((r) => r.route === '/channels/:channelId').map((r) => r.params.channelId),
    ).toEqual([foreign]);
    expect(
      await bot.daily.subscriptions.get({ platform: 'discord', channelId: foreign }),
    ).toBeNull();
  });

  test('/daily is refused to a member without Manage Server', async () => {
    const { id } = fake.sendChatInput('daily', [subcommandOption('status')]);
    const { data } = await callback(id);
    expect(textOf(data)).toContain('Manage Server');
  });
});

describe('startBot', () => {
  test('a bad token is a one-line error', async () => {
    const bad = loadConfig(
      { DISCORD_TOKEN: 'not-a-token', DISCORD_API_URL: fake.restUrl, DATABASE_PATH: ':memory:' },
      { dotenv: false },
    );
    const engine = await loadEngine({ corpusDir: 'corpus', snapshotDir: null });
    const run = startBot({
      config: bad,
      logger: pino({ level: 'silent' }),
      engine,
      platforms: [discordPlatformAdapter({ token: 'not-a-token', apiUrl: fake.restUrl, commands })],
    });
    await expect(run).rejects.toThrow(/^[^\n]*token[^\n]*$/i);
  });

  test('stops with exit code 0', async () => {
    stop.abort();
    expect(await exit).toBe(0);
  });
});
