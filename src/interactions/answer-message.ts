/**
 * THE one place a chat message (a mention, a direct message, a question in a channel a moderator
 * enabled, a forum post, a reply in the bot's thread) becomes an answer. Every platform's message
 * path comes here, through the interaction core (src/interactions/messages.ts, message-plan.ts).
 *
 * A turn is read with its conversation (src/conversation): the thread's earlier turns, so "and
 * the drones?" after "What missiles did Iran send to Russia?" asks about Iran's drones, while a
 * complete new question is asked as typed. What the reading comes to is asked through the same
 * path `/ask` uses (commands/ask.ts `answerReply`), so a complete question gets the answer `/ask`
 * gives; then the turn is stored with what was shown. Without a conversation store (a bot run
 * without one) each message is read alone.
 */
import { answerReply } from '../../commands/ask.ts';
import { helpReply } from '../../commands/help.ts';
import type { CommandContext, RecentQuestions } from '../../commands/types.ts';
import type { Engine } from '../answer/engine.ts';
import type { Reply } from '../answer/reply.ts';
import type { Answer } from '../answer/types.ts';
import {
  askReading,
  type Conversations,
  type Reading,
  readTurn,
  threadKey,
} from '../conversation/index.ts';
import { asksForHelp } from '../language/small-talk.ts';

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
  /**
   * The message's id on its platform (Slack: `channel:ts`). A thread an answer opens is named
   * after it (see conversationKey), so it keys that thread's conversation.
   */
  messageId: string;
  author: { id: string; name: string };
  /** What was asked, with the bot's mention taken out. */
  text: string;
  mode: MessageTrigger;
  /**
   * When the message was first taken up, for an edit of a message answered before: the edit is
   * read with the turns before that (not with its own first wording).
   */
  editOf?: { takenAt: Date } | undefined;
}

/** What the engine said, and the reply built from it as `/ask` builds it. */
export interface MessageAnswer {
  reply: Reply;
  /** The engine's Answer; null when the text never reached it (empty, or no keyword). */
  answer: Answer | null;
  /** The stored question behind the reply's buttons (RecentQuestions), or null. */
  key: string | null;
  /** The message asked the bot for its help ("help", "what can you do?", a bare mention). */
  help: boolean;
}

/**
 * The conversation a turn belongs to: its thread; in a direct message outside a thread, the
 * direct conversation itself; otherwise the thread its answer opens, which both platforms name
 * after the message (a Discord thread made from a message has the message's id as its channel
 * id; a Slack thread's `thread_ts` is its first message's ts, and that message's id is
 * `channel:ts`, the key its replies carry). So a first message and the replies to its answer
 * share one key.
 * @example conversationKey({ platform: 'slack', guildOrTeam: 'T1', channel: 'C1', thread: null, messageId: 'C1:1.2', … }) // 'slack:T1:C1:1.2'
 */
export function conversationKey(
  turn: Pick<ChatTurn, 'platform' | 'guildOrTeam' | 'channel' | 'thread' | 'messageId' | 'mode'>,
): string {
  const thread = turn.thread ?? (turn.mode === 'direct' ? turn.channel : turn.messageId);
  return threadKey(turn.platform, turn.guildOrTeam ?? 'dm', thread);
}

/**
 * Answers one chat turn, publicly, as `/ask` would, read with its thread's conversation when
 * `conversations` is given (and the turn stored there after).
 * @example const { reply, answer } = await answerMessage(ctx, { platform: 'discord', guildOrTeam: 'g1', channel: 'c1', thread: null, messageId: 'm1', author, text: 'What is an SRBM?', mode: 'mention' }, conversations);
 */
export async function answerMessage(
  ctx: CommandContext,
  turn: ChatTurn,
  conversations?: Conversations | undefined,
): Promise<MessageAnswer> {
  // "@Dossier help", "what can you do?", "hi!", a bare mention: the help, not a passage that
  // happens to say "help"; no turn of the conversation either
  if (turn.text.trim() === '' || asksForHelp(turn.text))
    return { reply: helpReply(ctx), answer: null, key: null, help: true };
  let answer: Answer | null = null;
  let key: string | null = null;
  const conversation =
    conversations && turn.text.trim() !== ''
      ? { key: conversationKey(turn), ...(await read(conversations, ctx.engine, turn)) }
      : null;
  const question = conversation?.reading.question ?? turn.text;
  const engine: Engine = {
    ...ctx.engine,
    ask: (asked, opts) => {
      // the reading was asked already: the same question gets the same Answer, not asked twice
      const known =
        conversation && asked === question && opts?.docSlug === undefined
          ? conversation.answer
          : null;
      answer = known ?? ctx.engine.ask(asked, opts);
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
    question,
    { visibility: 'public' },
  );
  if (conversation && conversations)
    await conversations.record(
      conversation.key,
      turn.text,
      conversation.reading,
      answer ?? conversation.answer,
    );
  return { reply, answer, key, help: false };
}

/**
 * How the turn reads in its thread, and what that asks: with the thread's remembered turns, or,
 * for an edit, with those made before the message was first taken up.
 */
async function read(
  conversations: Conversations,
  engine: Engine,
  turn: ChatTurn,
): Promise<{ reading: Reading; answer: Answer }> {
  const key = conversationKey(turn);
  if (turn.editOf === undefined) return conversations.prepare(key, turn.text, { engine });
  const before = turn.editOf.takenAt.getTime();
  const earlier = (await conversations.turns(key)).filter((t) => t.at.getTime() < before);
  return askReading(readTurn(earlier, turn.text, engine), { engine });
}
