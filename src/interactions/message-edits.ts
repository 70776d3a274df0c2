/**
 * A question changed after it was answered: a deleted question deletes its answer; an edit within
 * EDIT_WINDOW_MS of the answer is read again (with the thread as it was when first asked) and
 * updates the answer, or withdraws it when the edit is no longer addressed to the bot or has no
 * answer to post; later edits change nothing.
 */
import type { Logger } from 'pino';
import type { ChatMessage, ChatOutbox } from './chat-message.ts';
import type { Cooldown } from './cooldown.ts';
import { type PlanOptions, planInTurn } from './message-plan.ts';
import { type TriggerOptions, triggerOf } from './message-trigger.ts';
import type { InteractionOutcome } from './monitor.ts';

/** Ours: an edit this long after the answer no longer changes it. */
export const EDIT_WINDOW_MS = 5 * 60_000;

export interface EditOptions extends TriggerOptions, PlanOptions {
  /** The per-user question limit shared with `/ask`; null: none. */
  cooldown: Cooldown | null;
  logger: Logger;
  now: () => Date;
}

/**
 * An edited message: its answer, when posted within EDIT_WINDOW_MS, is updated, or withdrawn when
 * the edit leaves nothing to answer. An edit counts against the asker's question limit.
 */
export async function reviseAnswer(
  options: EditOptions,
  message: ChatMessage,
  outbox: ChatOutbox,
): Promise<void> {
  const { platform, store, now } = options;
  if (message.author.bot) return;
  const row = await store.answered.get(platform, message.id);
  if (row?.status !== 'answered' || !row.answer || row.answeredAt === null) return;
  if (now().getTime() - Date.parse(row.answeredAt) > EDIT_WINDOW_MS) return;
  if (options.cooldown && !options.cooldown.take(message.author.id).ok) return;
  const logger = options.logger.child({ platform, messageId: message.id, edited: true });
  const place = row.answer;
  const settings = message.direct ? null : await store.settings(message.settingsChannelId);
  // Read again as it is now: an edit that takes the question away withdraws the answer.
  const trigger = await triggerOf(options, message, settings);
  const withdraw = async () => {
    await outbox.remove(place);
    await store.answered.skipped(platform, message.id);
  };
  if (trigger === null) {
    await withdraw();
    return;
  }
  const outcome: { value: InteractionOutcome } = { value: 'answered' };
  // read with the thread as it was when the message was first asked, not with its first wording
  const editOf = { takenAt: new Date(row.createdAt) };
  const turn = await planInTurn(options, message, trigger, settings, logger, outcome, editOf);
  if (!turn) return;
  const { plan: what, key } = turn.value;
  if (what.kind !== 'post') {
    await withdraw();
    return;
  }
  if (await outbox.edit(place, what.reply))
    await store.answered.reanswered(platform, message.id, key);
}

/** A deleted message: its answer, if it has one, is deleted. */
export async function removeAnswer(
  options: Pick<EditOptions, 'platform' | 'store'>,
  messageId: string,
  outbox: ChatOutbox,
): Promise<void> {
  const { platform, store } = options;
  const row = await store.answered.deleted(platform, messageId);
  if (row?.answer) await outbox.remove(row.answer);
}
