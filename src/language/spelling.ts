import { isStopword, stemWord } from './analyzer.ts';
import { DeletionIndex, type SpellingVocabulary } from './deletion-index.ts';
import { editDistance } from './edit-distance.ts';
import { LETTERS, SPELLING } from './spelling-settings.ts';

/**
 * Spelling correction of question words against the corpus vocabulary ("presdent" → "president",
 * "missles" → "missiles", "wht" → "what"). Only a word the corpus lacks and the lexicon does not
 * know is looked up; it is read as the corpus word (or common function word) within
 * Damerau–Levenshtein distance 1, 2 from seven letters, that a typist most likely meant.
 * Candidates come from a symmetric-delete index (deletion-index.ts), each checked with
 * `editDistance` (edit-distance.ts).
 */

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
