import MiniSearch from 'minisearch';
import { decodePostings, encodePostings } from './postings-codec.ts';

/** BM25 parameters (Lucene's defaults; MiniSearch's d adds a floor for any match). */
export const BM25 = { k: 1.2, b: 0.75, d: 0.5 };

/**
 * MiniSearch, plus a fast top-k BM25 over its own posting maps.
 *
 * Why not `search()`: it builds a result object with match details for every matching document,
 * which at 56,000 paragraphs costs 7–9 ms a question (measured with `npm run bench -- --pydoc`),
 * against a 1 ms target. This subclass reads the same index (MiniSearch keeps it in protected
 * fields meant for subclasses) and accumulates scores into a typed array. Documents are only
 * ever added in order, never removed, so MiniSearch's short ids are the entry indexes.
 */
export class ParagraphMiniSearch<T> extends MiniSearch<T> {
  private norms: Float64Array[] | undefined;
  private normsFor = -1;
  /**
   * An index loaded by `fromPacked`, until a MiniSearch method needs MiniSearch's own maps (see
   * `fromPacked`): its JSON, and each term's encoded postings. `topK` reads these directly.
   */
  private source: LoadedIndex | undefined;

  /**
   * Loads an index saved with `toPacked()`, without MiniSearch's nested maps.
   *
   * Why: MiniSearch's own `loadJS` makes a Map per term and field and an entry per posting
   * (1.1 million on the Python docs), which took 0.7–1.1 s of a 1.4–1.8 s start. The ranking
   * never uses MiniSearch's search, only `topK`, which packs a term's postings on first use: it
   * decodes them from the snapshot's text instead, so loading is one Map entry per term.
   *
   * MiniSearch's maps (`_index`, `_documentIds`, `_idToShortId`, `_fieldLength`) are left as
   * accessors that build them all from the packed postings on first access, so every MiniSearch
   * method (search, add, toJSON …) still works on a loaded index, only no longer fast to load.
   * This relies on MiniSearch 7.2.0's protected fields (pinned in package.json, and tested).
   */
  static fromPacked<T>(
    json: PackedIndex,
    options: ConstructorParameters<typeof MiniSearch<T>>[0],
  ): ParagraphMiniSearch<T> {
    const mini = new ParagraphMiniSearch<T>(options);
    ParagraphMiniSearch.adopt(mini, json, new Map(json.index));
    return mini;
  }

  /** `fromPacked` yielding to the event loop every few thousand terms: for reloads. */
  static async fromPackedAsync<T>(
    json: PackedIndex,
    options: ConstructorParameters<typeof MiniSearch<T>>[0],
  ): Promise<ParagraphMiniSearch<T>> {
    const mini = new ParagraphMiniSearch<T>(options);
    const postings = new Map<string, string>();
    let count = 0;
    for (const [term, encoded] of json.index) {
      postings.set(term, encoded);
      if (++count % 10_000 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    ParagraphMiniSearch.adopt(mini, json, postings);
    return mini;
  }

  private static adopt<T>(
    mini: ParagraphMiniSearch<T>,
    json: PackedIndex,
    postings: Map<string, string>,
  ): void {
    const fields = Object.keys(json.fieldIds).length;
    if (json.fieldLength.length !== json.documentCount * fields)
      throw new Error('search: the index has field lengths for another number of paragraphs');
    mini._documentCount = json.documentCount;
    mini._nextId = json.documentCount;
    mini._fieldIds = json.fieldIds;
    mini._avgFieldLength = json.averageFieldLength;
    mini._dirtCount = 0;
    // MiniSearch's own (empty) term map, filled if ever needed
    mini.source = { json, postings, empty: mini._index };
    for (const name of LAZY_FIELDS) {
      Object.defineProperty(mini, name, {
        configurable: true,
        enumerable: true,
        get: () => {
          mini.unpack();
          return mini[name];
        },
        set: (value: unknown) => {
          mini.unpack();
          Object.defineProperty(mini, name, { value });
        },
      });
    }
  }

  /** Builds MiniSearch's own maps from the packed postings (see `fromPacked`), then forgets them. */
  private unpack(): void {
    const source = this.source;
    if (!source) return;
    this.source = undefined;
    const index = source.empty;
    const documentIds = new Map<number, number>();
    const idToShortId = new Map<number, number>();
    const fieldLength = new Map<number, number[]>();
    const fields = Object.keys(source.json.fieldIds).length;
    const flat = source.json.fieldLength;
    for (let id = 0; id < source.json.documentCount; id++) {
      documentIds.set(id, id);
      idToShortId.set(id, id);
      fieldLength.set(id, flat.slice(id * fields, (id + 1) * fields));
    }
    for (const [term, encoded] of source.postings) {
      const data = new Map<number, Map<number, number>>();
      for (const { fieldId, ids, tfs } of decodePostings(encoded)) {
        const freqs = new Map<number, number>();
        for (let j = 0; j < ids.length; j++) freqs.set(ids[j] as number, tfs[j] as number);
        data.set(fieldId, freqs);
      }
      index.set(term, data);
    }
    const unpacked: Record<(typeof LAZY_FIELDS)[number], unknown> = {
      _index: index,
      _documentIds: documentIds,
      _idToShortId: idToShortId,
      _fieldLength: fieldLength,
    };
    for (const name of LAZY_FIELDS)
      Object.defineProperty(this, name, { value: unpacked[name], writable: true });
  }

  /**
   * The index in the form `fromPacked` loads: per term, its postings per field as varints (field
   * id, document count, then each document's id minus the previous one and its term frequency),
   * in base64. Only for documents added in order and never removed, whose ids are their short
   * ids (as `SearchIndex` adds them), with no stored fields.
   */
  toPacked(): PackedIndex {
    if (this.source) {
      const { json } = this.source;
      return { ...json, index: json.index.slice(), fieldLength: json.fieldLength.slice() };
    }
    const n = this._documentCount;
    if (this._nextId !== n || this._dirtCount !== 0 || this._storedFields.size > 0)
      throw new Error('search: only an index of documents added in order, unchanged, is packed');
    for (const [shortId, id] of this._documentIds)
      if (shortId !== id)
        throw new Error('search: only an index whose ids are its documents’ order is packed');
    const fields = Object.keys(this._fieldIds).length;
    const fieldLength = new Array<number>(n * fields).fill(0);
    for (const [shortId, lengths] of this._fieldLength)
      for (let f = 0; f < fields; f++) fieldLength[shortId * fields + f] = lengths[f] ?? 0;
    const index: [string, string][] = [];
    for (const [term, data] of this._index) index.push([term, encodePostings(data)]);
    return {
      documentCount: n,
      fieldIds: { ...this._fieldIds },
      averageFieldLength: this._avgFieldLength.slice(),
      fieldLength,
      index,
    };
  }

  private scores: Float64Array | undefined;
  private touched: Int32Array | undefined;
  /** A term's postings per field as typed arrays, for `packedFor` documents (see `packed`). */
  private packedCache = new Map<string, PackedField[]>();
  private packedFor = -1;

  /**
   * A term's postings per field, packed: its idf, document ids and each one's BM25 part
   * d + tf·(k+1) / (tf + norm). Iterating MiniSearch's nested Maps allocated an
   * entry per posting and took a fifth of a question's time on the Python docs; the packed
   * arrays are made on a term's first use and kept (at most PACKED_TERMS terms, then started
   * afresh), and dropped if a document is added.
   */
  private packed(term: string, norms: readonly Float64Array[]): PackedField[] {
    if (this.packedFor !== this._documentCount || this.packedCache.size >= PACKED_TERMS) {
      this.packedCache.clear();
      this.packedFor = this._documentCount;
    }
    const cached = this.packedCache.get(term);
    if (cached) return cached;
    const out: PackedField[] = [];
    const total = this._documentCount;
    const idf = (df: number) => Math.log(1 + (total - df + 0.5) / (df + 0.5));
    const part = (tf: number, norm: number) => BM25.d + (tf * (BM25.k + 1)) / (tf + norm);
    const encoded = this.source?.postings.get(term);
    const data = this.source ? undefined : this._index.get(term);
    if (encoded !== undefined) {
      for (const { fieldId, ids, tfs } of decodePostings(encoded)) {
        const norm = norms[fieldId] as Float64Array;
        const parts = new Float64Array(ids.length);
        for (let j = 0; j < ids.length; j++)
          parts[j] = part(tfs[j] as number, norm[ids[j] as number] as number);
        out.push({ fieldId, idf: idf(ids.length), ids, parts });
      }
    } else if (data) {
      for (const [fieldId, postings] of data) {
        const df = postings.size;
        const norm = norms[fieldId] as Float64Array;
        const ids = new Int32Array(df);
        const parts = new Float64Array(df);
        let j = 0;
        for (const [id, tf] of postings) {
          ids[j] = id;
          parts[j] = part(tf, norm[id] as number);
          j++;
        }
        out.push({ fieldId, idf: idf(df), ids, parts });
      }
    }
    // in field order, whatever order the index's maps hold them in: a document's score is summed
    // the same way in a built index and in one loaded from its snapshot (a sum in another order
    // can differ in its last bit, and the decision's probability with it)
    out.sort((a, b) => a.fieldId - b.fieldId);
    this.packedCache.set(term, out);
    return out;
  }

  /** Per field, k·(1 − b + b·len/avg) for each document, computed once. */
  private lengthNorms(): Float64Array[] {
    if (this.norms && this.normsFor === this._documentCount) return this.norms;
    const fields = Object.keys(this._fieldIds).length;
    const n = this._nextId;
    const norms = Array.from({ length: fields }, () => new Float64Array(n));
    const norm = (f: number, length: number) =>
      BM25.k * (1 - BM25.b + (BM25.b * length) / (this._avgFieldLength[f] || 1));
    const flat = this.source?.json.fieldLength;
    if (flat) {
      for (let id = 0; id < n; id++)
        for (let f = 0; f < fields; f++)
          (norms[f] as Float64Array)[id] = norm(f, flat[id * fields + f] as number);
    } else
      for (const [shortId, lengths] of this._fieldLength) {
        for (let f = 0; f < fields; f++)
          (norms[f] as Float64Array)[shortId] = norm(f, lengths[f] ?? 0);
      }
    this.norms = norms;
    this.normsFor = this._documentCount;
    return norms;
  }

  /**
   * The `limit` best documents for weighted terms, by BM25 summed over fields (each field's
   * score times its boost). `accept(id)` may exclude documents.
   */
  topK(
    weighted: ReadonlyMap<string, number>,
    boosts: Readonly<Record<string, number>>,
    limit: number,
    accept?: (id: number) => boolean,
  ): { id: number; score: number }[] {
    const norms = this.lengthNorms();
    const n = this._nextId;
    if (!this.scores || this.scores.length < n) {
      this.scores = new Float64Array(n);
      this.touched = new Int32Array(n);
    }
    const scores = this.scores;
    // the documents scored, in the order first reached (a document is listed once: its score
    // is 0 only until it is first reached, as every part is positive)
    const touched = this.touched as Int32Array;
    let reached = 0;
    const fieldBoost: number[] = [];
    for (const [name, id] of Object.entries(this._fieldIds)) fieldBoost[id] = boosts[name] ?? 0;
    for (const [term, weight] of weighted) {
      for (const field of this.packed(term, norms)) {
        const boost = (fieldBoost[field.fieldId] ?? 0) * weight;
        const factor = boost * field.idf;
        // every part is at least d: when even that rounds to 0 (a weight or boost of 0, or one
        // so small it is subnormal), no score moves, and a paragraph reached here would be listed
        // again each time it is reached (it is listed when its score is still 0)
        if (factor * BM25.d === 0) continue;
        const { ids, parts } = field;
        for (let j = 0; j < ids.length; j++) {
          const id = ids[j] as number;
          if (scores[id] === 0) touched[reached++] = id;
          scores[id] = (scores[id] as number) + factor * (parts[j] as number);
        }
      }
    }
    const out: { id: number; score: number }[] = [];
    for (let r = 0; r < reached; r++) {
      const id = touched[r] as number;
      const score = scores[id] as number;
      scores[id] = 0;
      if (accept && !accept(id)) continue;
      if (out.length < limit) {
        out.push({ id, score });
        if (out.length === limit) out.sort(byScore);
      } else if (score > (out[limit - 1] as { score: number }).score) {
        out[limit - 1] = { id, score };
        // insertion into the sorted tail keeps this O(touched · log) without sorting everything
        for (let i = limit - 1; i > 0 && byScore(out[i - 1] as Scored, out[i] as Scored) > 0; i--) {
          const tmp = out[i - 1] as Scored;
          out[i - 1] = out[i] as Scored;
          out[i] = tmp;
        }
      }
    }
    return out.length < limit ? out.sort(byScore) : out;
  }
}

/** How many terms' packed postings are kept (a few MB on the Python docs' 56,000 paragraphs). */
const PACKED_TERMS = 20_000;

interface PackedField {
  fieldId: number;
  idf: number;
  ids: Int32Array;
  parts: Float64Array;
}

type Scored = { id: number; score: number };
const byScore = (a: Scored, b: Scored) => b.score - a.score || a.id - b.id;

interface LoadedIndex {
  json: PackedIndex;
  postings: Map<string, string>;
  empty: MiniSearch['_index'];
}

/** MiniSearch's maps that a loaded index builds only when first read (see `fromPacked`). */
const LAZY_FIELDS = ['_index', '_documentIds', '_idToShortId', '_fieldLength'] as const;

/**
 * An index as a snapshot holds it (`toPacked`): MiniSearch's counts, per document and field its
 * length (documents × fields numbers, in short-id order), and per term its encoded postings.
 */
export interface PackedIndex {
  documentCount: number;
  fieldIds: Record<string, number>;
  averageFieldLength: number[];
  fieldLength: number[];
  index: [string, string][];
}
