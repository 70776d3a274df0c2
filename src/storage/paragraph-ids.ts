import { z } from 'zod';
import { type IdEntry, stableIds } from '../corpus/stable-ids.ts';
import type { Document } from '../corpus/types.ts';
import type { Db } from './db.ts';
import { type Clock, systemClock } from './types.ts';

const rowSchema = z.object({
  slug: z.string(),
  text_hash: z.string(),
  occurrence: z.number().int(),
  n: z.number().int(),
});

/**
 * The paragraph id ledger in the database (migration 4), beside the votes, rotation and ledger
 * rows that refer to those ids, so they always agree, and every process on the file shares it.
 * See src/corpus/stable-ids.ts for the rule.
 */
export class ParagraphIdLedger {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Every entry recorded for a document, removed paragraphs included. */
  entries(slug: string): IdEntry[] {
    return this.db
      .prepare('SELECT slug, text_hash, occurrence, n FROM paragraph_ids WHERE slug = ?')
      .all(slug)
      .map((raw) => {
        const row = rowSchema.parse(raw);
        return { slug: row.slug, hash: row.text_hash, occurrence: row.occurrence, n: row.n };
      });
  }

  /**
   * The documents with stable paragraph ids, remembering new paragraphs. One IMMEDIATE
   * transaction: two processes reloading at once cannot hand one number to two texts.
   * @example const documents = new ParagraphIdLedger(db).assign(corpus.documents);
   */
  assign(documents: readonly Document[]): Document[] {
    const insert = this.db.prepare(
      `INSERT INTO paragraph_ids (slug, text_hash, occurrence, n, first_seen)
       VALUES (?, ?, ?, ?, ?)`,
    );
    return this.db
      .transaction(() => {
        const { documents: out, added } = stableIds(documents, (slug) => this.entries(slug));
        const now = this.clock().toISOString();
        for (const e of added) insert.run(e.slug, e.hash, e.occurrence, e.n, now);
        return out;
      })
      .immediate();
  }
}
