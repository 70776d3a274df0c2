/**
 * Answers to chat messages over discord.js's REST client (its rate-limit queue, per route and
 * channel): a ChatOutbox that posts in the message's thread, in a thread made from the message, or
 * as a reply to it, and edits or deletes what it posted.
 */
import { DiscordAPIError, type REST, Routes } from 'discord.js';
import type { Logger } from 'pino';
import type { Reply } from '../../answer/reply.ts';
import type { ChatOutbox } from '../../interactions/chat-message.ts';
import { sanitize } from '../text.ts';
import { createMessageJson, editMessageJson } from './message-json.ts';
import { ChannelJson, RestMessage } from './message-schema.ts';
import { type RenderedMessage, renderReply } from './render.ts';
import { describeDiscordError } from './responder.ts';
import { truncate } from './text.ts';

/** Ours: threads made for answers archive after a day without messages. */
const THREAD_ARCHIVE_MINUTES = 1440;
const THREAD_NAME_MAX = 100;
/** "A thread has already been created for this message." */
const THREAD_EXISTS = 160004;

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
