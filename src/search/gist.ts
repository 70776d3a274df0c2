/**
 * The gist of a text: what it is about, as one unit vector made from its words' vectors
 * (`Gists.of`), and how near two gists are (`gistSimilarity`). The ranking's `gist` feature reads
 * the question's (`questionGist`) against each passage's (rank-features.ts); `CorpusMeaning.gist`
 * gives them.
 */
import type { SearchIndex } from './index.ts';
import type { VectorSource } from './meaning-sources.ts';
import type { AnalyzedQuery } from './query.ts';

/** How gists are made (`CorpusMeaning.gist`). */
const GIST = {
  /** The rank at which a word counts half (the weighting's a, as a frequency rank). */
  rare: 100,
  /** How many of the commonest words make the shared direction taken out. */
  commonRows: 20_000,
  /** How many words' rows are kept looked up. */
  cachedRows: 200_000,
};

/**
 * How near two gists are: their cosine, 0 when opposite; ½ when either is missing (no word
 * vectors, or no word with one), neither near nor far.
 */
export function gistSimilarity(a: Float32Array | null, b: Float32Array | null): number {
  if (!a || !b) return 0.5;
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += (a[i] ?? 0) * (b[i] ?? 0);
  return Math.max(0, dot);
}

/**
 * Gists over one set of word vectors, with the rows of the words read and the direction every
 * word shares kept between calls.
 */
export class Gists {
  private common: Float32Array | undefined;
  /** Vector rows of words read for gists (a lookup costs a binary search over 341,479 words). */
  private readonly rows = new Map<string, number>();

  constructor(private readonly vectors: VectorSource) {}

  /**
   * The gist of some words (lowercase, with weights): see `CorpusMeaning.gist`.
   */
  of(words: Iterable<readonly [string, number]>): Float32Array | null {
    const vectors = this.vectors;
    const dims = vectors.dimensions;
    const common = this.commonDirection();
    const out = new Float32Array(dims);
    const v = new Float32Array(dims);
    let total = 0;
    for (const [word, weight] of words) {
      const row = this.rowOf(word);
      if (row < 0) continue;
      const w = weight * (row / (row + GIST.rare));
      if (w <= 0) continue;
      vectors.vector(row, v);
      for (let i = 0; i < dims; i++) out[i] = (out[i] ?? 0) + w * ((v[i] ?? 0) - (common[i] ?? 0));
      total += w;
    }
    let norm = 0;
    for (const x of out) norm += x * x;
    if (total === 0 || norm === 0) return null;
    norm = Math.sqrt(norm);
    for (let i = 0; i < dims; i++) out[i] = (out[i] ?? 0) / norm;
    return out;
  }

  private rowOf(word: string): number {
    let row = this.rows.get(word);
    if (row === undefined) {
      if (this.rows.size > GIST.cachedRows) this.rows.clear();
      row = this.vectors.row(word);
      this.rows.set(word, row);
    }
    return row;
  }

  /** The mean of the commonest words' vectors (what every word's vector shares), made once. */
  private commonDirection(): Float32Array {
    if (this.common) return this.common;
    const vectors = this.vectors;
    const dims = vectors.dimensions;
    const rows = Math.min(GIST.commonRows, vectors.size);
    const sum = new Float32Array(dims);
    const v = new Float32Array(dims);
    for (let r = 0; r < rows; r++) {
      vectors.vector(r, v);
      for (let i = 0; i < dims; i++) sum[i] = (sum[i] ?? 0) + (v[i] ?? 0) / rows;
    }
    this.common = sum;
    return sum;
  }
}

/**
 * How much a word a follow-up borrowed weighs in its question's gist, against the turn's own.
 * Chosen on the follow-up sets (README, "Follow-ups in a conversation"): 0.1 to 0.25 alike;
 * at 0 "Where were they designed?" (they: the drones) loses its subject; from 0.5 the borrowed
 * answer's names pull the turn back to the passage that answered the turn before.
 */
export const BORROWED_GIST = 0.25;

/**
 * The question's gist (`CorpusMeaning.gist`): its words as written, each as strong as its concept
 * (a noun or name 1, a common verb less), those the corpus lacks included ("paint" says what a
 * question is about even where no passage has it). Words a follow-up borrowed count a quarter
 * (BORROWED_GIST): "Where should their leaders convey the message to Iran?" after "What are the
 * E3 countries?" is asked with "United Kingdom France Germany" from the answer shown, which find
 * the passages that name them, but the turn is about where a message goes, not those countries.
 */
export function questionGist(
  index: SearchIndex,
  query: AnalyzedQuery,
  borrowed?: ReadonlySet<string>,
): Float32Array | null {
  const words: (readonly [string, number])[] = [];
  for (const c of query.concepts)
    for (const w of c.surface.split(/\s+/)) {
      const word = w.toLowerCase();
      words.push([word, borrowed?.has(word) ? c.strength * BORROWED_GIST : c.strength]);
    }
  return index.meaning.gist(words);
}
