import { z } from 'zod';
import { type IdEntry, stableIds } from '../corpus/stable-ids.ts';
import type { Document } from '../corpus/types.ts';
import type { Sql } from './sql.ts';
import { type Clock, systemClock } from './types.ts';

const rowSchema = z.object({
  slug: z.string(),
  text_hash: z.string(),
  occurrence: z.number().int(),
  n: z.number().int(),
});

/** Any constant shared by every instance: whoever holds it is numbering new paragraphs. */
const ASSIGN_LOCK = 8243207301930220;

/**
 * The paragraph id ledger in the database (migration 4), beside the votes, rotation and ledger
 * rows that refer to those ids, so they always agree, and every process on the database (one
 * SQLite file, or every instance on one PostgreSQL server) shares it: a citation button made by
 * one instance names the same paragraph in another. See src/corpus/stable-ids.ts for the rule.
 */
export class ParagraphIdLedger {
  constructor(
    private readonly db: Sql,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Every entry recorded for a document, removed paragraphs included. */
  async entries(slug: string): Promise<IdEntry[]> {
    const rows = await this.db.all(
      'SELECT slug, text_hash, occurrence, n FROM paragraph_ids WHERE slug = @slug',
      { slug },
    );
    return rows.map(toEntry);
  }

  /**
   * The documents with stable paragraph ids, remembering new paragraphs. One transaction that
   * excludes other writers (SQLite's IMMEDIATE, a PostgreSQL advisory lock): two instances
   * reloading at once cannot hand one number to two texts, and the second sees the first's rows.
   * The whole ledger is read in one query and new rows written in one statement, so a large
   * corpus costs two round trips, not one per document.
   * @example const documents = await new ParagraphIdLedger(db).assign(corpus.documents);
   */
  assign(documents: readonly Document[]): Promise<Document[]> {
    return this.db.transaction(async (tx) => {
      if (tx.dialect === 'postgres') {
        await tx.run(`SELECT pg_advisory_xact_lock(${ASSIGN_LOCK})`);
      }
      const known = new Map<string, IdEntry[]>();
      const rows = await tx.all('SELECT slug, text_hash, occurrence, n FROM paragraph_ids');
      for (const row of rows) {
        const entry = toEntry(row);
        const list = known.get(entry.slug);
        if (list) list.push(entry);
        else known.set(entry.slug, [entry]);
      }
      const { documents: out, added } = stableIds(documents, (slug) => known.get(slug) ?? []);
      if (added.length > 0) await insertAll(tx, added, this.clock().toISOString());
      return out;
    });
  }
}

function toEntry(raw: unknown): IdEntry {
  const row = rowSchema.parse(raw);
  return { slug: row.slug, hash: row.text_hash, occurrence: row.occurrence, n: row.n };
}

/** Entries per statement: a JSON parameter of a few MB at most. */
const BATCH = 5000;

/** Inserts the entries as JSON rows: one statement per batch on either engine. */
async function insertAll(tx: Sql, added: readonly IdEntry[], now: string): Promise<void> {
  const sql =
    tx.dialect === 'postgres'
      ? `INSERT INTO paragraph_ids (slug, text_hash, occurrence, n, first_seen)
         SELECT r.slug, r.hash, r.occurrence, r.n, @now
         FROM json_to_recordset(@rows::json) AS r(slug text, hash text, occurrence int, n int)`
      : `INSERT INTO paragraph_ids (slug, text_hash, occurrence, n, first_seen)
         SELECT json_extract(value, '$.slug'), json_extract(value, '$.hash'),
           json_extract(value, '$.occurrence'), json_extract(value, '$.n'), @now
         FROM json_each(@rows)`;
  for (let i = 0; i < added.length; i += BATCH) {
    const rows = added
      .slice(i, i + BATCH)
      .map((e) => ({ slug: e.slug, hash: e.hash, occurrence: e.occurrence, n: e.n }));
    await tx.run(sql, { rows: JSON.stringify(rows), now });
  }
}
