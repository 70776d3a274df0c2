import { z } from 'zod';
import type { Sql } from './sql.ts';
import { type Clock, type Platform, platformSchema, systemClock } from './types.ts';

/**
 * What happened to a chat message the bot took up:
 * - `claimed`: a process is answering it now (or died doing so: it stays unanswered);
 * - `answered`: the answer is posted (`answer*` say where);
 * - `skipped`: nothing was posted (unsure and quiet, rate-limited, no longer a question…);
 * - `deleted`: the question was deleted (its answer too, once posted).
 */
export type AnsweredStatus = 'claimed' | 'answered' | 'skipped' | 'deleted';

/** Where a posted answer lives, for editing or deleting it later. */
export interface AnswerPlace {
  /** The channel (or thread channel) the answer was posted in. */
  channelId: string;
  /** The answer message's id (Slack: its ts). */
  messageId: string;
}

/** One chat message the bot took up, and its answer. */
export interface AnsweredMessage {
  platform: Platform;
  /** The question message's id (Slack: `channel:ts`). */
  messageId: string;
  /** The server ('' in a direct message). */
  guildId: string;
  /** Where the question was posted (a thread's own id when it was posted in one). */
  channelId: string;
  /** The channel whose /autoanswer settings applied (a thread's parent). */
  settingsChannelId: string;
  authorId: string;
  /** Why it was taken up: mention, direct, question, forum or thread. */
  trigger: string;
  status: AnsweredStatus;
  /**
   * The conversation the answer belongs to: the thread it was posted in (Discord: the thread's
   * channel id; Slack: `channel:thread_ts`), or the DM channel; null before it is posted.
   */
  threadKey: string | null;
  /** The bot opened that thread with this answer (a thread it started). */
  openedThread: boolean;
  answer: AnswerPlace | null;
  /** The stored question (RecentQuestions key) its buttons carry. */
  answerKey: string | null;
  humanAskedAt: string | null;
  createdAt: string;
  updatedAt: string;
  answeredAt: string | null;
}

/** What the message path knows when it claims a message. */
export interface ClaimInput {
  platform: Platform;
  messageId: string;
  guildId: string | null;
  channelId: string;
  settingsChannelId: string;
  authorId: string;
  trigger: string;
}

/** A posted answer, recorded against its question. */
export interface AnsweredInput {
  threadKey: string;
  openedThread: boolean;
  answer: AnswerPlace;
  answerKey: string | null;
}

const rowSchema = z.object({
  platform: platformSchema,
  message_id: z.string(),
  guild_id: z.string(),
  channel_id: z.string(),
  settings_channel_id: z.string(),
  author_id: z.string(),
  trigger: z.string(),
  status: z.enum(['claimed', 'answered', 'skipped', 'deleted']),
  thread_key: z.string().nullable(),
  opened_thread: z.union([z.literal(0), z.literal(1)]),
  answer_channel_id: z.string().nullable(),
  answer_id: z.string().nullable(),
  answer_key: z.string().nullable(),
  human_asked_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  answered_at: z.string().nullable(),
});

function toAnswered(row: unknown): AnsweredMessage {
  const r = rowSchema.parse(row);
  return {
    platform: r.platform,
    messageId: r.message_id,
    guildId: r.guild_id,
    channelId: r.channel_id,
    settingsChannelId: r.settings_channel_id,
    authorId: r.author_id,
    trigger: r.trigger,
    status: r.status,
    threadKey: r.thread_key,
    openedThread: r.opened_thread === 1,
    answer:
      r.answer_channel_id !== null && r.answer_id !== null
        ? { channelId: r.answer_channel_id, messageId: r.answer_id }
        : null,
    answerKey: r.answer_key,
    humanAskedAt: r.human_asked_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    answeredAt: r.answered_at,
  };
}

/** How long rows are kept: edits, deletes and thread replies older than this are not followed. */
export const ANSWERED_KEEP_DAYS = 30;
const PRUNE_EVERY_MS = 3_600_000;

/**
 * Chat messages the bot took up (migration 7). `claim` is the one place a message becomes the
 * bot's to answer: a unique key (platform, message id) inserted or not, so a message delivered
 * twice (a gateway replay, a Slack retry, two processes on one database) is answered once.
 */
export class AnsweredMessageRepository {
  private lastPrune = 0;
  constructor(
    private readonly db: Sql,
    private readonly clock: Clock = systemClock,
    private readonly keepDays = ANSWERED_KEEP_DAYS,
  ) {}

  /** True when this call claimed the message; false when it was taken up before. */
  async claim(input: ClaimInput): Promise<boolean> {
    const now = this.clock();
    await this.pruneNow(now);
    const changes = await this.db.run(
      `INSERT INTO answered_messages (platform, message_id, guild_id, channel_id,
         settings_channel_id, author_id, trigger, status, created_at, updated_at)
       VALUES (@platform, @messageId, @guildId, @channelId, @settingsChannelId, @authorId,
         @trigger, 'claimed', @now, @now)
       ON CONFLICT (platform, message_id) DO NOTHING`,
      {
        platform: input.platform,
        messageId: input.messageId,
        guildId: input.guildId ?? '',
        channelId: input.channelId,
        settingsChannelId: input.settingsChannelId,
        authorId: input.authorId,
        trigger: input.trigger,
        now: now.toISOString(),
      },
    );
    return changes > 0;
  }

  /**
   * Records the posted answer. Resolves false when the question was deleted meanwhile (the
   * caller then deletes the answer it just posted).
   */
  async answered(platform: Platform, messageId: string, input: AnsweredInput): Promise<boolean> {
    const now = this.clock().toISOString();
    const changes = await this.db.run(
      `UPDATE answered_messages SET status = 'answered', thread_key = @threadKey,
         opened_thread = @opened, answer_channel_id = @answerChannelId, answer_id = @answerId,
         answer_key = @answerKey, answered_at = @now, updated_at = @now
       WHERE platform = @platform AND message_id = @messageId AND status <> 'deleted'`,
      {
        platform,
        messageId,
        threadKey: input.threadKey,
        opened: input.openedThread ? 1 : 0,
        answerChannelId: input.answer.channelId,
        answerId: input.answer.messageId,
        answerKey: input.answerKey,
        now,
      },
    );
    return changes > 0;
  }

  /** An edit replaced the answer's content (and its buttons' stored question). */
  async reanswered(platform: Platform, messageId: string, answerKey: string | null): Promise<void> {
    await this.db.run(
      `UPDATE answered_messages SET answer_key = @answerKey, updated_at = @now
       WHERE platform = @platform AND message_id = @messageId`,
      { platform, messageId, answerKey, now: this.clock().toISOString() },
    );
  }

  /** Nothing was posted (or the answer was withdrawn after an edit). */
  async skipped(platform: Platform, messageId: string): Promise<void> {
    await this.db.run(
      `UPDATE answered_messages SET status = 'skipped', updated_at = @now
       WHERE platform = @platform AND message_id = @messageId AND status <> 'deleted'`,
      { platform, messageId, now: this.clock().toISOString() },
    );
  }

  /**
   * The question was deleted: marks it (an answer still being written is deleted once posted)
   * and returns the row as it was, or null when the bot never took it up.
   */
  async deleted(platform: Platform, messageId: string): Promise<AnsweredMessage | null> {
    const before = await this.get(platform, messageId);
    if (!before || before.status === 'deleted') return null;
    await this.db.run(
      `UPDATE answered_messages SET status = 'deleted', updated_at = @now
       WHERE platform = @platform AND message_id = @messageId`,
      { platform, messageId, now: this.clock().toISOString() },
    );
    return before;
  }

  async get(platform: Platform, messageId: string): Promise<AnsweredMessage | null> {
    const row = await this.db.get(
      'SELECT * FROM answered_messages WHERE platform = @platform AND message_id = @messageId',
      { platform, messageId },
    );
    return row === undefined ? null : toAnswered(row);
  }

  /** The answered message whose buttons carry `answerKey`. */
  async byAnswerKey(answerKey: string): Promise<AnsweredMessage | null> {
    const row = await this.db.get('SELECT * FROM answered_messages WHERE answer_key = @answerKey', {
      answerKey,
    });
    return row === undefined ? null : toAnswered(row);
  }

  /** Whether the bot opened this thread with one of its answers (and the answer still stands). */
  async openedThread(platform: Platform, threadKey: string): Promise<boolean> {
    const row = await this.db.get(
      `SELECT 1 AS one FROM answered_messages
       WHERE platform = @platform AND thread_key = @threadKey AND opened_thread = 1
         AND status = 'answered'
       LIMIT 1`,
      { platform, threadKey },
    );
    return row !== undefined;
  }

  /** Marks that a human was asked for; true for the first press only. */
  async claimHumanCall(answerKey: string): Promise<boolean> {
    const changes = await this.db.run(
      `UPDATE answered_messages SET human_asked_at = @now, updated_at = @now
       WHERE answer_key = @answerKey AND human_asked_at IS NULL`,
      { answerKey, now: this.clock().toISOString() },
    );
    return changes > 0;
  }

  /** Drops rows older than the keep period; returns how many. */
  prune(): Promise<number> {
    const cutoff = new Date(this.clock().getTime() - this.keepDays * 86_400_000).toISOString();
    return this.db.run('DELETE FROM answered_messages WHERE created_at < @cutoff', { cutoff });
  }

  private async pruneNow(now: Date): Promise<void> {
    if (now.getTime() - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now.getTime();
    await this.prune();
  }
}
