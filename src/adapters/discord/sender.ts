/**
 * The Discord side of the daily post: checks the bot's permissions in a channel from the cache
 * before posting (each refused request counts toward Discord's invalid-request ban) and posts with
 * a nonce so a retry after a crash returns the first message instead of posting twice.
 */
import { createHash } from 'node:crypto';
import {
  type Channel,
  type Client,
  DiscordAPIError,
  PermissionFlagsBits,
  type SendableChannels,
} from 'discord.js';
import type { Logger } from 'pino';
import type { MessageReply } from '../../answer/reply.ts';
import type {
  AccessResult,
  Sender,
  SendFailure,
  SendOptions,
  SendResult,
} from '../../daily/sender.ts';
import { NO_MENTIONS, renderReply } from './render.ts';

/**
 * Discord JSON error codes after which posting to the channel cannot succeed until someone acts,
 * so the daily service disables the subscription instead of retrying: Unknown Channel (10003),
 * Unknown Guild (10004), Cannot send in a forum channel (40058), Missing Access (50001), Cannot
 * send in a non-text channel (50008), Missing Permissions (50013), Archived thread (50083),
 * Thread locked (160005).
 */
export const PERMANENT_DISCORD_CODES: readonly number[] = [
  10003, 10004, 50001, 50013, 50008, 40058, 50083, 160005,
];

/** Discord's nonce is at most 25 characters; longer ones are hashed to a stable 25. */
export function discordNonce(nonce: string): string {
  if (nonce.length <= 25) return nonce;
  return createHash('sha256').update(nonce).digest('base64url').slice(0, 25);
}

/** Maps a thrown error to a SendFailure: Discord's permanent codes disable the subscription. */
export function failureOf(error: unknown): SendFailure {
  if (error instanceof DiscordAPIError) {
    const code = typeof error.code === 'number' ? error.code : undefined;
    return {
      ok: false,
      permanent: code !== undefined && PERMANENT_DISCORD_CODES.includes(code),
      code,
      reason: `${error.status} ${error.message}`,
    };
  }
  return {
    ok: false,
    permanent: false,
    reason: error instanceof Error ? error.message : String(error),
  };
}

type Resolved = { ok: true; channel: SendableChannels & Channel } | SendFailure;

const NAMES: [bigint, string][] = [
  [PermissionFlagsBits.ViewChannel, 'View Channel'],
  [PermissionFlagsBits.SendMessages, 'Send Messages'],
  [PermissionFlagsBits.SendMessagesInThreads, 'Send Messages in Threads'],
];

/**
 * Creates the daily-post Sender for a logged-in Client.
 * @example const sender = createDiscordSender(client, logger); await sender.checkAccess(channelId);
 */
export function createDiscordSender(client: Client, logger: Logger): Sender {
  async function resolve(channelId: string): Promise<Resolved> {
    let channel: Channel | null | undefined = client.channels.cache.get(channelId);
    if (!channel) {
      try {
        channel = await client.channels.fetch(channelId);
      } catch (error) {
        return failureOf(error);
      }
    }
    if (!channel) return { ok: false, permanent: true, code: 10003, reason: 'Unknown Channel' };
    if (!channel.isSendable() || channel.isDMBased()) {
      return {
        ok: false,
        permanent: true,
        code: 50008,
        reason: 'not a channel the bot can post in',
      };
    }
    return { ok: true, channel };
  }

  async function access(channelId: string): Promise<AccessResult & { channel?: SendableChannels }> {
    const resolved = await resolve(channelId);
    if (!resolved.ok) return resolved;
    const { channel } = resolved;
    if (channel.isDMBased()) return { ok: true, embeds: true, channel };
    if (channel.isThread() && channel.locked) {
      return { ok: false, permanent: true, code: 160005, reason: 'the thread is locked' };
    }
    const me = channel.guild.members.me;
    const perms = me ? channel.permissionsFor(me) : null;
    // Not cached yet (e.g. right after a reconnect): transient, the next tick tries again.
    if (!perms) return { ok: false, permanent: false, reason: 'bot permissions not cached yet' };
    const needed: bigint[] = [
      PermissionFlagsBits.ViewChannel,
      channel.isThread()
        ? PermissionFlagsBits.SendMessagesInThreads
        : PermissionFlagsBits.SendMessages,
    ];
    const missing = NAMES.filter(([bit]) => needed.includes(bit) && !perms.has(bit)).map(
      ([, n]) => n,
    );
    if (missing.length > 0) {
      return {
        ok: false,
        permanent: true,
        code: perms.has(PermissionFlagsBits.ViewChannel) ? 50013 : 50001,
        reason: `missing permission: ${missing.join(', ')}`,
      };
    }
    return { ok: true, embeds: perms.has(PermissionFlagsBits.EmbedLinks), channel };
  }

  return {
    async checkAccess(channelId) {
      try {
        const result = await access(channelId);
        return result.ok ? { ok: true, embeds: result.embeds } : result;
      } catch (error) {
        return failureOf(error);
      }
    },

    async send(
      channelId: string,
      reply: MessageReply,
      nonce: string,
      options?: SendOptions,
    ): Promise<SendResult> {
      try {
        const checked = await access(channelId);
        if (!checked.ok) return checked;
        const { channel } = checked;
        if (!channel) return { ok: false, permanent: false, reason: 'channel not resolved' };
        const embeds = (options?.embeds ?? true) && checked.embeds;
        // A channel post is seen by everyone; the reply's visibility only applies to interactions.
        const rendered = renderReply({ ...reply, visibility: 'public' }, { embeds });
        if (rendered.warnings.length > 0)
          logger.warn(
            { channelId, warnings: rendered.warnings },
            'discord: daily post adjusted to fit limits',
          );
        const message = await channel.send({
          ...(rendered.content === undefined ? {} : { content: rendered.content }),
          embeds: rendered.embeds,
          components: rendered.components,
          allowedMentions: NO_MENTIONS,
          nonce: discordNonce(nonce),
          enforceNonce: true,
        });
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
