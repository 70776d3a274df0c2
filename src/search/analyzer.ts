import { createRequire } from 'node:module';
import { eng } from 'stopword';
import porter2 from 'wink-porter2-stemmer';
import { z } from 'zod';
import { foldMarks, normalizeText } from './normalize.ts';

// Irregular forms ("began" → "begin", "children" → "child") from wink-lexicon's tables, which no
// stemmer catches. Only these two small tables are loaded: a full lemmatizer (wink-lemmatizer)
// loads all of WordNet and added 0.6 s to every start.
const require = createRequire(import.meta.url);
// Maps, not objects: a word such as "constructor" must not find Object.prototype's members.
const irregularVerbs = new Map(
  Object.entries(
    z.record(z.string(), z.string()).parse({ ...require('wink-lexicon/src/irregular-verbs.js') }),
  ),
);
const irregularNouns = new Map(
  Object.entries(
    z
      .object({ singular: z.record(z.string(), z.string()) })
      .parse({ ...require('wink-lexicon/src/irregular-nouns.js') }).singular,
  ),
);

/** Bumped whenever analysis changes, so saved snapshots built with the old one are rebuilt. */
export const ANALYZER_VERSION = 5;

// The stopword package's English list, plus the scaffolding of questions ("what does X stand for").
const STOPWORDS = new Set([
  ...eng,
  'does',
  'doing',
  'done',
  'why',
  'when',
  'whom',
  'whose',
  'which',
  'where',
  'who',
  'what',
  'how',
  'tell',
  'please',
  'us',
  'its',
  'it',
  'was',
  'were',
  'will',
  'shall',
  'may',
  'not',
  'no',
  'yes',
  'also',
  'there',
  's',
  't',
]);

export interface Token {
  /** The word as written (after normalisation), e.g. "Iran's" → "Iran". */
  surface: string;
  /** Lowercased, diacritics folded, stemmed: the indexed form. */
  stem: string;
  stop: boolean;
  /** Capitalised in the text (a proper noun or acronym candidate). */
  capitalized: boolean;
  /** UTF-16 offsets of the surface in the normalised text. */
  start: number;
  end: number;
}

// Words: letters/digits, allowing inner apostrophes, periods between single letters (U.S.) and
// hyphens; hyphenated words are split into their parts below.
const WORD = /[\p{L}\p{N}]+(?:['.][\p{L}\p{N}]+)*\.?/gu;

const stemCache = new Map<string, string>();

/**
 * Lowercase, fold marks, undo irregular inflections ("began" → "begin", "children" → "child")
 * and stem with Porter2, the Snowball English stemmer (wink-porter2-stemmer), cached.
 * @example stemWord('Missiles') // 'missil'
 */
export function stemWord(word: string): string {
  const lower = word.toLowerCase();
  let s = stemCache.get(lower);
  if (s === undefined) {
    const folded = foldMarks(lower);
    s =
      /\p{N}/u.test(folded) || folded.length <= 2
        ? folded
        : porter2(irregularVerbs.get(folded) ?? irregularNouns.get(folded) ?? folded);
    if (stemCache.size > 200_000) stemCache.clear();
    stemCache.set(lower, s);
  }
  return s;
}

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word.toLowerCase());
}

/**
 * Splits normalised text into tokens. Possessives drop their "'s", dotted initialisms lose
 * their dots ("U.S." → "US"), hyphenated words yield their parts ("short-range" → short, range).
 *
 * @example tokenize("Iran's short-range SRBM").map(t => t.stem) // ['iran', 'short', 'rang', 'srbm']
 */
export function tokenize(text: string): Token[] {
  const normalized = normalizeText(text);
  const out: Token[] = [];
  for (const m of normalized.matchAll(WORD)) {
    let surface = m[0];
    const start = m.index ?? 0;
    if (/^(?:\p{L}\.)+\p{L}?\.?$/u.test(surface)) surface = surface.replace(/\./gu, '');
    else surface = surface.replace(/\.$/u, '');
    surface = surface.replace(/'s$/iu, '').replace(/'$/u, '');
    if (surface.includes('.')) {
      // "e.g.x" or "3.11": keep numbers with decimals whole, split other dotted runs
      if (!/^\p{N}+(?:\.\p{N}+)+$/u.test(surface)) {
        let offset = start;
        for (const part of surface.split('.')) {
          if (part) out.push(makeToken(part, offset));
          offset += part.length + 1;
        }
        continue;
      }
    }
    if (surface.includes("'")) surface = surface.replace(/'/gu, '');
    if (surface) out.push(makeToken(surface, start));
  }
  return out;
}

// All-capital words of 2+ letters are acronyms ("UAS", "US", "IT"): never stemmed, never stopwords.
const ACRONYM = /^\p{Lu}[\p{Lu}\p{N}]+$/u;

function makeToken(surface: string, start: number): Token {
  const acronym = ACRONYM.test(surface);
  return {
    surface,
    stem: acronym ? foldMarks(surface.toLowerCase()) : stemWord(surface),
    stop: !acronym && isStopword(surface),
    capitalized: /^\p{Lu}/u.test(surface),
    start,
    end: start + surface.length,
  };
}

/** The indexed terms of a text: stems of its non-stopword tokens, in order. */
export function indexTerms(text: string): string[] {
  const out: string[] = [];
  for (const t of tokenize(text)) if (!t.stop) out.push(t.stem);
  return out;
}
