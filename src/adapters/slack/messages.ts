/**
 * Chat messages on Slack: `app_mention`, `message.im` and channel messages (`message.channels`,
 * `message.groups`) from the Events API (HTTP, signed) or Socket Mode, parsed with zod (Bolt types
 * them by trust), described platform-neutrally for the interaction core's message path, and
 * answered in the message's thread (thread_ts) through the Web API. Edits (`message_changed`) and
 * deletes (`message_deleted`, or a tombstone left by a deleted thread parent) follow.
 *
 * Slack retries an event it thinks was not received (X-Slack-Retry-Num; Socket Mode re-sends the
 * envelope): events are deduplicated by `event_id` here (SeenEvents) and, across processes, by
 * the core's claim of the message.
 */
import type { App, webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Reply } from '../../answer/reply.ts';
import type { ChatMessage, ChatOutbox } from '../../interactions/chat-message.ts';
import type { MessagePath } from '../../interactions/messages.ts';
import { renderSlackMessage, type SlackMessage } from './render.ts';
import { slackErrorText } from './responder.ts';
import { plainMessageText } from './text.ts';

/**
 * Event ids seen lately, so a retried delivery is acknowledged and dropped. Bounded: the oldest
 * are forgotten past `max` (Slack retries within about an hour).
 */
export class SeenEvents {
  readonly #ids = new Set<string>();
  constructor(private readonly max = 10_000) {}

  has(id: string): boolean {
    return this.#ids.has(id);
  }

  /** True the first time `id` is seen. */
  add(id: string): boolean {
    if (this.#ids.has(id)) return false;
    this.#ids.add(id);
    if (this.#ids.size > this.max) {
      const oldest = this.#ids.values().next().value;
      if (oldest !== undefined) this.#ids.delete(oldest);
    }
    return true;
  }
}

const Inner = z.object({
  ts: z.string(),
  text: z.string().default(''),
  user: z.string().optional(),
  bot_id: z.string().optional(),
  subtype: z.string().optional(),
  thread_ts: z.string().optional(),
});

const MessageEvent = z.object({
  type: z.enum(['message', 'app_mention']),
  subtype: z.string().optional(),
  channel: z.string(),
  channel_type: z.string().optional(),
  user: z.string().optional(),
  bot_id: z.string().optional(),
  text: z.string().default(''),
  ts: z.string(),
  thread_ts: z.string().optional(),
  team: z.string().optional(),
  message: Inner.optional(),
  deleted_ts: z.string().optional(),
});
type MessageEvent = z.infer<typeof MessageEvent>;

const Envelope = z.object({
  event_id: z.string().optional(),
  team_id: z.string().optional(),
  event: MessageEvent,
});

const BotUser = z.object({ botUserId: z.string() });

/** Subtypes that are still a person writing (a file shared with a comment, a thread broadcast). */
const PERSON_SUBTYPES = new Set(['file_share', 'thread_broadcast']);

/** A Slack message's id for the core: ts is unique only within its channel. */
export const slackMessageId = (channel: string, ts: string) => `${channel}:${ts}`;

/** Where a reply to `message` goes on Slack: its thread, or (a DM) the conversation itself. */
function threadOf(message: ChatMessage): { channel: string; threadTs: string | null } {
  const [channel = message.channelId, ts = ''] = message.id.split(/:(?=[^:]*$)/u);
  const threadTs = message.threadKey?.slice(channel.length + 1) ?? null;
  if (threadTs !== null) return { channel, threadTs };
  return { channel, threadTs: message.direct ? null : ts };
}

/**
 * Answers through the Web API: chat.postMessage in the message's thread (a DM is answered in the
 * conversation), chat.postEphemeral for notes, chat.update and chat.delete for edits and deletes.
 */
export function slackOutbox(client: webApi.WebClient, logger: Logger): ChatOutbox {
  const render = (reply: Reply): SlackMessage => {
    const message = renderSlackMessage(reply, { pictures: 'alt' });
    if (message.warnings.length > 0)
      logger.warn({ warnings: message.warnings }, 'slack: answer adjusted to fit limits');
    return message;
  };
  const failed = (what: string, error: unknown) => {
    logger.warn({ err: error, reason: slackErrorText(error), what }, `slack: ${what} failed`);
  };
  return {
    async post(message, reply) {
      const { channel, threadTs } = threadOf(message);
      const rendered = render(reply);
      try {
        const sent = await client.chat.postMessage({
          channel,
          text: rendered.text,
          blocks: rendered.blocks,
          unfurl_links: false,
          unfurl_media: false,
          ...(threadTs === null ? {} : { thread_ts: threadTs }),
        });
        if (typeof sent.ts !== 'string') return null;
        return {
          channelId: channel,
          messageId: sent.ts,
          threadKey: threadTs === null ? channel : slackMessageId(channel, threadTs),
          openedThread: message.threadKey === null && threadTs !== null,
        };
      } catch (error) {
        failed('post answer', error);
        return null;
      }
    },
    async tell(message, reply) {
      const { channel, threadTs } = threadOf(message);
      const rendered = render(reply);
      try {
        await client.chat.postEphemeral({
          channel,
          user: message.author.id,
          text: rendered.text,
          blocks: rendered.blocks,
          ...(threadTs === null ? {} : { thread_ts: threadTs }),
        });
        return true;
      } catch (error) {
        failed('note', error);
        return false;
      }
    },
    async edit(answer, reply) {
      const rendered = render(reply);
      try {
        await client.chat.update({
          channel: answer.channelId,
          ts: answer.messageId,
          text: rendered.text,
          blocks: rendered.blocks,
        });
        return true;
      } catch (error) {
        failed('edit answer', error);
        return false;
      }
    },
    async remove(answer) {
      try {
        await client.chat.delete({ channel: answer.channelId, ts: answer.messageId });
        return true;
      } catch (error) {
        failed('delete answer', error);
        return false;
      }
    },
  };
}

export interface SlackMessagesOptions {
  app: App;
  path: MessagePath;
  logger: Logger;
  seen: SeenEvents;
}

/**
 * Registers the event listeners on the Bolt app (before it starts).
 * @example attachSlackMessages({ app, path: core.messages, logger, seen });
 */
export function attachSlackMessages(options: SlackMessagesOptions): void {
  const { app, path, logger, seen } = options;
  const outbox = slackOutbox(app.client, logger);

  /** A message as the core sees it; null for one that is nobody writing. */
  function describe(
    event: MessageEvent,
    inner: z.infer<typeof Inner> | MessageEvent,
    team: string | null,
    botUserId: string,
  ): ChatMessage | null {
    if (inner.subtype !== undefined && !PERSON_SUBTYPES.has(inner.subtype)) return null;
    const mine = `<@${botUserId}>`;
    const threaded = inner.thread_ts !== undefined && inner.thread_ts !== inner.ts;
    const raw = inner.text;
    return {
      id: slackMessageId(event.channel, inner.ts),
      guildId: team,
      channelId: event.channel,
      settingsChannelId: event.channel,
      threadKey: threaded ? slackMessageId(event.channel, inner.thread_ts ?? '') : null,
      author: {
        id: inner.user ?? '',
        name: inner.user ?? '',
        bot: inner.bot_id !== undefined || inner.user === undefined || inner.user === botUserId,
      },
      text: plainMessageText(raw.split(mine).join(' ')).replace(/\s+/gu, ' ').trim(),
      title: null,
      mentioned: event.type === 'app_mention' || raw.includes(mine),
      direct: event.channel_type === 'im',
      post: false,
      replyToOther: false,
      mentionsOthers: new RegExp(
        `<(?:@(?!${botUserId}>)|!(?:here|channel|everyone|subteam))`,
        'u',
      ).test(raw),
    };
  }

  async function onEvent(body: unknown, context: unknown): Promise<void> {
    const parsed = Envelope.safeParse(body);
    const bot = BotUser.safeParse(context);
    if (!parsed.success || !bot.success) return;
    const { event } = parsed.data;
    if (parsed.data.event_id !== undefined && !seen.add(parsed.data.event_id)) {
      logger.debug({ eventId: parsed.data.event_id }, 'slack: event delivered again; dropped');
      return;
    }
    const team = parsed.data.team_id ?? event.team ?? null;
    const botUserId = bot.data.botUserId;
    if (event.type === 'message' && event.subtype === 'message_deleted') {
      if (event.deleted_ts)
        await path.deleted(slackMessageId(event.channel, event.deleted_ts), outbox);
      return;
    }
    if (event.type === 'message' && event.subtype === 'message_changed') {
      const inner = event.message;
      if (!inner) return;
      // a deleted thread parent stays as a tombstone
      if (inner.subtype === 'tombstone') {
        await path.deleted(slackMessageId(event.channel, inner.ts), outbox);
        return;
      }
      const message = describe(event, inner, team, botUserId);
      if (message) await path.edited(message, outbox);
      return;
    }
    // In a channel a mention also arrives as app_mention: that one is answered, not both.
    if (
      event.type === 'message' &&
      event.channel_type !== 'im' &&
      event.text.includes(`<@${botUserId}>`)
    )
      return;
    const message = describe(event, event, team, botUserId);
    if (message) await path.received(message, outbox);
  }

  const listener = async ({ body, context }: { body: unknown; context: unknown }) => {
    try {
      await onEvent(body, context);
    } catch (error) {
      logger.error({ err: error }, 'slack: message event failed');
    }
  };
  app.event('app_mention', listener);
  app.event('message', listener);
}
