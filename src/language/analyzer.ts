import { createRequire } from 'node:module';
import porter2 from 'wink-porter2-stemmer';
import { z } from 'zod';
import { foldMarks, normalizeText } from './normalize.ts';
import { STOPWORDS, WRITTEN_CONTRACTIONS } from './stopwords.ts';

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
export const ANALYZER_VERSION = 9;

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
  return stemLower(word.toLowerCase());
}

/** `stemWord` of a word already lowercased. */
function stemLower(lower: string): string {
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

/** Every stopword, lowercase: the function words a misspelling may stand for ("wht" → "what"). */
export function stopwordList(): readonly string[] {
  return [...STOPWORDS];
}

/**
 * Splits normalised text into tokens. Possessives drop their "'s", dotted initialisms lose
 * their dots ("U.S." → "US"), hyphenated words yield their parts ("short-range" → short, range).
 *
 * @example tokenize("Iran's short-range SRBM").map(t => t.stem) // ['iran', 'short', 'rang', 'srbm']
 */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  eachWord(text, (surface, start, contraction) => {
    const token = makeToken(surface, start);
    out.push(contraction ? { ...token, stop: true } : token);
  });
  return out;
}

/**
 * The words `tokenize` makes tokens of, in order, each with its offset in the normalised text,
 * and whether it was one of WRITTEN_CONTRACTIONS.
 */
function eachWord(
  text: string,
  visit: (surface: string, start: number, contraction: boolean) => void,
): void {
  const normalized = normalizeText(text);
  for (const m of normalized.matchAll(WORD)) {
    let surface = m[0];
    const start = m.index ?? 0;
    // most words hold neither a period nor an apostrophe: nothing below would change them
    if (!surface.includes('.') && !surface.includes("'")) {
      visit(surface, start, false);
      continue;
    }
    if (WRITTEN_CONTRACTIONS.has(surface.toLowerCase())) {
      visit(surface.replace(/'/gu, ''), start, true);
      continue;
    }
    if (/^(?:\p{L}\.)+\p{L}?\.?$/u.test(surface)) surface = surface.replace(/\./gu, '');
    else surface = surface.replace(/\.$/u, '');
    surface = surface.replace(/'s$/iu, '').replace(/'$/u, '');
    if (surface.includes('.')) {
      // "e.g.x" or "3.11": keep numbers with decimals whole, split other dotted runs
      if (!/^\p{N}+(?:\.\p{N}+)+$/u.test(surface)) {
        let offset = start;
        for (const part of surface.split('.')) {
          if (part) visit(part, offset, false);
          offset += part.length + 1;
        }
        continue;
      }
    }
    if (surface.includes("'")) surface = surface.replace(/'/gu, '');
    if (surface) visit(surface, start, false);
  }
}

/** A word of a text as written, with the key its token is indexed by (stem, or an acronym folded). */
export type WordKey = readonly [surface: string, key: string];

/**
 * The words of a text, as written, that `tokenize` makes no stopword of, each with its token's
 * key, in order, without making tokens: what `wordsWithKeys` filters, made once per passage by
 * the index's passage terms (the citations' highlighted words are read for each passage shown).
 *
 * @example wordKeys('Missiles and more') // [['Missiles', 'missil']]
 */
export function wordKeys(text: string): WordKey[] {
  const out: WordKey[] = [];
  eachWord(text, (surface, _start, contraction) => {
    if (contraction) return;
    const acronym = isAcronym(surface);
    const lower = surface.toLowerCase();
    if (!acronym && STOPWORDS.has(lower)) return;
    out.push([surface, acronym ? foldMarks(lower) : stemLower(lower)]);
  });
  return out;
}

/**
 * The words of `wordKeys` with one of `stems`: each once, in order of first appearance.
 *
 * @example wordsWithKeys(wordKeys('Missiles and more missiles'), new Set(['missil'])) // ['Missiles', 'missiles']
 */
export function wordsWithKeys(words: readonly WordKey[], stems: ReadonlySet<string>): string[] {
  const out: string[] = [];
  if (stems.size === 0) return out;
  for (const [surface, key] of words)
    if (stems.has(key) && !out.includes(surface)) out.push(surface);
  return out;
}

// All-capital words of 2+ letters are acronyms ("UAS", "US", "IT"): never stemmed, never stopwords.
const ACRONYM = /^\p{Lu}[\p{Lu}\p{N}]+$/u;

/** An all-capital word of two or more letters or digits ("UAS", "US", "E3", "QUIC"). */
export function isAcronym(surface: string): boolean {
  return ACRONYM.test(surface);
}

function makeToken(surface: string, start: number): Token {
  const acronym = isAcronym(surface);
  // lowercased once: the stem cache and the stopwords are both read with it
  const lower = surface.toLowerCase();
  return {
    surface,
    stem: acronym ? foldMarks(lower) : stemLower(lower),
    stop: !acronym && STOPWORDS.has(lower),
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

// Identifiers as developers type them (identifierTerms). A dotted path or file name
// (`server.port`, `import.meta.env`, `vite.config.js`, `.env.local`), a flag (`--host`), a query
// suffix (`?raw`), a snake_case or SCREAMING_CASE name (`VITE_SOME_KEY`), and camelCase or
// PascalCase words (`optimizeDeps`, `UploadFile`, `HTMLParser`).
const DOTTED =
  /(?<![\p{L}\p{N}_$.])\.?[\p{L}_$][\p{L}\p{N}_$-]*(?:\.[\p{L}_$][\p{L}\p{N}_$-]*)+|(?<![\p{L}\p{N}_$.])\.[\p{L}][\p{L}\p{N}_-]*/gu;
const FLAG = /(?<![\p{L}\p{N}_-])--[\p{L}][\p{L}\p{N}-]*/gu;
const QUERY =
  /(?<![\s?])\?[\p{Ll}][\p{L}\p{N}_-]*|(?<=^|[\s'"`(])\?[\p{Ll}][\p{L}\p{N}_-]*(?=$|[\s'"`)&,;:.])/gu;
const SNAKE = /(?<![\p{L}\p{N}_])[\p{L}\p{N}]+(?:_[\p{L}\p{N}]+)+/gu;
const MAY_HOLD_IDENTIFIER =
  /[\p{L}\p{N}_$]\.[\p{L}_$]|(?:^|[^\p{L}\p{N}.])\.\p{L}|--\p{L}|\?\p{Ll}|\p{L}_|\p{Ll}\p{Lu}|\p{Lu}\p{Lu}\p{Ll}/u;
const CAMEL =
  /(?<![\p{L}\p{N}])\p{L}[\p{L}\p{N}]*(?:\p{Ll}\p{Lu}|\p{Lu}\p{Lu}\p{Ll})[\p{L}\p{N}]*/gu;

/**
 * The extra terms identifiers give, beside the words `indexTerms` makes of them: each whole
 * identifier, lowercased (`server.port`, `import.meta.env`, `.env.local`, `--host`, `?raw`,
 * `vite_some_key`), and the stemmed parts of camelCase and PascalCase words (`optimizeDeps` →
 * optim, dep; `UploadFile` → upload, file), so "optimize deps" finds `optimizeDeps` and
 * `server.port` finds the passage that writes it. A dotted path gives each of its leading paths
 * too (`import.meta.env.MODE`: `import.meta`, `import.meta.env`, `import.meta.env.mode`). Whole identifiers keep their punctuation (a term
 * prose never makes, so they match only each other); a trailing sentence period is not theirs.
 * Used at index time for prose and code alike, and meant for questions too.
 *
 * @example identifierTerms('Set server.port or pass --host; optimizeDeps') // ['server.port', '--host', 'optim', 'dep']
 */
export function identifierTerms(text: string): string[] {
  // most prose has no identifier: one cheap look before five patterns (index build time)
  if (!MAY_HOLD_IDENTIFIER.test(text)) return [];
  const normalized = normalizeText(text);
  const out: string[] = [];
  const whole = (m: string) => {
    const term = m.replace(/[.-]+$/u, '').toLowerCase();
    if (term.length > 2) out.push(term);
  };
  for (const m of normalized.matchAll(DOTTED)) {
    const path = m[0].replace(/[.-]+$/u, '');
    const parts = path.split('.');
    if (parts.every((p) => p.length <= 1)) continue; // "e.g", "U.S"
    // every leading path: `import.meta.env.MODE` is found by `import.meta.env` too
    for (let k = 2; k < parts.length; k++) whole(parts.slice(0, k).join('.'));
    whole(path);
  }
  for (const m of normalized.matchAll(FLAG)) whole(m[0]);
  for (const m of normalized.matchAll(QUERY)) whole(m[0]);
  for (const m of normalized.matchAll(SNAKE)) whole(m[0]);
  for (const m of normalized.matchAll(CAMEL)) {
    const parts = m[0].match(/\p{Lu}+(?![\p{Ll}])|\p{Lu}?\p{Ll}+|\p{N}+/gu) ?? [];
    if (parts.length < 2) continue;
    for (const part of parts) if (!isStopword(part)) out.push(stemWord(part));
  }
  return out;
}

/**
 * A code block's indexed terms: its words (keywords and punctuation count for nothing more than
 * prose words do; `indexTerms` drops punctuation) and its identifiers (identifierTerms).
 */
export function codeTerms(code: string): string[] {
  return [...new Set([...indexTerms(code), ...identifierTerms(code)])];
}
