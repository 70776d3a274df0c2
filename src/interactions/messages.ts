/**
 * The message path of the interaction core: a chat message (a mention, a direct message, a
 * question in a channel a moderator enabled, a new forum post, a reply in the bot's thread) is
 * taken up here by the same rules on every platform, answered through `answerMessage`, and posted
 * by the adapter's ChatOutbox (chat-message.ts), in the message's thread, made when it has none.
 * Adapters only say what arrived; every decision is made here or in the module named:
 *
 * - never a bot, itself or a webhook (the adapter marks those `bot`);
 * - why it is answered (`MessageTrigger`), from the platform's rules and the channel's settings
 *   (message-trigger.ts);
 * - once: claimed in the database by (platform, message id) before anything is posted, so a
 *   message delivered twice, or to two processes sharing a database, is answered once;
 * - the per-user question limit shared with `/ask` (the core's Cooldown) and a per-channel limit;
 * - what is posted, worked out in the message's turn of the work queue (message-plan.ts):
 *   unasked answers (questions, forum) only when `confidentEnough`; otherwise, where the
 *   moderator chose `quiet:false`, "I found nothing in the documents for this", else silence;
 * - buttons: those of `/ask` with **Solved** / **Not helpful** for its votes, and **Ask a human**
 *   where the channel names a role (message-plan.ts);
 * - a deleted question deletes its answer; an edit within EDIT_WINDOW_MS of the answer updates it
 *   (message-edits.ts).
 *
 * Nothing here rejects: one bad message must not take the process down.
 */
import type { Logger } from 'pino';
import type { CommandContext } from '../../commands/types.ts';
import type { Engine, EngineSource } from '../answer/engine.ts';
import { errorReply } from '../answer/reply.ts';
import type { ChatStore } from '../services/chat.ts';
import type { Platform } from '../storage/types.ts';
import type { ChatMessage, ChatOutbox } from './chat-message.ts';
import { type Cooldown, createCooldown } from './cooldown.ts';
import type { Caller } from './invocation.ts';
import { removeAnswer, reviseAnswer } from './message-edits.ts';
import { planInTurn } from './message-plan.ts';
import { type MessageRules, triggerOf, UNASKED } from './message-trigger.ts';
import type { InteractionMonitor, InteractionOutcome } from './monitor.ts';

/** Ours: answers per channel per window (a flood of questions in one channel is not all answered). */
export const CHANNEL_LIMIT = { limit: 120, windowMs: 60_000 };

export interface MessagePathOptions {
  platform: Platform;
  rules: MessageRules;
  store: ChatStore;
  engines: EngineSource;
  logger: Logger;
  monitor?: InteractionMonitor | undefined;
  /** The per-user question limit shared with `/ask`; null: none. */
  cooldown: Cooldown | null;
  /** Per-channel limit; default CHANNEL_LIMIT; null: none. */
  channelCooldown?: Cooldown | null | undefined;
  now: () => Date;
  /** The command context for a caller (the core's, so services are scoped as for commands). */
  context(caller: Caller, logger: Logger, engine: Engine): CommandContext;
}

/** The message path a core serves (InteractionCore.messages). Never rejects. */
export interface MessagePath {
  readonly rules: MessageRules;
  received(message: ChatMessage, outbox: ChatOutbox): Promise<void>;
  /** An edited message: its answer, when posted within EDIT_WINDOW_MS, is updated or withdrawn. */
  edited(message: ChatMessage, outbox: ChatOutbox): Promise<void>;
  /** A deleted message: its answer is deleted. */
  deleted(messageId: string, outbox: ChatOutbox): Promise<void>;
}

/**
 * Builds the message path. The interaction core makes one per platform
 * (`createInteractionCore({ …, messages })`) and exposes it as `core.messages`.
 */
export function createMessagePath(options: MessagePathOptions): MessagePath {
  const { platform, rules, store, monitor } = options;
  const channelCooldown =
    options.channelCooldown === undefined ? createCooldown(CHANNEL_LIMIT) : options.channelCooldown;
  /** Messages this process has seen lately: a replayed event needs no database round trip. */
  const seen = new Set<string>();
  const SEEN_MAX = 20_000;
  const firstSight = (id: string): boolean => {
    if (seen.has(id)) return false;
    if (seen.size >= SEEN_MAX) seen.clear();
    seen.add(id);
    return true;
  };

  /** The per-user question limit (the one `/ask` counts against) and the channel's. */
  function limited(message: ChatMessage): 'user' | 'channel' | null {
    if (!message.direct && channelCooldown && !channelCooldown.take(message.settingsChannelId).ok)
      return 'channel';
    if (options.cooldown && !options.cooldown.take(message.author.id).ok) return 'user';
    return null;
  }

  function finish(
    logger: Logger,
    message: ChatMessage,
    trigger: string,
    started: number,
    outcome: InteractionOutcome,
  ): void {
    const seconds = (performance.now() - started) / 1000;
    logger.info(
      {
        kind: 'message',
        trigger,
        guild: message.guildId,
        latencyMs: Math.round(seconds * 1000),
        outcome,
        ...(monitor?.logQuestions ? { question: message.text } : {}),
      },
      'message',
    );
    try {
      monitor?.finished({
        platform,
        kind: 'message',
        command: trigger,
        guildId: message.guildId,
        seconds,
        outcome,
        question: true,
      });
    } catch (error) {
      logger.error({ err: error }, `${platform}: message bookkeeping failed`);
    }
  }

  async function take(message: ChatMessage, outbox: ChatOutbox): Promise<void> {
    if (message.author.bot) return;
    if (monitor && !monitor.accepting()) return;
    const settings = message.direct ? null : await store.settings(message.settingsChannelId);
    const trigger = await triggerOf(options, message, settings);
    if (trigger === null || !firstSight(message.id)) return;
    const logger = options.logger.child({
      platform,
      messageId: message.id,
      userId: message.author.id,
      trigger,
    });
    const claimed = await store.answered.claim({
      platform,
      messageId: message.id,
      guildId: message.guildId,
      channelId: message.channelId,
      settingsChannelId: message.settingsChannelId,
      authorId: message.author.id,
      trigger,
    });
    if (!claimed) {
      logger.debug(`${platform}: message already taken up`);
      return;
    }
    const started = performance.now();
    const outcome: { value: InteractionOutcome } = { value: 'answered' };
    const end = monitor?.begin();
    try {
      const limit = limited(message);
      if (limit !== null) {
        outcome.value = 'rate_limited';
        await store.answered.skipped(platform, message.id);
        if (limit === 'user' && !UNASKED.has(trigger))
          await outbox.tell(
            message,
            errorReply('You are asking quickly; please wait a few seconds and ask again.'),
          );
        return;
      }
      const turn = await planInTurn(options, message, trigger, settings, logger, outcome);
      if (!turn) {
        outcome.value = monitor && !monitor.accepting() ? 'restarting' : 'busy';
        await store.answered.skipped(platform, message.id);
        return;
      }
      const { plan: what, key } = turn.value;
      if (what.kind !== 'post') {
        await store.answered.skipped(platform, message.id);
        if (what.kind === 'tell') await outbox.tell(message, what.reply);
        return;
      }
      const posted = await outbox.post(message, what.reply);
      if (!posted) {
        outcome.value = 'undelivered';
        await store.answered.skipped(platform, message.id);
        return;
      }
      if (posted.openedThread && posted.threadKey !== message.id)
        logger.warn(
          { threadKey: posted.threadKey },
          `${platform}: the thread opened for an answer is not keyed by its message; replies there are read without it`,
        );
      const kept = await store.answered.answered(platform, message.id, {
        threadKey: posted.threadKey,
        openedThread: posted.openedThread,
        answer: { channelId: posted.channelId, messageId: posted.messageId },
        answerKey: key,
      });
      // deleted while it was being answered: the answer goes too
      if (!kept) await outbox.remove(posted);
    } catch (error) {
      outcome.value = 'error';
      logger.error({ err: error }, `${platform}: chat message handler failed`);
      await store.answered.skipped(platform, message.id).catch(() => undefined);
    } finally {
      end?.();
      finish(logger, message, trigger, started, outcome.value);
    }
  }

  return {
    rules,
    async received(message, outbox) {
      try {
        await take(message, outbox);
      } catch (error) {
        options.logger.error(
          { err: error, platform, messageId: message.id },
          `${platform}: chat message failed`,
        );
      }
    },
    async edited(message, outbox) {
      const end = monitor?.begin();
      try {
        await reviseAnswer(options, message, outbox);
      } catch (error) {
        options.logger.error(
          { err: error, platform, messageId: message.id },
          `${platform}: edited chat message failed`,
        );
      } finally {
        end?.();
      }
    },
    async deleted(messageId, outbox) {
      const end = monitor?.begin();
      try {
        await removeAnswer(options, messageId, outbox);
      } catch (error) {
        options.logger.error(
          { err: error, platform, messageId },
          `${platform}: deleted chat message failed`,
        );
      } finally {
        end?.();
      }
    },
  };
}
