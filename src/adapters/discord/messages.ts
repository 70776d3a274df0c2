/**
 * Chat messages on the Discord gateway: MESSAGE_CREATE, MESSAGE_UPDATE, MESSAGE_DELETE(_BULK)
 * and THREAD_CREATE (a new forum post) read from the raw dispatches and parsed with zod (they
 * arrive over the network; message-schema.ts), described platform-neutrally for the interaction
 * core's message path, and answered through the ChatOutbox of outbox.ts. Every decision (whether
 * to answer, once, limits, confidence) is the core's.
 *
 * Raw dispatches rather than discord.js's Message objects: a DM or a deleted message that was
 * never cached would need partials, and only a few fields matter here.
 */
import { type Client, Events, GatewayDispatchEvents, Routes } from 'discord.js';
import type { Logger } from 'pino';
import type { ChatMessage } from '../../interactions/chat-message.ts';
import type { MessagePath } from '../../interactions/messages.ts';
import {
  ChannelJson,
  DeleteBulkJson,
  DeleteJson,
  HasContent,
  MessageJson,
  ThreadJson,
} from './message-schema.ts';
import { discordOutbox } from './outbox.ts';

/** Discord's channel types this module reads. */
const ChannelKind = { forum: 15, media: 16 } as const;
const THREAD_TYPES = new Set([10, 11, 12]);
/** Messages people write: a plain message and a reply (not joins, pins, thread notices…). */
const PERSON_MESSAGE_TYPES = new Set([0, 19]);

type ChannelInfo = { type: number; parentId: string | null; name: string };

export interface DiscordMessagesOptions {
  /** Attached before login; events before READY (no bot user yet) are ignored. */
  client: Client;
  path: MessagePath;
  logger: Logger;
}

/**
 * Listens to the gateway's message dispatches and hands them to the core's message path.
 * @example attachDiscordMessages({ client, path: core.messages, logger });
 */
export function attachDiscordMessages(options: DiscordMessagesOptions): () => void {
  const { client, path, logger } = options;
  const outbox = discordOutbox(client.rest, logger);
  let botId = '';
  /** Channels looked up over REST (not in discord.js's cache), kept briefly. */
  const looked = new Map<string, ChannelInfo | null>();

  async function channel(id: string): Promise<ChannelInfo | null> {
    const cached = client.channels.cache.get(id);
    if (cached) {
      return {
        type: cached.type,
        parentId: 'parentId' in cached ? (cached.parentId ?? null) : null,
        name: 'name' in cached && typeof cached.name === 'string' ? cached.name : '',
      };
    }
    if (looked.has(id)) return looked.get(id) ?? null;
    let info: ChannelInfo | null = null;
    try {
      const json = ChannelJson.parse(await client.rest.get(Routes.channel(id)));
      info = { type: json.type, parentId: json.parent_id ?? null, name: json.name ?? '' };
    } catch (error) {
      logger.warn({ err: error, channelId: id }, 'discord: could not look up a channel');
    }
    if (looked.size > 5000) looked.clear();
    looked.set(id, info);
    return info;
  }

  /** The text without the bot's own mention. */
  const strip = (content: string) =>
    content
      .replace(new RegExp(`<@!?${botId}>`, 'gu'), ' ')
      .replace(/\s+/gu, ' ')
      .trim();

  const isForum = (info: ChannelInfo | null) =>
    info !== null && (info.type === ChannelKind.forum || info.type === ChannelKind.media);

  /** A message as the core sees it; null for one it never answers. */
  async function describe(m: MessageJson): Promise<ChatMessage | null> {
    if (!PERSON_MESSAGE_TYPES.has(m.type)) return null;
    const direct = m.guild_id === undefined;
    const here = direct ? null : await channel(m.channel_id);
    const inThread = here !== null && THREAD_TYPES.has(here.type);
    const parent = inThread && here.parentId !== null ? await channel(here.parentId) : null;
    // A forum post's first message has the post's (the thread's) id.
    const post = inThread && m.id === m.channel_id && isForum(parent);
    const text = strip(m.content);
    const others =
      m.mention_everyone ||
      m.mention_roles.length > 0 ||
      [...m.content.matchAll(/<@!?(\d+)>/gu)].some((x) => x[1] !== botId);
    const replyTo = m.type === 19 ? (m.referenced_message?.author.id ?? null) : null;
    return {
      id: m.id,
      guildId: m.guild_id ?? null,
      channelId: m.channel_id,
      settingsChannelId: inThread && here.parentId !== null ? here.parentId : m.channel_id,
      threadKey: inThread ? m.channel_id : null,
      author: {
        id: m.author.id,
        name: m.member?.nick ?? m.author.global_name ?? m.author.username,
        bot:
          m.author.bot === true ||
          m.author.system === true ||
          m.webhook_id !== undefined ||
          m.author.id === botId,
      },
      text,
      title: post && here !== null ? here.name : null,
      mentioned:
        m.mentions.some((u) => u.id === botId) || new RegExp(`<@!?${botId}>`, 'u').test(m.content),
      direct,
      post,
      replyToOther: m.type === 19 && replyTo !== botId,
      mentionsOthers: others,
    };
  }

  async function onMessage(data: unknown, edited: boolean): Promise<void> {
    const parsed = MessageJson.safeParse(data);
    // an update without content or author (an embed unfurled) changes nothing asked
    if (!parsed.success) return;
    if (edited && !HasContent.safeParse(data).success) return;
    const message = await describe(parsed.data);
    if (!message) return;
    if (edited) await path.edited(message, outbox);
    else await path.received(message, outbox);
  }

  /** A new forum post: its title and first message, read over REST. */
  async function onThread(data: unknown): Promise<void> {
    const parsed = ThreadJson.safeParse(data);
    if (!parsed.success || parsed.data.newly_created !== true) return;
    const thread = parsed.data;
    if (thread.owner_id === botId || !thread.parent_id) return;
    if (!isForum(await channel(thread.parent_id))) return;
    let starter: unknown;
    try {
      starter = await client.rest.get(Routes.channelMessage(thread.id, thread.id));
    } catch (error) {
      logger.warn({ err: error, threadId: thread.id }, 'discord: could not read a forum post');
      return;
    }
    const m = MessageJson.safeParse(starter);
    if (!m.success) return;
    const guildId = m.data.guild_id ?? thread.guild_id;
    const message = await describe({
      ...m.data,
      ...(guildId === undefined ? {} : { guild_id: guildId }),
    });
    if (!message) return;
    await path.received(
      {
        ...message,
        post: true,
        threadKey: thread.id,
        settingsChannelId: thread.parent_id,
        title: thread.name,
      },
      outbox,
    );
  }

  const run = (what: string, work: () => Promise<void>) => {
    work().catch((error: unknown) =>
      logger.error({ err: error, what }, 'discord: message event failed'),
    );
  };

  const listener = (packet: { t?: unknown; d?: unknown }) => {
    const me = client.user?.id;
    if (me === undefined) return;
    botId = me;
    switch (packet.t) {
      case GatewayDispatchEvents.MessageCreate:
        run('message create', () => onMessage(packet.d, false));
        return;
      case GatewayDispatchEvents.MessageUpdate:
        run('message update', () => onMessage(packet.d, true));
        return;
      case GatewayDispatchEvents.MessageDelete: {
        const d = DeleteJson.safeParse(packet.d);
        if (d.success) run('message delete', () => path.deleted(d.data.id, outbox));
        return;
      }
      case GatewayDispatchEvents.MessageDeleteBulk: {
        const d = DeleteBulkJson.safeParse(packet.d);
        if (d.success)
          run('message delete bulk', async () => {
            for (const id of d.data.ids) await path.deleted(id, outbox);
          });
        return;
      }
      case GatewayDispatchEvents.ThreadCreate:
        run('thread create', () => onThread(packet.d));
        return;
      default:
    }
  };
  client.on(Events.Raw, listener);
  return () => {
    client.off(Events.Raw, listener);
  };
}
