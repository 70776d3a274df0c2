/**
 * Chat messages on the Discord gateway: MESSAGE_CREATE, MESSAGE_UPDATE, MESSAGE_DELETE(_BULK)
 * and THREAD_CREATE (a new forum post) read from the raw dispatches and parsed with zod (they
 * arrive over the network), described platform-neutrally for the interaction core's message path,
 * and answered through a ChatOutbox over discord.js's REST client (its rate-limit queue, per
 * route and channel). Every decision (whether to answer, once, limits, confidence) is the core's.
 *
 * Raw dispatches rather than discord.js's Message objects: a DM or a deleted message that was
 * never cached would need partials, and only a few fields matter here.
 */
import {
  type Client,
  DiscordAPIError,
  Events,
  GatewayDispatchEvents,
  type REST,
  Routes,
} from 'discord.js';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Reply } from '../../answer/reply.ts';
import type { ChatMessage, ChatOutbox } from '../../interactions/chat-message.ts';
import type { MessagePath } from '../../interactions/messages.ts';
import { sanitize } from '../text.ts';
import { createMessageJson, editMessageJson } from './message-json.ts';
import { type RenderedMessage, renderReply } from './render.ts';
import { describeDiscordError } from './responder.ts';
import { truncate } from './text.ts';

/** Discord's channel types this module reads. */
const ChannelKind = { forum: 15, media: 16 } as const;
const THREAD_TYPES = new Set([10, 11, 12]);
/** Messages people write: a plain message and a reply (not joins, pins, thread notices…). */
const PERSON_MESSAGE_TYPES = new Set([0, 19]);
/** Ours: threads made for answers archive after a day without messages. */
const THREAD_ARCHIVE_MINUTES = 1440;
const THREAD_NAME_MAX = 100;
/** "A thread has already been created for this message." */
const THREAD_EXISTS = 160004;

const User = z.object({
  id: z.string(),
  username: z.string().default(''),
  global_name: z.string().nullish(),
  bot: z.boolean().optional(),
  system: z.boolean().optional(),
});

const MessageJson = z.object({
  id: z.string(),
  channel_id: z.string(),
  guild_id: z.string().optional(),
  type: z.number().default(0),
  author: User,
  content: z.string().default(''),
  webhook_id: z.string().optional(),
  mentions: z.array(z.object({ id: z.string() })).default([]),
  mention_roles: z.array(z.string()).default([]),
  mention_everyone: z.boolean().default(false),
  message_reference: z.object({ message_id: z.string().optional() }).nullish(),
  referenced_message: z.object({ author: z.object({ id: z.string() }) }).nullish(),
  member: z.object({ nick: z.string().nullish() }).nullish(),
});
type MessageJson = z.infer<typeof MessageJson>;

const HasContent = z.object({ content: z.string() });
const DeleteJson = z.object({ id: z.string(), channel_id: z.string() });
const DeleteBulkJson = z.object({ ids: z.array(z.string()), channel_id: z.string() });
const ThreadJson = z.object({
  id: z.string(),
  guild_id: z.string().optional(),
  parent_id: z.string().nullish(),
  owner_id: z.string().optional(),
  name: z.string().default(''),
  type: z.number(),
  newly_created: z.boolean().optional(),
});
const ChannelJson = z.object({
  id: z.string(),
  type: z.number(),
  guild_id: z.string().nullish(),
  parent_id: z.string().nullish(),
  name: z.string().nullish(),
});
type ChannelInfo = { type: number; parentId: string | null; name: string };

const RestMessage = z.object({ id: z.string(), channel_id: z.string() });

export interface DiscordMessagesOptions {
  /** Attached before login; events before READY (no bot user yet) are ignored. */
  client: Client;
  path: MessagePath;
  logger: Logger;
}

/** A thread's name from a question: one line, no mentions, at most 100 characters. */
export function threadName(text: string): string {
  const line = sanitize(text)
    .replace(/<[@#][!&]?\d+>/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
  return line === '' ? 'Question' : truncate(line, THREAD_NAME_MAX);
}

/** A Reply as a channel message: rendered like an interaction's, never ephemeral. */
function channelMessage(reply: Reply, logger: Logger): ReturnType<typeof createMessageJson> {
  const rendered: RenderedMessage = renderReply(reply);
  if (rendered.warnings.length > 0)
    logger.warn({ warnings: rendered.warnings }, 'discord: answer adjusted to fit limits');
  const { flags: _ephemeral, ...body } = createMessageJson({ ...rendered, ephemeral: false });
  return body;
}

function codeOf(error: unknown): number | null {
  return error instanceof DiscordAPIError && typeof error.code === 'number' ? error.code : null;
}

/**
 * Answers through Discord's REST API: in the message's thread, in a thread made from the message
 * (named after it), or, in a DM or where threads cannot be made, as a reply to it.
 */
export function discordOutbox(rest: REST, logger: Logger): ChatOutbox {
  const fail = (what: string, error: unknown): null => {
    const { level, note } = describeDiscordError(error);
    logger[level]({ err: error, what }, `discord: ${what} failed: ${note}`);
    return null;
  };
  const send = async (
    channelId: string,
    reply: Reply,
    replyTo: string | null,
  ): Promise<string | null> => {
    try {
      const body = {
        ...channelMessage(reply, logger),
        ...(replyTo === null
          ? {}
          : { message_reference: { message_id: replyTo, fail_if_not_exists: false } }),
      };
      const sent = RestMessage.parse(await rest.post(Routes.channelMessages(channelId), { body }));
      return sent.id;
    } catch (error) {
      return fail('post answer', error);
    }
  };
  return {
    async post(message, reply) {
      if (message.direct || message.threadKey !== null) {
        // in a DM, or in the thread it was asked in (a forum post's first message is the post)
        const id = await send(message.channelId, reply, message.post ? null : message.id);
        return id === null
          ? null
          : {
              channelId: message.channelId,
              messageId: id,
              threadKey: message.threadKey ?? message.channelId,
              openedThread: message.post,
            };
      }
      let threadId: string | null = null;
      let opened = false;
      try {
        const thread = ChannelJson.parse(
          await rest.post(Routes.threads(message.channelId, message.id), {
            body: { name: threadName(message.text), auto_archive_duration: THREAD_ARCHIVE_MINUTES },
          }),
        );
        threadId = thread.id;
        opened = true;
      } catch (error) {
        // someone made one from this message already: it has the message's id
        if (codeOf(error) === THREAD_EXISTS) threadId = message.id;
        else
          logger.warn(
            { err: error, channelId: message.channelId },
            'discord: could not make a thread for the answer; replying in the channel',
          );
      }
      if (threadId !== null) {
        const id = await send(threadId, reply, null);
        return id === null
          ? null
          : { channelId: threadId, messageId: id, threadKey: threadId, openedThread: opened };
      }
      const id = await send(message.channelId, reply, message.id);
      return id === null
        ? null
        : {
            channelId: message.channelId,
            messageId: id,
            threadKey: message.channelId,
            openedThread: false,
          };
    },
    async tell(message, reply) {
      return (await send(message.channelId, reply, message.id)) !== null;
    },
    async edit(answer, reply) {
      try {
        const rendered = renderReply(reply);
        await rest.patch(Routes.channelMessage(answer.channelId, answer.messageId), {
          body: editMessageJson({ ...rendered, ephemeral: false }),
        });
        return true;
      } catch (error) {
        return fail('edit answer', error) !== null;
      }
    },
    async remove(answer) {
      try {
        await rest.delete(Routes.channelMessage(answer.channelId, answer.messageId));
        return true;
      } catch (error) {
        return fail('delete answer', error) !== null;
      }
    },
  };
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
