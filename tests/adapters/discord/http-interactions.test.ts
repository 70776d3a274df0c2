/**
 * Discord's HTTP interactions (DISCORD_MODE=http) through the whole bot: signed requests POSTed to
 * /discord/interactions on the bot's HTTP server by the fake Discord, first responses as HTTP
 * bodies applied to the fake's world, and edits through the fake's interaction webhook. No gateway
 * connection exists in these tests, so nothing can come from a gateway cache.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { commands } from '../../../commands/index.ts';
import { defineCommand } from '../../../commands/types.ts';
import type { RunningBot } from '../../../src/bot.ts';
import { engine } from '../../support/engine.ts';
import {
  autocompleteInteraction,
  buttonInteraction,
  chatInputInteraction,
  createSigner,
  DEFAULT_PERMISSIONS,
  type DeliverOptions,
  deliverInteraction,
  type FakeDiscord,
  type InteractionSigner,
  messageContextInteraction,
  type RecordedRequest,
  startFakeDiscord,
  stringOption,
  subcommandOption,
} from '../../support/fake-discord/index.ts';
import { captureLogger, type LogRecord, landed, ORIGINAL } from './helpers.ts';
import { type HttpBot, startHttpBot } from './http-bot.ts';

const MANAGER = (BigInt(DEFAULT_PERMISSIONS) | PermissionFlagsBits.ManageGuild).toString();

/**
 * A command whose answer waits until the test lets it go, so deferral never races a timer. The
 * gate is open from `release()` on, whether the command started before it (it was deferred after
 * 1.5 s) or after it (a loaded machine's lagging loop queued it and deferred it at once).
 */
let release: () => void = () => {};
const gate = new Promise<void>((resolve) => {
  release = resolve;
});
const slow = defineCommand({
  spec: { name: 'slow', description: 'Slow', kind: 'chat', options: [] },
  execute: async () => {
    await gate;
    return {
      kind: 'message',
      visibility: 'private',
      blocks: [{ type: 'text', spans: [{ text: 'slow answer' }] }],
      actions: [],
    };
  },
});

/**
 * The bot's clock for the signature window, injected and fixed (2026-01-01T00:00:00Z): every
 * request here is signed at this second unless a test says otherwise, so a request signed "301 s
 * ahead" is exactly that when checked, and nothing depends on when or how slowly the file runs.
 */
const NOW_S = 1_767_225_600;

let fake: FakeDiscord;
let signer: InteractionSigner;
let dir: string;
let bot: RunningBot;
let running: HttpBot;
let logs: LogRecord[];
let url: string;

interface Body {
  type?: number;
  data?: {
    content?: string;
    flags?: number;
    embeds?: { title?: string; description?: string }[];
    components?: { components?: { custom_id?: string; label?: string }[] }[];
    choices?: { name: string; value: string }[];
    allowed_mentions?: { parse: string[] };
  };
}

const textOf = (b: Body) =>
  [
    b.data?.content ?? '',
    ...(b.data?.embeds ?? []).map((e) => `${e.title ?? ''}\n${e.description ?? ''}`),
  ].join('\n');

/** Delivers a request signed at the bot's clock (NOW_S) unless `options` says otherwise. */
function post(payload: object, options: Partial<DeliverOptions> = {}) {
  return deliverInteraction(fake.world, fake.rest, url, payload as Record<string, unknown>, {
    signer,
    timestamp: String(NOW_S),
    ...options,
  });
}

/**
 * The answer an interaction showed, as if it were the first response: its HTTP response (type 4 or
 * 7), or, when the bot deferred it (a loaded machine's lagging loop defers at once), the edit or
 * follow-up that answered it through the webhook (see landed).
 */
async function answerTo(payload: { id: string }): Promise<Body> {
  const res = await post(payload);
  expect(res.status).toBe(200);
  const { type, data } = await landed(fake, payload.id);
  return { type, data: data as Body['data'] };
}

beforeAll(async () => {
  fake = await startFakeDiscord();
  signer = createSigner();
  dir = mkdtempSync(join(tmpdir(), 'dossier-http-'));
  const captured = captureLogger();
  logs = captured.records;
  running = await startHttpBot({
    fake,
    signer,
    databasePath: join(dir, 'bot.db'),
    engine: await engine(),
    logger: captured.logger,
    commands: [...commands, slow],
    wallClock: () => NOW_S * 1000,
  });
  bot = running.bot;
  url = running.url;
});

afterAll(async () => {
  await running?.stop();
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('request signatures', () => {
  const ping = () => ({ type: 1, id: '100000000000000001', application_id: fake.applicationId });

  test('a signed PING is answered {"type":1}', async () => {
    const res = await post(ping());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ type: 1 });
  });

  test('a signature by another key, or over another body, is refused with 401', async () => {
    const other = createSigner();
    expect((await post(ping(), { signer: other })).status).toBe(401);
    const timestamp = String(NOW_S);
    const forged = signer.sign(timestamp, JSON.stringify(ping()));
    const tampered = { ...ping(), id: '100000000000000002' };
    expect((await post(tampered, { timestamp, signature: forged })).status).toBe(401);
  });

  test('nothing is parsed before the signature: an unsigned non-JSON body gets 401, not 400', async () => {
    const res = await post({}, { rawBody: 'not json {', signature: 'ab'.repeat(64) });
    expect(res.status).toBe(401);
    // the same body correctly signed is parsed, and refused as what it is
    expect((await post({}, { rawBody: 'not json {' })).status).toBe(400);
  });

  test('missing headers are refused with 401', async () => {
    expect((await post(ping(), { signature: null })).status).toBe(401);
    expect((await post(ping(), { omitTimestamp: true })).status).toBe(401);
    expect((await post(ping(), { signature: 'zz' })).status).toBe(401);
  });

  test('a correctly signed request replayed from over 5 minutes ago (or ahead) is refused', async () => {
    expect((await post(ping(), { timestamp: String(NOW_S - 301) })).status).toBe(401);
    expect((await post(ping(), { timestamp: String(NOW_S + 301) })).status).toBe(401);
    expect((await post(ping(), { timestamp: String(NOW_S - 300) })).status).toBe(200);
    expect((await post(ping(), { timestamp: String(NOW_S + 300) })).status).toBe(200);
    const refused = logs.filter((l) => l.msg.includes('stale timestamp'));
    expect(refused.length).toBe(2);
  });
});

describe('interactions through the interaction core', () => {
  test('/ask is answered in the HTTP response itself (type 4), or in the edit of its deferral', async () => {
    const payload = chatInputInteraction(fake.context(), {
      name: 'ask',
      options: [stringOption('question', 'What is an SRBM?')],
    });
    const res = await post(payload);
    expect(res.status).toBe(200);
    const answer = await landed(fake, payload.id);
    expect(answer.type).toBe(4);
    expect(textOf({ data: answer.data as Body['data'] })).toMatch(/¶\d+/);
    expect(answer.data.allowed_mentions).toEqual({ parse: [], replied_user: false });
    // the HTTP response was the answer, or (deferred) a private placeholder
    expect(res.body).toMatchObject(
      answer.deferral ? { type: 5, data: { flags: 64 } } : { type: 4 },
    );
    // Discord accepted it as the first response, and nothing but the deferred answer followed
    const acks = fake.requests(
      (r) => r.params.id === payload.id && r.headers['x-fake-via'] === 'http-response',
    );
    expect(acks.map((r) => r.status)).toEqual([204]);
    expect(
      fake.requests((r) => r.params.token === payload.token && r.route !== acks[0]?.route),
    ).toEqual(answer.deferral ? [answer.request] : []);
  });

  test('a slow answer is deferred (type 5) and then edited through the webhook, without the bot token', async () => {
    const payload = chatInputInteraction(fake.context(), { name: 'slow' });
    const res = await post(payload);
    expect(res.body).toEqual({ type: 5, data: { flags: 64 } });
    release();
    const edit = await fake.waitForRequest(
      (r) => r.route === ORIGINAL && r.params.token === payload.token && r.method === 'PATCH',
      10_000,
    );
    expect(edit.status).toBe(200);
    expect(edit.params.messageId).toBe('@original');
    expect(edit.headers.authorization).toBeUndefined();
    expect(JSON.stringify(edit.body)).toContain('slow answer');
    expect(edit.body).toMatchObject({ allowed_mentions: { parse: [] } });
  });

  test('/timeline: its picture goes with the edit as multipart; "Later" updates the message', async () => {
    const payload = chatInputInteraction(fake.context(), { name: 'timeline' });
    const res = await post(payload);
    const first = res.body as Body;
    // a picture cannot ride on the HTTP response: acknowledged, then delivered by the edit
    expect(first.type).toBe(5);
    const edit = await fake.waitForRequest(
      (r) => r.route === ORIGINAL && r.params.token === payload.token && r.method === 'PATCH',
      10_000,
    );
    expect(edit.status).toBe(200);
    expect(edit.multipart?.files.map((f) => f.filename)).toEqual(['timeline.png']);
    const edited = JSON.stringify(edit.body);
    expect(edited).toContain('1979');
    const later = (edit.body as NonNullable<Body['data']>).components
      ?.flatMap((r) => r.components ?? [])
      .find((b) => b.label === 'Later');
    expect(later?.custom_id).toMatch(/^timeline:1:/);

    const message = fake.seedMessage({ content: 'timeline' });
    const press = buttonInteraction(fake.context(), {
      customId: later?.custom_id ?? '',
      message,
      ephemeral: true,
    });
    const pressed = await post(press);
    expect(pressed.status).toBe(200);
    const ack = pressed.body as Body;
    // the new page comes with its picture: a silent acknowledgement, then the message is edited
    expect(ack.type).toBe(6);
    const update = await fake.waitForRequest(
      (r) => r.route === ORIGINAL && r.params.token === press.token && r.method === 'PATCH',
      10_000,
    );
    expect(update.status).toBe(200);
    expect(JSON.stringify(update.body)).toContain('March 2023');
    expect(fake.world.messages.get(message.id)?.content ?? '').not.toBe('timeline');
  });

  test('a button without a picture is answered in the HTTP response (fact: → type 4)', async () => {
    const press = buttonInteraction(fake.context(), {
      customId: 'fact:',
      message: fake.seedMessage({ content: 'a fact' }),
    });
    const body = await answerTo(press);
    expect([4, 7]).toContain(body.type);
    expect(textOf(body)).toMatch(/¶\d+/);
  });

  test('autocomplete answers with choices in the HTTP response (type 8)', async () => {
    const payload = autocompleteInteraction(fake.context(), {
      name: 'source',
      options: [{ name: 'id', type: 3, value: 'p1', focused: true }],
    });
    const res = await post(payload);
    const body = res.body as Body;
    expect(body.type).toBe(8);
    expect(body.data?.choices?.length).toBeGreaterThan(0);
    expect(body.data?.choices?.length).toBeLessThanOrEqual(25);
  });

  test('a message command reads its target from data.resolved', async () => {
    const target = fake.seedMessage({ content: 'SRBM short-range ballistic missile range' });
    // the stored copy is gone: only the interaction's own data can provide the text
    fake.world.messages.delete(target.id);
    const payload = messageContextInteraction(fake.context(), { name: 'Find in sources', target });
    const body = await answerTo(payload);
    expect(body.type).toBe(4);
    expect(body.data?.flags).toBe(64);
    expect(textOf(body)).toContain('Passages related to that message');
  });

  test('/daily: permissions come from member.permissions', async () => {
    const status = chatInputInteraction(fake.context(), {
      name: 'daily',
      options: [subcommandOption('status')],
    });
    const refused = await answerTo(status);
    expect(refused.type).toBe(4);
    expect(textOf(refused)).toContain('Manage Server');

    const set = chatInputInteraction(fake.context({ memberPermissions: MANAGER }), {
      name: 'daily',
      options: [
        subcommandOption('set', [
          { name: 'channel', type: 7, value: fake.channelId },
          stringOption('time', '07:30'),
          stringOption('timezone', 'Europe/Berlin'),
        ]),
      ],
    });
    const accepted = await answerTo(set);
    expect(textOf(accepted)).toContain('Daily fact set');
    expect((await bot.daily.subscriptions.listEnabled()).map((s) => s.channelId)).toEqual([
      fake.channelId,
    ]);
  });

  test('/daily set refuses another server’s channel, as the signed data or Discord’s API says', async () => {
    const other = fake.world.addGuild({
      id: '100000000000000777',
      channels: [{ id: '200000000000000777' }],
    });
    const foreign = other.channels[0]?.id ?? '';
    const setIn = (channel: string, resolved?: Record<string, unknown>) =>
      chatInputInteraction(fake.context({ memberPermissions: MANAGER }), {
        name: 'daily',
        options: [
          subcommandOption('set', [
            { name: 'channel', type: 7, value: channel },
            stringOption('time', '08:00'),
            stringOption('timezone', 'Europe/Berlin'),
          ]),
        ],
        ...(resolved ? { resolved: { channels: resolved } as never } : {}),
      });
    fake.clearRequests();
    // Discord resolved the channel with its server: no lookup needed
    const said = await answerTo(
      setIn(foreign, {
        [foreign]: { id: foreign, name: 'x', type: 0, permissions: '0', guild_id: other.id },
      }),
    );
    expect(textOf(said)).toContain('That channel is not in this server');
    expect(fake.requests((r) => r.route === '/channels/:channelId')).toEqual([]);
    // resolved without its server (as Discord documents it): asked of the API
    const asked = await answerTo(
      setIn(foreign, { [foreign]: { id: foreign, name: 'x', type: 0, permissions: '0' } }),
    );
    expect(textOf(asked)).toContain('That channel is not in this server');
    expect(
      fake.requests((r) => r.route === '/channels/:channelId').map((r) => r.params.channelId),
    ).toEqual([foreign]);
    const unknown = await answerTo(setIn('200000000000000778'));
    expect(textOf(unknown)).toContain('I cannot find that channel');
    expect(
      await bot.daily.subscriptions.get({ platform: 'discord', channelId: foreign }),
    ).toBeNull();
  });

  test('a signed body nested 1,000 deep is a 400 read without recursion, and the bot keeps serving', async () => {
    const deep = (n: number): object =>
      n === 0 ? { name: 'q', type: 3 } : { name: 'g', type: 2, options: [deep(n - 1)] };
    const payload = chatInputInteraction(fake.context(), { name: 'ask' }) as unknown as Record<
      string,
      Record<string, unknown>
    >;
    const text = JSON.stringify({ ...payload, data: { ...payload.data, options: [deep(1000)] } });
    const res = await post({}, { rawBody: text });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'JSON nested too deep' });
    expect((await post({ type: 1, id: '2', application_id: fake.applicationId })).status).toBe(200);
  });

  test('a signed interaction of an unknown shape is a 400, and the bot keeps serving', async () => {
    const res = await post({ type: 2, id: '1', application_id: fake.applicationId, token: 't' });
    expect(res.status).toBe(400);
    expect((await post({ type: 1, id: '2', application_id: fake.applicationId })).status).toBe(200);
  });

  test('no error was logged and every recorded message carries allowed_mentions parse []', () => {
    expect(logs.filter((l) => l.level >= 50)).toEqual([]);
    const bodies = fake
      .requests((r: RecordedRequest) => r.method === 'PATCH' || r.method === 'POST')
      .map((r) => r.body as Body & { allowed_mentions?: unknown })
      .filter((b) => b !== null && typeof b === 'object');
    for (const b of bodies) {
      const mentions = b.data?.allowed_mentions ?? b.allowed_mentions;
      if (b.data?.choices || b.type === 5 || b.type === 6) continue;
      expect(mentions).toMatchObject({ parse: [] });
    }
  });
});
