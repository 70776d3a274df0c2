/** The daily-post Sender through the real Client: permissions from the cache, nonce, error codes (T-P1). */
import { ChannelType, PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { discordNonce } from '../../../src/adapters/discord/sender.ts';
import type { MessageReply } from '../../../src/answer/reply.ts';
import {
  type FakeDiscord,
  faults,
  snowflake,
  startFakeDiscord,
} from '../../support/fake-discord/index.ts';
import { type Harness, startAdapter, until } from './helpers.ts';

const CHANNEL_MESSAGES = '/channels/:channelId/messages';

const fact: MessageReply = {
  kind: 'message',
  visibility: 'private', // a channel post is public whatever the reply says
  title: 'Fact of the day',
  blocks: [{ type: 'text', spans: [{ text: 'Iran sent drones. @everyone' }] }],
  actions: [{ id: 'source:open:doc#p1', label: 'Read the passage', style: 'secondary' }],
  footer: 'doc#p1',
};

describe('Discord Sender', () => {
  let fake: FakeDiscord;
  let h: Harness;

  beforeAll(async () => {
    fake = await startFakeDiscord();
    h = await startAdapter(fake, []);
  });
  afterAll(async () => {
    await h?.stop();
    await fake?.close();
  });
  beforeEach(async () => {
    fake.reset();
    await setOverwrites(fake.channelId, 0n);
  });

  /** Deny `deny` to the bot in a channel via CHANNEL_UPDATE, as Discord would tell the client. */
  async function setOverwrites(channelId: string, deny: bigint): Promise<void> {
    const channel = fake.world.channels.get(channelId);
    if (!channel) throw new Error('no channel');
    const overwrites =
      deny === 0n
        ? []
        : [{ id: fake.applicationId, type: 1 as const, allow: '0', deny: deny.toString() }];
    fake.dispatch('CHANNEL_UPDATE', { ...channel, permission_overwrites: overwrites });
    await until(
      () => {
        const cached = h.adapter.client.channels.cache.get(channelId);
        return (
          cached !== undefined &&
          'permissionOverwrites' in cached &&
          cached.permissionOverwrites.cache.size === overwrites.length
        );
      },
      2000,
      'CHANNEL_UPDATE',
    );
  }

  test('full access: embeds allowed; the post carries nonce + enforce_nonce and no mentions', async () => {
    expect(await h.adapter.sender.checkAccess(fake.channelId)).toEqual({ ok: true, embeds: true });
    const first = await h.adapter.sender.send(fake.channelId, fact, 'daily:2024-05-01', {
      embeds: true,
    });
    expect(first).toEqual({ ok: true, messageId: expect.any(String) });
    const post = fake.requests((r) => r.route === CHANNEL_MESSAGES && r.method === 'POST')[0];
    expect(post?.body).toEqual({
      content: undefined,
      tts: false,
      nonce: 'daily:2024-05-01',
      enforce_nonce: true,
      embeds: [
        {
          title: 'Fact of the day',
          description: 'Iran sent drones. @\u200beveryone',
          footer: { text: 'doc#p1' },
        },
      ],
      components: [
        {
          type: 1,
          components: [
            { type: 2, style: 2, custom_id: 'source:open:doc#p1', label: 'Read the passage' },
          ],
        },
      ],
      allowed_mentions: { parse: [], replied_user: false },
      flags: undefined,
      message_reference: undefined,
      attachments: undefined,
      sticker_ids: undefined,
      thread_name: undefined,
      applied_tags: undefined,
      poll: undefined,
      shared_client_theme: undefined,
    });
    // A retry after a crash returns the same message instead of posting twice.
    const again = await h.adapter.sender.send(fake.channelId, fact, 'daily:2024-05-01');
    expect(again).toEqual(first);
    expect(
      fake.world.messagesIn(fake.channelId).filter((m) => m.nonce === 'daily:2024-05-01'),
    ).toHaveLength(1);
  });

  test('nonces longer than Discord’s 25 characters are hashed to a stable 25', async () => {
    const long = 'discord:123456789012345678:2024-05-01';
    expect(discordNonce(long)).toHaveLength(25);
    expect(discordNonce(long)).toBe(discordNonce(long));
    expect(discordNonce('short')).toBe('short');
    await h.adapter.sender.send(fake.channelId, fact, long);
    expect(fake.requests((r) => r.route === CHANNEL_MESSAGES)[0]?.body).toMatchObject({
      nonce: discordNonce(long),
      enforce_nonce: true,
    });
  });

  test('without Embed Links: access says so and the post is plain text', async () => {
    await setOverwrites(fake.channelId, PermissionFlagsBits.EmbedLinks);
    expect(await h.adapter.sender.checkAccess(fake.channelId)).toEqual({ ok: true, embeds: false });
    const result = await h.adapter.sender.send(fake.channelId, fact, 'n-plain');
    expect(result.ok).toBe(true);
    const body = fake.requests((r) => r.route === CHANNEL_MESSAGES)[0]?.body;
    expect(body).toMatchObject({
      content: '**Fact of the day**\n\nIran sent drones. @\u200beveryone\n\n-# doc#p1',
      embeds: [],
      allowed_mentions: { parse: [] },
    });
  });

  test.each([
    ['Send Messages', PermissionFlagsBits.SendMessages, 50013],
    ['View Channel', PermissionFlagsBits.ViewChannel, 50001],
  ])('missing %s: permanent failure and nothing is sent', async (name, bit, code) => {
    await setOverwrites(fake.channelId, bit);
    const access = await h.adapter.sender.checkAccess(fake.channelId);
    expect(access).toEqual({
      ok: false,
      permanent: true,
      code,
      reason: expect.stringContaining(name),
    });
    expect(await h.adapter.sender.send(fake.channelId, fact, 'n-denied')).toEqual(access);
    expect(fake.requests((r) => r.route === CHANNEL_MESSAGES)).toHaveLength(0);
  });

  test('an unknown channel is a permanent 10003', async () => {
    const result = await h.adapter.sender.checkAccess(snowflake());
    expect(result).toMatchObject({ ok: false, permanent: true, code: 10003 });
  });

  test('threads need Send Messages in Threads; a locked thread is permanent 160005', async () => {
    const threadId = snowflake();
    const thread = {
      id: threadId,
      type: ChannelType.PublicThread,
      guild_id: fake.guildId,
      parent_id: fake.channelId,
      name: 'daily',
      owner_id: fake.user.id,
      member_count: 1,
      message_count: 0,
      total_message_sent: 0,
      rate_limit_per_user: 0,
      flags: 0,
      thread_metadata: {
        archived: false,
        locked: false,
        auto_archive_duration: 1440,
        archive_timestamp: new Date().toISOString(),
      },
    };
    fake.dispatch('THREAD_CREATE', { ...thread, newly_created: true });
    await until(() => h.adapter.client.channels.cache.has(threadId), 2000, 'THREAD_CREATE');
    expect(await h.adapter.sender.checkAccess(threadId)).toEqual({ ok: true, embeds: true });

    await setOverwrites(fake.channelId, PermissionFlagsBits.SendMessagesInThreads);
    expect(await h.adapter.sender.checkAccess(threadId)).toMatchObject({
      ok: false,
      permanent: true,
      code: 50013,
      reason: expect.stringContaining('Threads'),
    });
    expect(await h.adapter.sender.checkAccess(fake.channelId)).toEqual({ ok: true, embeds: true });

    fake.dispatch('THREAD_UPDATE', {
      ...thread,
      thread_metadata: { ...thread.thread_metadata, locked: true },
    });
    await until(
      () => {
        const t = h.adapter.client.channels.cache.get(threadId);
        return t?.isThread() === true && t.locked === true;
      },
      2000,
      'THREAD_UPDATE',
    );
    expect(await h.adapter.sender.checkAccess(threadId)).toMatchObject({
      ok: false,
      permanent: true,
      code: 160005,
    });
  });

  test.each([10003, 10004, 50001, 50013, 50008, 40058, 50083, 160005])(
    'Discord error %i on the post is permanent',
    async (code) => {
      fake.injectFault({
        method: 'POST',
        route: CHANNEL_MESSAGES,
        response: faults.discord({
          status: code < 20000 ? 404 : 403,
          code,
          message: `error ${code}`,
        }),
      });
      const result = await h.adapter.sender.send(fake.channelId, fact, `n-${code}`);
      expect(result).toEqual({
        ok: false,
        permanent: true,
        code,
        reason: expect.stringContaining(`error ${code}`),
      });
      expect(h.logs.some((l) => l.code === code && l.msg === 'discord: daily post failed')).toBe(
        true,
      );
    },
  );

  test('other failures are transient (a 500 after retries, a 50035)', async () => {
    fake.injectFault({
      method: 'POST',
      route: CHANNEL_MESSAGES,
      times: Number.POSITIVE_INFINITY,
      response: faults.serverError(500),
    });
    const result = await h.adapter.sender.send(fake.channelId, fact, 'n-500');
    expect(result).toMatchObject({ ok: false, permanent: false });
    fake.clearFaults();
    fake.injectFault({
      method: 'POST',
      route: CHANNEL_MESSAGES,
      response: faults.discord({ status: 400, code: 50035, message: 'Invalid Form Body' }),
    });
    expect(await h.adapter.sender.send(fake.channelId, fact, 'n-50035')).toMatchObject({
      ok: false,
      permanent: false,
      code: 50035,
    });
  });
});
