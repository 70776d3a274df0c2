/**
 * Paragraph ids that survive edits. Positional ids (`<slug>#p<n>`) move whenever a paragraph is
 * inserted above; citations, the daily rotation and stored votes refer to ids, so an id has to
 * stay with its text. The ledger (kept outside corpus/, which may be read-only) remembers which
 * number each paragraph text got in each document; this module is the rule, with no storage.
 *
 * The rule, per document slug:
 * - A document the ledger has never seen numbers its paragraphs by position, as a fresh clone
 *   does (`going-ballistic#p3` is the third paragraph).
 * - A paragraph whose text the ledger knows for that document keeps its number. The k-th
 *   occurrence of one text in a document is a separate entry, so repeated lines ("Read more.")
 *   each keep one.
 * - A new or edited paragraph gets the next number above every number the document has ever
 *   used, so a removed paragraph's id is never given to another text.
 * `Paragraph.n` stays the position (the "¶3" readers see and /source pages through); only `id`
 * follows the ledger.
 */
import { createHash } from 'node:crypto';
import type { Document, Paragraph } from './types.ts';

/** One remembered paragraph: the `occurrence`-th paragraph of `slug` with this text has number `n`. */
export interface IdEntry {
  slug: string;
  /** `textHash(paragraph.text)`. */
  hash: string;
  /** 0 for the first paragraph of the document with this text, 1 for the second, … */
  occurrence: number;
  n: number;
}

/** The hash a paragraph's text is remembered by (hex, 128 bits: collisions are not a concern). */
export function textHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/** The id of paragraph number `n` of a document. */
export function paragraphId(slug: string, n: number): string {
  return `${slug}#p${n}`;
}

/**
 * Gives every paragraph its stable id. `known` returns what the ledger remembers for a slug
 * (every entry ever recorded, removed paragraphs included). Returns the documents with ids set
 * (unchanged objects where nothing changed) and the entries to remember.
 *
 * @example
 *   const { documents, added } = stableIds(corpus.documents, (slug) => ledger.entries(slug));
 */
export function stableIds(
  documents: readonly Document[],
  known: (slug: string) => readonly IdEntry[],
): { documents: Document[]; added: IdEntry[] } {
  const added: IdEntry[] = [];
  const out = documents.map((doc) => {
    const entries = known(doc.slug);
    const byKey = new Map(entries.map((e) => [`${e.hash}:${e.occurrence}`, e.n]));
    const fresh = entries.length === 0;
    let next = entries.reduce((max, e) => Math.max(max, e.n), 0) + 1;
    const seen = new Map<string, number>();
    let changed = false;
    const paragraphs = doc.paragraphs.map((p): Paragraph => {
      const hash = textHash(p.text);
      const occurrence = seen.get(hash) ?? 0;
      seen.set(hash, occurrence + 1);
      let n = byKey.get(`${hash}:${occurrence}`);
      if (n === undefined) {
        n = fresh ? p.n : next++;
        added.push({ slug: doc.slug, hash, occurrence, n });
      }
      const id = paragraphId(doc.slug, n);
      if (id === p.id) return p;
      changed = true;
      return { ...p, id };
    });
    return changed ? { ...doc, paragraphs } : doc;
  });
  return { documents: out, added };
}
