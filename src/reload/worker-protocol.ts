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
  if (field === 'index') {
    const index = head.index.index;
    for (const item of items) {
      if (!Array.isArray(item) || typeof item[0] !== 'string' || typeof item[1] !== 'string')
        throw new Error('reload: an index chunk holds something other than a term’s postings');
      index.push([item[0], item[1]]);
    }
    return;
  }
  if (field === 'fieldLength') {
    for (const item of items) {
      if (typeof item !== 'number')
        throw new Error('reload: a fieldLength chunk holds a non-number');
      head.index.fieldLength.push(item);
    }
    return;
  }
  if (field === 'counts') {
    for (const item of items) {
      if (!Array.isArray(item) || typeof item[0] !== 'string' || typeof item[1] !== 'number')
        throw new Error('reload: a counts chunk holds something other than a term’s count');
      head.counts.push([item[0], item[1]]);
    }
    return;
  }
  const target = field === 'terms' ? head.terms : head.surfaces;
  for (const item of items) {
    if (typeof item !== 'string') throw new Error(`reload: a ${field} chunk holds a non-string`);
    target.push(item);
  }
}
