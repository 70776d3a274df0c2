/**
 * THE one place a chat message (a mention, a direct message, a question in a channel a moderator
 * enabled, a forum post, a reply in the bot's thread) becomes an answer. Every platform's message
 * path comes here, through the interaction core (src/interactions/messages.ts).
 *
 * For now it asks the text alone, through the same path `/ask` uses (commands/ask.ts
 * `answerReply`), so a message and `/ask` give the same answer. `turn.thread` names the
 * conversation the turn belongs to: the follow-up module (issue 17, item 3) reads the turn with
 * that thread's earlier turns here, and nowhere else.
 */
import { answerReply } from '../../commands/ask.ts';
import type { CommandContext, RecentQuestions } from '../../commands/types.ts';
import type { Engine } from '../answer/engine.ts';
import type { Reply } from '../answer/reply.ts';
import type { Answer } from '../answer/types.ts';

/** Why the bot takes a message up. */
export type MessageTrigger = 'mention' | 'direct' | 'question' | 'forum' | 'thread';

/** One turn of a chat conversation, as every platform describes it. */
export interface ChatTurn {
  platform: string;
  /** The server (Discord guild, Slack workspace); null in a direct message. */
  guildOrTeam: string | null;
  /** Where the message was posted. */
  channel: string;
  /**
   * The conversation it belongs to (Discord: the thread's channel id; Slack: `channel:thread_ts`);
   * null for a message not in a thread yet (its answer opens one).
   */
  thread: string | null;
  author: { id: string; name: string };
  /** What was asked, with the bot's mention taken out. */
  text: string;
  mode: MessageTrigger;
}

/** What the engine said, and the reply built from it as `/ask` builds it. */
export interface MessageAnswer {
  reply: Reply;
  /** The engine's Answer; null when the text never reached it (empty, or no keyword). */
  answer: Answer | null;
  /** The stored question behind the reply's buttons (RecentQuestions), or null. */
  key: string | null;
}

/**
 * Answers one chat turn, publicly, as `/ask` would.
 * @example const { reply, answer } = await answerMessage(ctx, { platform: 'discord', guildOrTeam: 'g1', channel: 'c1', thread: null, author, text: 'What is an SRBM?', mode: 'mention' });
 */
export async function answerMessage(ctx: CommandContext, turn: ChatTurn): Promise<MessageAnswer> {
  let answer: Answer | null = null;
  let key: string | null = null;
  const engine: Engine = {
    ...ctx.engine,
    ask: (question, opts) => {
      answer = ctx.engine.ask(question, opts);
      return answer;
    },
  };
  const recent: RecentQuestions = {
    remember: async (entry) => {
      key = await ctx.services.recent.remember(entry);
      return key;
    },
    get: (k) => ctx.services.recent.get(k),
  };
  const reply = await answerReply(
    { ...ctx, engine, services: { ...ctx.services, recent } },
    turn.text,
    { visibility: 'public' },
  );
  return { reply, answer, key };
}
