/**
 * The daily post without a gateway (DISCORD_MODE=http, the shard manager): permissions computed
 * from REST reads before posting, the post itself with a nonce and no mentions, and Discord's
 * refusals mapped to permanent failures, all against the fake Discord's REST API.
 */
import { PermissionFlagsBits, REST } from 'discord.js';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { channelPermissions } from '../../../src/adapters/discord/channel-permissions.ts';
import { createRestSender } from '../../../src/adapters/discord/rest-sender.ts';
import type { Sender } from '../../../src/daily/sender.ts';
import {
  DEFAULT_PERMISSIONS,
  type FakeDiscord,
  startFakeDiscord,
} from '../../support/fake-discord/index.ts';

let fake: FakeDiscord;
let sender: Sender;

const reply = {
  kind: 'message' as const,
  visibility: 'private' as const,
  title: 'Fact of the day',
  blocks: [{ type: 'text' as const, spans: [{ text: '@everyone Iran launched missiles.' }] }],
  actions: [],
};

function everyone() {
  const role = fake.world.defaultGuild.roles.find((r) => r.id === fake.guildId);
  if (!role) throw new Error('no @everyone role');
  return role;
}

beforeAll(async () => {
  fake = await startFakeDiscord();
  const rest = new REST({ api: fake.restUrl, retries: 0 }).setToken(fake.token);
  sender = createRestSender(rest, pino({ level: 'silent' }));
});
afterAll(async () => {
  await fake?.close();
});
beforeEach(() => {
  everyone().permissions = DEFAULT_PERMISSIONS;
  fake.channel.permission_overwrites = [];
  fake.reset();
});

describe('createRestSender', () => {
  it('checks access from REST reads and posts once with a nonce, public, without mentions', async () => {
    expect(await sender.checkAccess(fake.channelId)).toEqual({ ok: true, embeds: true });
    const sent = await sender.send(fake.channelId, reply, 'discord:1:2024-03-05');
    expect(sent.ok).toBe(true);
    const posts = fake.requests((r) => r.route === '/channels/:channelId/messages');
    expect(posts).toHaveLength(1);
    const body = posts[0]?.body as Record<string, unknown>;
    expect(body).toMatchObject({
      nonce: 'discord:1:2024-03-05',
      enforce_nonce: true,
      allowed_mentions: { parse: [] },
    });
    expect(body.flags).toBeUndefined();
    expect(posts[0]?.headers.authorization).toBe(`Bot ${fake.token}`);
  });

  it('without Embed Links the post is text', async () => {
    everyone().permissions = (
      BigInt(DEFAULT_PERMISSIONS) & ~PermissionFlagsBits.EmbedLinks
    ).toString();
    expect(await sender.checkAccess(fake.channelId)).toEqual({ ok: true, embeds: false });
  });

  it('a channel that hides itself or refuses messages is a permanent failure, before any post', async () => {
    fake.channel.permission_overwrites = [
      { id: fake.guildId, type: 0, allow: '0', deny: PermissionFlagsBits.ViewChannel.toString() },
    ];
    expect(await sender.checkAccess(fake.channelId)).toEqual({
      ok: false,
      permanent: true,
      code: 50001,
      reason: 'missing permission: View Channel',
    });
    fake.channel.permission_overwrites = [
      { id: fake.guildId, type: 0, allow: '0', deny: PermissionFlagsBits.SendMessages.toString() },
    ];
    expect(await sender.checkAccess(fake.channelId)).toEqual({
      ok: false,
      permanent: true,
      code: 50013,
      reason: 'missing permission: Send Messages',
    });
    expect(fake.requests((r) => r.method === 'POST')).toEqual([]);
  });

  it('an unknown channel is permanent (10003)', async () => {
    const result = await sender.checkAccess('123456789012345678');
    expect(result).toMatchObject({ ok: false, permanent: true, code: 10003 });
  });
});

describe('channelPermissions', () => {
  const base = {
    guildId: 'g',
    ownerId: 'owner',
    roles: [
      {
        id: 'g',
        permissions: String(PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages),
      },
      { id: 'admin', permissions: String(PermissionFlagsBits.Administrator) },
      { id: 'mod', permissions: String(PermissionFlagsBits.ManageMessages) },
    ],
    member: { userId: 'u', roleIds: ['mod'] },
    overwrites: [],
  };
  const has = (bits: bigint, bit: bigint) => (bits & bit) === bit;

  it('owner and Administrator hold everything, overwrites or not', () => {
    const deny = [{ id: 'g', type: 0, allow: '0', deny: String(PermissionFlagsBits.ViewChannel) }];
    expect(
      has(
        channelPermissions({ ...base, ownerId: 'u', overwrites: deny }),
        PermissionFlagsBits.ViewChannel,
      ),
    ).toBe(true);
    const admin = { ...base, member: { userId: 'u', roleIds: ['admin'] }, overwrites: deny };
    expect(has(channelPermissions(admin), PermissionFlagsBits.ViewChannel)).toBe(true);
  });

  it('@everyone, then roles together, then the member: deny before allow at each step', () => {
    const V = PermissionFlagsBits.ViewChannel;
    const S = PermissionFlagsBits.SendMessages;
    const bits = channelPermissions({
      ...base,
      overwrites: [
        { id: 'g', type: 0, allow: '0', deny: String(V | S) },
        { id: 'mod', type: 0, allow: String(V), deny: '0' },
        { id: 'u', type: 1, allow: String(S), deny: '0' },
      ],
    });
    expect(has(bits, V)).toBe(true);
    expect(has(bits, S)).toBe(true);
    const denied = channelPermissions({
      ...base,
      overwrites: [{ id: 'u', type: 1, allow: '0', deny: String(S) }],
    });
    expect(has(denied, S)).toBe(false);
    expect(has(denied, PermissionFlagsBits.ManageMessages)).toBe(true);
  });
});
