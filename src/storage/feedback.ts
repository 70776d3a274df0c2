import { z } from 'zod';
import type { Sql } from './sql.ts';
import { type Clock, type Platform, platformSchema, systemClock } from './types.ts';

export type VoteValue = 1 | -1;

export interface FeedbackVote {
  platform: Platform;
  /** The bot message voted on: one vote per user per message. */
  messageId: string;
  userId: string;
  question: string;
  /** Paragraph ids of the passages the answer cited, in order. */
  passageIds: string[];
  vote: VoteValue;
  createdAt: string;
  updatedAt: string;
}

export type FeedbackInput = Omit<FeedbackVote, 'createdAt' | 'updatedAt'>;

const passageIdsSchema = z.array(z.string());

const rowSchema = z.object({
  platform: platformSchema,
  message_id: z.string(),
  user_id: z.string(),
  question: z.string(),
  passage_ids: z.string(),
  vote: z.union([z.literal(1), z.literal(-1)]),
  created_at: z.string(),
  updated_at: z.string(),
});

function toVote(row: unknown): FeedbackVote {
  const r = rowSchema.parse(row);
  return {
    platform: r.platform,
    messageId: r.message_id,
    userId: r.user_id,
    question: r.question,
    passageIds: passageIdsSchema.parse(JSON.parse(r.passage_ids)),
    vote: r.vote,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

const tallyRow = z.object({ up: z.number(), down: z.number() });

/** 👍/👎 votes on answers, for evaluating retrieval. */
export class FeedbackRepository {
  constructor(
    private readonly db: Sql,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Records a vote; a user voting again on the same message changes their vote. */
  async vote(input: FeedbackInput): Promise<FeedbackVote> {
    if (input.vote !== 1 && input.vote !== -1) throw new RangeError('vote must be +1 or -1');
    const now = this.clock().toISOString();
    await this.db.run(
      `INSERT INTO feedback_votes (platform, message_id, user_id, question, passage_ids, vote,
         created_at, updated_at)
       VALUES (@platform, @messageId, @userId, @question, @passageIds, @vote, @now, @now)
       ON CONFLICT (platform, message_id, user_id) DO UPDATE SET
         vote = excluded.vote, question = excluded.question,
         passage_ids = excluded.passage_ids, updated_at = excluded.updated_at`,
      {
        platform: input.platform,
        messageId: input.messageId,
        userId: input.userId,
        question: input.question,
        passageIds: JSON.stringify(input.passageIds),
        vote: input.vote,
        now,
      },
    );
    const saved = await this.get(input.platform, input.messageId, input.userId);
    if (!saved) throw new Error('vote vanished right after upsert');
    return saved;
  }

  async get(platform: Platform, messageId: string, userId: string): Promise<FeedbackVote | null> {
    const row = await this.db.get(
      `SELECT * FROM feedback_votes
       WHERE platform = @platform AND message_id = @messageId AND user_id = @userId`,
      { platform, messageId, userId },
    );
    return row === undefined ? null : toVote(row);
  }

  /** Up and down counts for one message. */
  async tally(platform: Platform, messageId: string): Promise<{ up: number; down: number }> {
    const row = await this.db.get(
      `SELECT count(*) FILTER (WHERE vote = 1) AS up, count(*) FILTER (WHERE vote = -1) AS down
       FROM feedback_votes WHERE platform = @platform AND message_id = @messageId`,
      { platform, messageId },
    );
    return tallyRow.parse(row);
  }

  /** The most recent votes, newest first (optionally only 👎). */
  async recent(limit = 50, onlyNegative = false): Promise<FeedbackVote[]> {
    const rows = await this.db.all(
      `SELECT * FROM feedback_votes ${onlyNegative ? 'WHERE vote = -1' : ''}
       ORDER BY updated_at DESC LIMIT @limit`,
      { limit },
    );
    return rows.map(toVote);
  }
}
