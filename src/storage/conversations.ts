import { z } from 'zod';
import { TURN_TTL_MS } from '../conversation/conversations.ts';
import { type ConversationStore, TURN_KINDS, type Turn } from '../conversation/types.ts';
import type { Sql } from './sql.ts';

const PRUNE_EVERY_MS = 3_600_000;

const rowSchema = z.object({
  text: z.string(),
  question: z.string(),
  kind: z.enum(TURN_KINDS),
  reading: z.string(),
  short: z.string().nullable(),
  passage_ids: z.string(),
  created_at: z.string(),
});
const readingSchema = z.object({
  frame: z.string(),
  context: z.array(z.string()),
  own: z.array(z.string()),
});
const idsSchema = z.array(z.string());

/**
 * Conversations in the database (migration 6), one row per turn keyed by thread
 * (`platform:place:thread`): every instance on the database continues the same threads, and a
 * restart forgets nothing. A thread keeps its latest turns only (the `keep` Conversations asks
 * for), and rows older than `keepMs` are deleted (at most hourly, as turns are added).
 */
export class ConversationRepository implements ConversationStore {
  private lastPrune = 0;
  constructor(
    private readonly db: Sql,
    private readonly keepMs = TURN_TTL_MS,
  ) {}

  async turns(threadKey: string, since: Date, limit: number): Promise<Turn[]> {
    const rows = await this.db.all(
      `SELECT text, question, kind, reading, short, passage_ids, created_at
         FROM conversation_turns
        WHERE thread_key = @threadKey AND created_at >= @since
        ORDER BY id DESC
        LIMIT @limit`,
      { threadKey, since: since.toISOString(), limit: Math.max(0, Math.floor(limit)) },
    );
    return rows.map((row) => toTurn(rowSchema.parse(row))).reverse();
  }

  async add(threadKey: string, turn: Turn, keep: number): Promise<void> {
    await this.pruneNow(turn.at);
    await this.db.transaction(async (tx) => {
      await tx.run(
        `INSERT INTO conversation_turns
           (thread_key, text, question, kind, reading, short, passage_ids, created_at)
         VALUES (@threadKey, @text, @question, @kind, @reading, @short, @passageIds, @createdAt)`,
        {
          threadKey,
          text: turn.text,
          question: turn.question,
          kind: turn.kind,
          reading: JSON.stringify({ frame: turn.frame, context: turn.context, own: turn.own }),
          short: turn.short,
          passageIds: JSON.stringify(turn.passageIds),
          createdAt: turn.at.toISOString(),
        },
      );
      await tx.run(
        `DELETE FROM conversation_turns
          WHERE thread_key = @threadKey
            AND id NOT IN (SELECT id FROM conversation_turns WHERE thread_key = @threadKey
                            ORDER BY id DESC LIMIT @keep)`,
        { threadKey, keep: Math.max(0, Math.floor(keep)) },
      );
    });
  }

  async clear(threadKey: string): Promise<void> {
    await this.db.run('DELETE FROM conversation_turns WHERE thread_key = @threadKey', {
      threadKey,
    });
  }

  /** Deletes turns older than `keepMs` before `now`, in every thread; returns how many. */
  prune(now: Date): Promise<number> {
    return this.db.run('DELETE FROM conversation_turns WHERE created_at < @cutoff', {
      cutoff: new Date(now.getTime() - this.keepMs).toISOString(),
    });
  }

  private async pruneNow(now: Date): Promise<void> {
    if (Math.abs(now.getTime() - this.lastPrune) < PRUNE_EVERY_MS) return;
    this.lastPrune = now.getTime();
    await this.prune(now);
  }
}

function toTurn(r: z.infer<typeof rowSchema>): Turn {
  const reading = readingSchema.parse(JSON.parse(r.reading));
  return {
    text: r.text,
    question: r.question,
    kind: r.kind,
    ...reading,
    short: r.short,
    passageIds: idsSchema.parse(JSON.parse(r.passage_ids)),
    at: new Date(r.created_at),
  };
}
