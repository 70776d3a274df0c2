/**
 * What the engine worker posts to the serving thread. Structured-clone decoding happens on the
 * receiving thread, one message at a time, so everything large goes in slices: documents in
 * batches, and the index snapshot as a head plus its long arrays in chunks. On the Python docs a
 * whole snapshot in one message blocks the serving thread for 0.8–2 s; a chunk takes milliseconds.
 */
import type { EngineParts } from '../answer/engine.ts';
import type { Document } from '../corpus/types.ts';
import type { Snapshot } from '../search/index.ts';

/**
 * The long arrays of a snapshot: its term index's terms and field lengths, the per-paragraph and
 * per-term lines, and each term's paragraph count.
 */
type ChunkField = 'index' | 'fieldLength' | 'terms' | 'surfaces' | 'counts';

/** In this order: documents…, snapshot head, snapshot chunks…, done (or error at any point). */
export type WorkerMessage =
  | { type: 'documents'; documents: Document[] }
  | { type: 'snapshot'; head: Snapshot }
  | { type: 'snapshot-chunk'; field: ChunkField; items: unknown[] }
  | {
      type: 'done';
      /** The corpus without its documents (they came in batches). */
      corpus: EngineParts['corpus'];
      rest: Omit<EngineParts, 'corpus' | 'snapshot'>;
    }
  | { type: 'error'; message: string };

/** Paragraphs per message: decoding one batch takes a few ms. */
export const PARAGRAPHS_PER_BATCH = 2000;
/** Array items per snapshot chunk. */
export const ITEMS_PER_CHUNK = 5000;

/** Documents in groups of about `per` paragraphs (a longer document goes alone). */
export function batchDocuments(
  documents: readonly Document[],
  per = PARAGRAPHS_PER_BATCH,
): Document[][] {
  const out: Document[][] = [];
  let batch: Document[] = [];
  let size = 0;
  for (const doc of documents) {
    if (size > 0 && size + doc.paragraphs.length > per) {
      out.push(batch);
      batch = [];
      size = 0;
    }
    batch.push(doc);
    size += doc.paragraphs.length;
  }
  if (batch.length > 0) out.push(batch);
  return out;
}

/**
 * A snapshot as a head (its long arrays emptied) and the chunks that refill them.
 * @example const { head, chunks } = splitSnapshot(index.toSnapshot(key));
 */
export function splitSnapshot(
  snapshot: Snapshot,
  per = ITEMS_PER_CHUNK,
): { head: Snapshot; chunks: { field: ChunkField; items: unknown[] }[] } {
  const chunks: { field: ChunkField; items: unknown[] }[] = [];
  const slice = (field: ChunkField, items: readonly unknown[]) => {
    for (let i = 0; i < items.length; i += per)
      chunks.push({ field, items: items.slice(i, i + per) });
  };
  slice('index', snapshot.index.index);
  slice('fieldLength', snapshot.index.fieldLength);
  slice('terms', snapshot.terms);
  slice('surfaces', snapshot.surfaces);
  slice('counts', snapshot.counts);
  const head: Snapshot = {
    ...snapshot,
    index: { ...snapshot.index, index: [], fieldLength: [] },
    terms: [],
    surfaces: [],
    counts: [],
  };
  return { head, chunks };
}

/** Puts a chunk back into the head it was split from. */
export function addChunk(head: Snapshot, field: ChunkField, items: unknown[]): void {
  switch (field) {
    case 'index':
      fill(
        head.index.index,
        items,
        pairOf('string'),
        'an index chunk holds something other than a term’s postings',
      );
      break;
    case 'fieldLength':
      fill(
        head.index.fieldLength,
        items,
        (x) => (typeof x === 'number' ? x : null),
        'a fieldLength chunk holds a non-number',
      );
      break;
    case 'counts':
      fill(
        head.counts,
        items,
        pairOf('number'),
        'a counts chunk holds something other than a term’s count',
      );
      break;
    default:
      fill(
        field === 'terms' ? head.terms : head.surfaces,
        items,
        (x) => (typeof x === 'string' ? x : null),
        `a ${field} chunk holds a non-string`,
      );
      break;
  }
}

/** Appends each item as `read` reads it, or stops with `refusal` at one it cannot. */
function fill<T>(
  target: T[],
  items: unknown[],
  read: (item: unknown) => T | null,
  refusal: string,
): void {
  for (const item of items) {
    const value = read(item);
    if (value === null) throw new Error(`reload: ${refusal}`);
    target.push(value);
  }
}

/** A term paired with a string (its postings) or a number (its count), or null. */
function pairOf<K extends 'string' | 'number'>(
  kind: K,
): (item: unknown) => [string, K extends 'string' ? string : number] | null {
  return (item) =>
    Array.isArray(item) && typeof item[0] === 'string' && typeof item[1] === kind
      ? [item[0], item[1]]
      : null;
}
