/** startDiscord: login, the Client's options, bad tokens, RESUME after a drop (T-G1), lost access. */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { defineCommand } from '../../../commands/types.ts';
import { DiscordLoginError } from '../../../src/adapters/discord/client.ts';
import {
  type FakeDiscord,
  GatewayOp,
  startFakeDiscord,
  stringOption,
} from '../../support/fake-discord/index.ts';
import { callbackFor, type Harness, startAdapter, until } from './helpers.ts';

const ping = defineCommand({
  spec: {
    name: 'ping',
    description: 'Ping',
    kind: 'chat',
    options: [{ type: 'string', name: 'q', description: 'q' }],
  },
  execute: () => ({
    kind: 'message',
    visibility: 'public',
    blocks: [{ type: 'text', spans: [{ text: 'pong' }] }],
    actions: [],
  }),
});

describe('startDiscord', () => {
  let fake: FakeDiscord;
  let h: Harness;
  const lost: { kind: string; id: string }[] = [];
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    fake = await startFakeDiscord({ guilds: [{}, { name: 'Second' }] });
    h = await startAdapter(fake, [ping], { onAccessLost: (l) => lost.push(l) });
  });
  afterAll(async () => {
    await h?.stop();
    await fake?.close();
    process.off('unhandledRejection', onUnhandled);
    expect(unhandled).toEqual([]);
  });

  test('logs in with only the Guilds intent and no mentions by default', () => {
    const identify = fake.gatewayOps(GatewayOp.Identify);
    expect(identify).toHaveLength(1);
    expect(identify[0]?.d).toMatchObject({ token: fake.token, intents: 1 });
    expect(h.adapter.client.options.allowedMentions).toEqual({ parse: [], repliedUser: false });
    expect(h.adapter.client.guilds.cache.size).toBe(2);
    expect(h.logs.some((l) => l.msg === 'discord: ready')).toBe(true);
  });

  test('a dropped connection resumes (RESUME, not a second IDENTIFY) and interactions still work', async () => {
    fake.clearGatewayOps();
    await fake.dropConnection({ code: 4000 });
    await fake.waitForGatewayOp(GatewayOp.Resume, 5000);
    expect(fake.gatewayOps(GatewayOp.Identify)).toHaveLength(0);
    await until(() => h.logs.some((l) => l.msg === 'discord: shard resumed'), 3000, 'resume log');
    const payload = fake.sendChatInput('ping', [stringOption('q', 'x')]);
    expect((await callbackFor(fake, payload.id)).body).toMatchObject({
      type: 4,
      data: { embeds: [{ description: 'pong' }] },
    });
  });

  test('deleted channels and guilds are reported; a guild outage is not', async () => {
    const second = [...fake.world.guilds.values()][1];
    if (!second) throw new Error('no second guild');
    const channel = second.channels[0];
    fake.dispatch('CHANNEL_DELETE', channel);
    await until(() => lost.length === 1, 2000, 'channel delete');
    expect(lost[0]).toEqual({ kind: 'channel', id: channel?.id });

    fake.dispatch('GUILD_DELETE', { id: second.id, unavailable: true });
    await until(
      () => !(h.adapter.client.guilds.cache.get(second.id)?.available ?? false),
      2000,
      'outage',
    );
    expect(lost).toHaveLength(1);

    fake.dispatch('GUILD_DELETE', { id: fake.guildId });
    await until(() => lost.length === 2, 2000, 'guild delete');
    expect(lost[1]).toEqual({ kind: 'guild', id: fake.guildId });
  });
});

describe('login failures end with a clear error', () => {
  test('a bad token (401 from /gateway/bot) rejects with a DiscordLoginError', async () => {
    const fake = await startFakeDiscord();
    try {
      const error = await startAdapter(fake, [], { token: 'not-the-token' }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(DiscordLoginError);
      expect((error as Error).message).toBe(
        'Discord rejected the bot token (401 Unauthorized). Check DISCORD_TOKEN: copy it again from the Developer Portal (Bot → Reset Token).',
      );
      expect(fake.requests().map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
        'GET /gateway/bot 401',
      ]);
    } finally {
      await fake.close();
    }
  });

  test('an unreachable API rejects with "Could not connect"', async () => {
    const fake = await startFakeDiscord();
    // A port that refuses connections.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    try {
      const error = await startAdapter(fake, [], { apiUrl: `http://127.0.0.1:${port}/api` }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(DiscordLoginError);
      expect((error as Error).message).toContain(
        `Could not connect to Discord (http://127.0.0.1:${port}/api)`,
      );
    } finally {
      await fake.close();
    }
  });
});
