import MiniSearch from 'minisearch';

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
   * Loads a snapshot made with `toJSON()`. MiniSearch's own `loadJS` always makes a base
   * MiniSearch, so its state (all own fields) is moved onto an instance of this class.
   */
  static fromJS<T>(
    js: Parameters<typeof MiniSearch.loadJS>[0],
    options: ConstructorParameters<typeof MiniSearch<T>>[0],
  ): ParagraphMiniSearch<T> {
    const loaded = MiniSearch.loadJS<T>(js, options);
    return Object.assign(new ParagraphMiniSearch<T>(options), loaded);
  }

  /** `fromJS` in slices (MiniSearch's loadJSAsync yields every 1000 terms): for reloads. */
  static async fromJSAsync<T>(
    js: Parameters<typeof MiniSearch.loadJS>[0],
    options: ConstructorParameters<typeof MiniSearch<T>>[0],
  ): Promise<ParagraphMiniSearch<T>> {
    const loaded = await MiniSearch.loadJSAsync<T>(js, options);
    return Object.assign(new ParagraphMiniSearch<T>(options), loaded);
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
    const data = this._index.get(term);
    const total = this._documentCount;
    if (data) {
      for (const [fieldId, postings] of data) {
        const df = postings.size;
        const idf = Math.log(1 + (total - df + 0.5) / (df + 0.5));
        const norm = norms[fieldId] as Float64Array;
        const ids = new Int32Array(df);
        const parts = new Float64Array(df);
        let j = 0;
        for (const [id, tf] of postings) {
          ids[j] = id;
          parts[j] = BM25.d + (tf * (BM25.k + 1)) / (tf + (norm[id] as number));
          j++;
        }
        out.push({ fieldId, idf, ids, parts });
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
    for (const [shortId, lengths] of this._fieldLength) {
      for (let f = 0; f < fields; f++) {
        const avg = this._avgFieldLength[f] || 1;
        (norms[f] as Float64Array)[shortId] =
          BM25.k * (1 - BM25.b + (BM25.b * (lengths[f] ?? 0)) / avg);
      }
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
        if (boost === 0) continue;
        const { ids, parts } = field;
        const factor = boost * field.idf;
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
