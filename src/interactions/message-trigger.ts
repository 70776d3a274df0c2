/**
 * Whether a chat message is addressed to the bot, and why (its MessageTrigger): from what the
 * platform lets the bot answer (its MessageRules), the channel's /autoanswer settings and the
 * message itself. A message without a trigger is left alone.
 */
import type { ChatStore } from '../services/chat.ts';
import type { ChannelSettings } from '../storage/autoanswer.ts';
import type { Platform } from '../storage/types.ts';
import type { MessageTrigger } from './answer-message.ts';
import type { ChatMessage } from './chat-message.ts';
import { isQuestionLike } from './question-like.ts';

/** What the platform lets the bot answer (its configuration). */
export interface MessageRules {
  /** Answer messages that mention the bot (in any channel). */
  mentions: boolean;
  /** Answer direct messages. */
  dms: boolean;
  /** In a thread the bot started, answer every reply ('all') or only mentions ('mention'). */
  threadReplies: 'mention' | 'all';
}

/** Nobody asked the bot: an answer is posted only when confident, and nothing is told privately. */
export const UNASKED: ReadonlySet<MessageTrigger> = new Set(['question', 'forum']);

export interface TriggerOptions {
  platform: Platform;
  rules: MessageRules;
  /** Where the threads the bot opened are recorded. */
  store: ChatStore;
}

/**
 * Why the bot takes `message` up, or null when it is not addressed to the bot; `settings` are
 * its channel's (null in a direct message or an unconfigured channel).
 */
export async function triggerOf(
  options: TriggerOptions,
  message: ChatMessage,
  settings: ChannelSettings | null,
): Promise<MessageTrigger | null> {
  const { platform, rules, store } = options;
  if (message.direct) return rules.dms ? 'direct' : null;
  // A configured channel answers mentions even where mentions are otherwise off.
  if (message.mentioned) return rules.mentions || settings !== null ? 'mention' : null;
  if (message.post) return settings?.mode === 'forum' ? 'forum' : null;
  if (message.threadKey !== null) {
    if (rules.threadReplies !== 'all') return null;
    return (await store.answered.openedThread(platform, message.threadKey)) ? 'thread' : null;
  }
  if (settings?.mode === 'questions' && isQuestionLike(message.text, message)) return 'question';
  return null;
}
