import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Sql } from './sql.ts';
import { type Clock, systemClock } from './types.ts';

/**
 * Where a stored question's buttons were made, and so where they work: the platform, the server
 * (null: a DM or the terminal) and, for a private answer, the one user they work for.
 */
export interface RecentScope {
  platform: string;
  guildId: string | null;
  /** Null: anyone in that place (a public answer's votes). */
  userId: string | null;
}

/** A question a button refers to (Share, 👍/👎, a timeline query too long for a button id). */
export interface RecentQuestion {
  question: string;
  docSlug?: string | undefined;
  passageIds: string[];
  userId: string;
  /** Null for questions stored before they had one: their buttons are refused, not trusted. */
  scope: RecentScope | null;
}

/**
 * Recent questions by short key, so a button id (≤ 100 characters) can refer to a question of up
 * to 300. Async because the store may be a database server. The interaction core hands commands
 * a view of it that stamps each question with the interaction's place and refuses a question
 * from another place (ButtonElsewhere).
 */
export interface RecentQuestions {
  /** Remembers a question and returns a short key (≤ 12 characters) for button ids. */
  remember(entry: RecentQuestion): Promise<string>;
  /** The question, or undefined when the key is unknown or expired. */
  get(key: string): Promise<RecentQuestion | undefined>;
}

/**
 * A button read a question stored for another platform, server or user (or before questions had
 * a place). The interaction core answers it with the stale-button reply.
 */
export class ButtonElsewhere extends Error {
  override readonly name = 'ButtonElsewhere';
  constructor(readonly key: string) {
    super(`recent questions: ${key} was stored for another place or user`);
  }
}

/**
 * Whether a question stored with `scope` may be read by `user` at `place` on `platform`.
 * @example inScope({ platform: 'discord', guildId: 'g1', userId: null }, 'discord', 'g1', 'u2') // true
 */
export function inScope(
  scope: RecentScope | null,
  platform: string,
  guildId: string | null,
  userId: string,
): boolean {
  return (
    scope !== null &&
    scope.platform === platform &&
    scope.guildId === guildId &&
    (scope.userId === null || scope.userId === userId)
  );
}

/** A key: 8 url-safe characters (48 random bits). */
export function newRecentKey(): string {
  return randomBytes(6).toString('base64url');
}

/** How long a button keeps working: a public answer is voted on for days, not minutes. */
export const RECENT_KEEP_DAYS = 30;
const PRUNE_EVERY_MS = 3_600_000;

const rowSchema = z.object({
  question: z.string(),
  doc_slug: z.string().nullable(),
  passage_ids: z.string(),
  user_id: z.string(),
  created_at: z.string(),
  platform: z.string().nullable(),
  guild_id: z.string().nullable(),
  bound_user_id: z.string().nullable(),
});
const idsSchema = z.array(z.string());

/**
 * Recent questions in the database (migrations 3 and 5): every process on the database sees every key,
 * and keys survive a restart. Rows older than RECENT_KEEP_DAYS are dropped (at most hourly) and
 * read as expired.
 */
export class RecentQuestionRepository implements RecentQuestions {
  private lastPrune = 0;
  constructor(
    private readonly db: Sql,
    private readonly clock: Clock = systemClock,
    private readonly keepDays = RECENT_KEEP_DAYS,
  ) {}

  async remember(entry: RecentQuestion): Promise<string> {
    const now = this.clock();
    await this.pruneNow(now);
    // 48 random bits: a collision is unlikely, but the key must never point at someone else's question.
    for (let attempt = 0; attempt < 5; attempt++) {
      const key = newRecentKey();
      const changes = await this.db.run(
        `INSERT INTO recent_questions
           (key, question, doc_slug, passage_ids, user_id, created_at, platform, guild_id, bound_user_id)
         VALUES (@key, @question, @docSlug, @passageIds, @userId, @createdAt, @platform, @guildId, @boundUserId)
         ON CONFLICT (key) DO NOTHING`,
        {
          key,
          question: entry.question,
          docSlug: entry.docSlug ?? null,
          passageIds: JSON.stringify(entry.passageIds),
          userId: entry.userId,
          createdAt: now.toISOString(),
          platform: entry.scope?.platform ?? null,
          guildId: entry.scope?.guildId ?? null,
          boundUserId: entry.scope?.userId ?? null,
        },
      );
      if (changes > 0) return key;
    }
    throw new Error('recent questions: no free key after 5 attempts');
  }

  async get(key: string): Promise<RecentQuestion | undefined> {
    const row = await this.db.get('SELECT * FROM recent_questions WHERE key = @key', { key });
    if (row === undefined) return undefined;
    const r = rowSchema.parse(row);
    if (Date.parse(r.created_at) < this.cutoff(this.clock())) return undefined;
    return {
      question: r.question,
      ...(r.doc_slug === null ? {} : { docSlug: r.doc_slug }),
      passageIds: idsSchema.parse(JSON.parse(r.passage_ids)),
      userId: r.user_id,
      scope:
        r.platform === null
          ? null
          : { platform: r.platform, guildId: r.guild_id, userId: r.bound_user_id },
    };
  }

  /** Drops expired rows; returns how many. */
  prune(): Promise<number> {
    return this.db.run('DELETE FROM recent_questions WHERE created_at < @cutoff', {
      cutoff: new Date(this.cutoff(this.clock())).toISOString(),
    });
  }

  private cutoff(now: Date): number {
    return now.getTime() - this.keepDays * 86_400_000;
  }

  private async pruneNow(now: Date): Promise<void> {
    if (now.getTime() - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now.getTime();
    await this.prune();
  }
}

/**
 * Recent questions in memory, for the terminal chat (no database there): least recently used
 * dropped past `capacity`, lost when the process ends.
 */
export class MemoryRecentQuestions implements RecentQuestions {
  private readonly entries = new Map<string, RecentQuestion>();
  constructor(private readonly capacity = 2000) {}

  async remember(entry: RecentQuestion): Promise<string> {
    let key = newRecentKey();
    while (this.entries.has(key)) key = newRecentKey();
    this.entries.set(key, entry);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return key;
  }

  async get(key: string): Promise<RecentQuestion | undefined> {
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }
}
