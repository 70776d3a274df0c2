/**
 * The daily post through Discord's REST API alone, for processes without a gateway connection
 * (DISCORD_MODE=http, the shard manager): the bot's permissions in the channel are computed from
 * fresh REST reads before posting (each refused post counts toward Discord's invalid-request ban,
 * and a channel without Embed Links gets text), and the post carries a nonce with enforce_nonce so
 * a retry after a crash returns the first message instead of posting twice.
 */
import { ChannelType, PermissionFlagsBits, type REST, Routes } from 'discord.js';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { MessageReply } from '../../answer/reply.ts';
import type { AccessResult, Sender, SendResult } from '../../daily/sender.ts';
import { channelPermissions } from './channel-permissions.ts';
import { createMessageJson, uploadFiles } from './message-json.ts';
import { renderReply } from './render.ts';
import { discordNonce, failureOf } from './sender.ts';

const overwrites = z
  .array(z.object({ id: z.string(), type: z.number(), allow: z.string(), deny: z.string() }))
  .default([]);

const channelSchema = z.object({
  id: z.string(),
  type: z.number(),
  guild_id: z.string().optional(),
  parent_id: z.string().nullish(),
  permission_overwrites: overwrites,
  thread_metadata: z.object({ locked: z.boolean().optional() }).optional(),
});

const guildSchema = z.object({
  id: z.string(),
  owner_id: z.string(),
  roles: z.array(z.object({ id: z.string(), permissions: z.string() })),
});

const memberSchema = z.object({ roles: z.array(z.string()) });
const userSchema = z.object({ id: z.string() });
const messageSchema = z.object({ id: z.string() });

const THREADS: readonly number[] = [
  ChannelType.AnnouncementThread,
  ChannelType.PublicThread,
  ChannelType.PrivateThread,
];
/** Channels a bot can post in (text, announcement, text-in-voice and stage chat, threads). */
const SENDABLE: readonly number[] = [
  ChannelType.GuildText,
  ChannelType.GuildAnnouncement,
  ChannelType.GuildVoice,
  ChannelType.GuildStageVoice,
  ...THREADS,
];

const NAMES: [bigint, string][] = [
  [PermissionFlagsBits.ViewChannel, 'View Channel'],
  [PermissionFlagsBits.SendMessages, 'Send Messages'],
  [PermissionFlagsBits.SendMessagesInThreads, 'Send Messages in Threads'],
];

/**
 * A Sender over a REST client that carries the bot token.
 * @example const sender = createRestSender(new REST().setToken(token), logger);
 */
export function createRestSender(rest: REST, logger: Logger): Sender {
  let botId: Promise<string> | null = null;
  const me = (): Promise<string> => {
    botId ??= rest.get(Routes.user('@me')).then((u) => userSchema.parse(u).id);
    botId.catch(() => {
      botId = null;
    });
    return botId;
  };

  async function access(channelId: string): Promise<AccessResult> {
    const channel = channelSchema.parse(await rest.get(Routes.channel(channelId)));
    if (!SENDABLE.includes(channel.type) || channel.guild_id === undefined)
      return {
        ok: false,
        permanent: true,
        code: 50008,
        reason: 'not a channel the bot can post in',
      };
    const thread = THREADS.includes(channel.type);
    if (thread && channel.thread_metadata?.locked)
      return { ok: false, permanent: true, code: 160005, reason: 'the thread is locked' };
    // A thread takes its parent channel's overwrites.
    const source =
      thread && channel.parent_id
        ? channelSchema.parse(await rest.get(Routes.channel(channel.parent_id)))
        : channel;
    const [guild, member, userId] = await Promise.all([
      rest.get(Routes.guild(channel.guild_id)).then((g) => guildSchema.parse(g)),
      me().then(async (id) =>
        memberSchema.parse(await rest.get(Routes.guildMember(channel.guild_id ?? '', id))),
      ),
      me(),
    ]);
    const bits = channelPermissions({
      guildId: guild.id,
      ownerId: guild.owner_id,
      roles: guild.roles,
      member: { userId, roleIds: member.roles },
      overwrites: source.permission_overwrites,
    });
    const needed = [
      PermissionFlagsBits.ViewChannel,
      thread ? PermissionFlagsBits.SendMessagesInThreads : PermissionFlagsBits.SendMessages,
    ];
    const missing = NAMES.filter(([bit]) => needed.includes(bit) && (bits & bit) === 0n).map(
      ([, name]) => name,
    );
    if (missing.length > 0)
      return {
        ok: false,
        permanent: true,
        code: (bits & PermissionFlagsBits.ViewChannel) === 0n ? 50001 : 50013,
        reason: `missing permission: ${missing.join(', ')}`,
      };
    return { ok: true, embeds: (bits & PermissionFlagsBits.EmbedLinks) !== 0n };
  }

  return {
    async checkAccess(channelId) {
      try {
        return await access(channelId);
      } catch (error) {
        return failureOf(error);
      }
    },

    async send(
      channelId: string,
      reply: MessageReply,
      nonce: string,
      options,
    ): Promise<SendResult> {
      try {
        // A channel post is seen by everyone; the reply's visibility only applies to interactions.
        const rendered = renderReply(
          { ...reply, visibility: 'public' },
          { embeds: options?.embeds ?? true },
        );
        if (rendered.warnings.length > 0)
          logger.warn(
            { channelId, warnings: rendered.warnings },
            'discord: daily post adjusted to fit limits',
          );
        const files = uploadFiles(reply.attachments);
        const message = messageSchema.parse(
          await rest.post(Routes.channelMessages(channelId), {
            body: {
              ...createMessageJson(rendered, files),
              nonce: discordNonce(nonce),
              enforce_nonce: true,
            },
            files: files.map((f, i) => ({
              key: `files[${i}]`,
              name: f.name,
              data: f.data,
              contentType: f.contentType,
            })),
          }),
        );
        return { ok: true, messageId: message.id };
      } catch (error) {
        const failure = failureOf(error);
        logger.warn(
          { channelId, code: failure.code, permanent: failure.permanent, err: error },
          'discord: daily post failed',
        );
        return failure;
      }
    },
  };
}
