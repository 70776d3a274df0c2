import { z } from 'zod';
import type { Sql } from './sql.ts';
import { type Clock, systemClock } from './types.ts';

export interface UnansweredInput {
  question: string;
  /** Query terms the corpus had no match for. */
  missingTerms: string[];
  /** Where it was asked (a server id); gaps are reported per scope. Default: '' (no server). */
  scope?: string | null | undefined;
}

/** A group of questions the bot could not answer, for deciding which documents to add. */
export interface Gap {
  normalized: string;
  count: number;
  lastAsked: string;
  /** The most recent raw wording. */
  example: string;
  /** Missing terms of the most recent ask. */
  missingTerms: string[];
}

/**
 * Groups questions that differ only in case, punctuation, Unicode compatibility forms and
 * spacing ("What is an SRBM?" and "what is an srbm").
 */
export function normalizeQuestion(question: string): string {
  return question
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const termsSchema = z.array(z.string());
const gapRow = z.object({
  normalized: z.string(),
  count: z.number().int(),
  last_asked: z.string(),
  example: z.string(),
  missing_terms: z.string(),
});

/** Questions with no answer in the corpus. */
export class UnansweredRepository {
  constructor(
    private readonly db: Sql,
    private readonly clock: Clock = systemClock,
  ) {}

  async record(input: UnansweredInput): Promise<void> {
    await this.db.run(
      `INSERT INTO unanswered_questions (normalized, question, missing_terms, created_at, scope)
       VALUES (@normalized, @question, @missingTerms, @createdAt, @scope)`,
      {
        normalized: normalizeQuestion(input.question),
        question: input.question,
        missingTerms: JSON.stringify(input.missingTerms),
        createdAt: this.clock().toISOString(),
        scope: input.scope ?? '',
      },
    );
  }

  /**
   * The most frequently asked unanswered questions of one scope (a server; '' for none), most
   * frequent (then most recent) first.
   */
  async topGaps(limit = 20, scope = ''): Promise<Gap[]> {
    // The latest row per group supplies the example wording and missing terms.
    const rows = await this.db.all(
      `WITH g AS (
         SELECT normalized, count(*) AS count, max(created_at) AS last_asked, max(id) AS last_id
         FROM unanswered_questions WHERE scope = @scope GROUP BY normalized
       )
       SELECT g.normalized, g.count, g.last_asked, q.question AS example, q.missing_terms
       FROM g JOIN unanswered_questions q ON q.id = g.last_id
       ORDER BY g.count DESC, g.last_asked DESC, g.normalized
       LIMIT @limit`,
      { scope, limit },
    );
    return rows.map((row) => {
      const r = gapRow.parse(row);
      return {
        normalized: r.normalized,
        count: r.count,
        lastAsked: r.last_asked,
        example: r.example,
        missingTerms: termsSchema.parse(JSON.parse(r.missing_terms)),
      };
    });
  }
}
