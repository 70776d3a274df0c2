/**
 * What the bot posts for one chat message, worked out in its turn of the process's work queue:
 * the message is asked through `answerMessage`, then planned as its answer with the chat buttons
 * (/ask's, **Solved** / **Not helpful** for its votes, **Ask a human** where the channel names a
 * role), the unsure notice, a private note for the asker, or nothing. An unasked answer
 * (questions, forum) is posted only when `confidentEnough`; otherwise, where the moderator chose
 * `quiet:false`, "I found nothing in the documents for this", else nothing.
 */
import type { Logger } from 'pino';
import type { CommandContext } from '../../commands/types.ts';
import { buttonAction } from '../answer/buttons.ts';
import type { Engine, EngineSource } from '../answer/engine.ts';
import type { Action, MessageReply, Reply } from '../answer/reply.ts';
import type { ChatStore } from '../services/chat.ts';
import type { ChannelSettings } from '../storage/autoanswer.ts';
import type { Platform } from '../storage/types.ts';
import { answerMessage, type ChatTurn, type MessageTrigger } from './answer-message.ts';
import type { ChatMessage } from './chat-message.ts';
import { confidentEnough } from './confidence.ts';
import type { Caller } from './invocation.ts';
import { UNASKED } from './message-trigger.ts';
import type { InteractionMonitor, InteractionOutcome } from './monitor.ts';
import { isQuestionLike, isSmallTalk } from './question-like.ts';

/** Posted, where the moderator chose it, when an unasked question has no confident answer. */
export const NOTHING_FOUND = 'I found nothing in the documents for this.';

export interface PlanOptions {
  platform: Platform;
  /** Where the threads' conversations are kept (follow-ups are read with them). */
  store: ChatStore;
  engines: EngineSource;
  /** The work queue's admission (through the monitor); without one the work runs at once. */
  monitor?: InteractionMonitor | undefined;
  /** The command context for a caller (the core's, so services are scoped as for commands). */
  context(caller: Caller, logger: Logger, engine: Engine): CommandContext;
}

/** The vote buttons `/ask` puts on a public answer, which the chat answer's own replace. */
function isVote(action: Action): boolean {
  return action.id.startsWith('ask:up:') || action.id.startsWith('ask:down:');
}

const ALONE = { replyToOther: false, mentionsOthers: false };

/**
 * What a message asks. A forum post has a title and a first message: its title when the title is
 * the question ("How many drones…?"), else its message when that is one (a title like "Drones"
 * or "Help!" only adds noise), else both.
 * @example askedText({ …, title: 'Help!', text: 'How many drones did Iran send?' }) // 'How many drones did Iran send?'
 */
export function askedText(message: Pick<ChatMessage, 'title' | 'text'>): string {
  const { title, text } = message;
  if (title === null || title.trim() === '') return text;
  if (text === '') return title;
  if (isQuestionLike(title, ALONE)) return title;
  if (isQuestionLike(text, ALONE)) return text;
  return `${title}\n${text}`;
}

/** A chat answer's buttons: /ask's, its votes as Solved / Not helpful, and Ask a human. */
function chatButtons(actions: readonly Action[], key: string | null, human: boolean): Action[] {
  const out = actions.filter((a) => !isVote(a));
  if (key === null) return out;
  out.push(
    ...buttonAction(
      { command: 'autoanswer', action: 'other', arg: `solved:${key}` },
      { label: 'Solved', style: 'success', emoji: '✅' },
    ),
    ...buttonAction(
      { command: 'autoanswer', action: 'other', arg: `unhelpful:${key}` },
      { label: 'Not helpful', style: 'secondary', emoji: '👎' },
    ),
  );
  if (human)
    out.push(
      ...buttonAction(
        { command: 'autoanswer', action: 'other', arg: `human:${key}` },
        { label: 'Ask a human', style: 'primary', emoji: '🙋' },
      ),
    );
  return out;
}

function nothingFound(actions: Action[]): MessageReply {
  return {
    kind: 'message',
    visibility: 'public',
    blocks: [{ type: 'notice', tone: 'info', text: NOTHING_FOUND }],
    actions,
  };
}

/** What to post for one message, or null for nothing. */
export type Plan =
  | { kind: 'post'; reply: Reply }
  | { kind: 'tell'; reply: Reply }
  | { kind: 'none' };

/** The message's author as a caller, for the command context: no rights, no known language. */
function callerOf(message: ChatMessage): Caller {
  return {
    id: message.id,
    user: { id: message.author.id, name: message.author.name },
    place: { guildId: message.guildId, channelId: message.channelId },
    permissions: [],
    locale: null,
  };
}

/** Asks, and decides what to post: the answer, the unsure notice, a note, or nothing. */
async function plan(
  options: PlanOptions,
  message: ChatMessage,
  trigger: MessageTrigger,
  settings: ChannelSettings | null,
  logger: Logger,
  outcome: { value: InteractionOutcome },
  editOf?: ChatTurn['editOf'],
): Promise<{ plan: Plan; key: string | null }> {
  const { platform, store } = options;
  const engine = options.engines.current();
  const ctx = options.context(callerOf(message), logger, engine);
  const { reply, answer, key, help } = await answerMessage(
    ctx,
    {
      platform,
      guildOrTeam: message.guildId,
      channel: message.channelId,
      thread: message.threadKey,
      messageId: message.id,
      author: { id: message.author.id, name: message.author.name },
      text: askedText(message),
      mode: trigger,
      editOf,
    },
    store.conversations,
  );
  const human = settings?.humanRole != null && !message.direct;
  const unasked = UNASKED.has(trigger);
  // the help goes to the asker (a reply on Discord, seen only by them on Slack), never unasked
  if (help) return { plan: unasked ? { kind: 'none' } : { kind: 'tell', reply }, key };
  if (answer?.status === 'not_found') outcome.value = 'not_found';
  if (answer?.status === 'needs_keyword') outcome.value = 'needs_keyword';
  if (reply.kind === 'error') {
    if (outcome.value === 'answered') outcome.value = 'invalid';
    // "thanks!" in the bot's thread asks nothing: no "add a keyword" back
    const silent = unasked || (answer?.status === 'needs_keyword' && isSmallTalk(message.text));
    return { plan: silent ? { kind: 'none' } : { kind: 'tell', reply }, key };
  }
  if (unasked && (answer === null || !confidentEnough(answer))) {
    outcome.value = 'unsure';
    if (settings?.quiet !== false) return { plan: { kind: 'none' }, key };
    return { plan: { kind: 'post', reply: nothingFound(chatButtons([], key, human)) }, key };
  }
  return {
    plan: { kind: 'post', reply: { ...reply, actions: chatButtons(reply.actions, key, human) } },
    key,
  };
}

/**
 * Runs `work` (the engine's part: CPU) in its turn of the process's work queue, which every
 * platform's interactions share; null when it never ran (shed, or the bot is stopping). Posting
 * the answer happens after, outside the queue: a slot is never held while a platform's rate
 * limit makes a request wait.
 */
async function inTurn<T>(
  options: PlanOptions,
  work: () => Promise<T>,
  logger: Logger,
): Promise<{ value: T } | null> {
  const { platform, monitor } = options;
  // a chat answer has no 3-second window: it waits its turn, shed only past the queue's bound
  const admission = monitor?.admit?.({ patient: true });
  if (admission?.kind === 'shed') {
    logger.warn(`${platform}: work queue full; a chat message is left unanswered`);
    return null;
  }
  if (admission && !(await admission.started)) return null;
  try {
    return { value: await work() };
  } finally {
    admission?.done();
  }
}

/**
 * Asks, in its turn of the work queue, and decides what to post for `message`; null when it never
 * ran (shed, or the bot is stopping). `outcome` is set to what the engine said.
 * @example const turn = await planInTurn(options, message, 'mention', null, logger, outcome);
 */
export function planInTurn(
  options: PlanOptions,
  message: ChatMessage,
  trigger: MessageTrigger,
  settings: ChannelSettings | null,
  logger: Logger,
  outcome: { value: InteractionOutcome },
  editOf?: ChatTurn['editOf'],
): Promise<{ value: { plan: Plan; key: string | null } } | null> {
  return inTurn(
    options,
    () => plan(options, message, trigger, settings, logger, outcome, editOf),
    logger,
  );
}
