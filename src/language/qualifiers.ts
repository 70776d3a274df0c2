import { createRequire } from 'node:module';
import { stemWord } from './analyzer.ts';

/**
 * The words of a question that pick one thing out of many: ordinals ("the sixth president", "the
 * 21st century") and superlatives ("the youngest president", "the largest city", "the most
 * widely used"). A passage that lacks them may name a president, but not the sixth or the
 * youngest one: "newly elected" is related to "youngest" and says nothing about age. So such a
 * word must be in the passage itself, as a form of the same word, before a phrase of it can be
 * given as the answer.
 *
 * Superlatives are read from wink-lexicon's part-of-speech tags (JJS, RBS as a word's first tag;
 * already a dependency), and an -est word the lexicon lacks counts when its base is an adjective
 * there ("youngest" → "young"). No library lists ordinals as words, hence the short pattern.
 */

const ORDINAL =
  /^(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|\p{L}+(?:teenth|tieth|hundredth|thousandth|millionth))$/u;

const require = createRequire(import.meta.url);
let tags: ReadonlyMap<string, readonly string[]> | undefined;

/**
 * wink-lexicon's word → part-of-speech tags (most frequent first), loaded on first use; an engine
 * loads it at start (about 100 ms), so no question waits for it.
 */
export function lexiconTags(): ReadonlyMap<string, readonly string[]> {
  if (tags) return tags;
  const out = new Map<string, readonly string[]>();
  try {
    const table: unknown = require('wink-lexicon/src/lexicon.js');
    if (typeof table === 'object' && table !== null)
      for (const [word, t] of Object.entries(table))
        if (Array.isArray(t)) out.set(word.toLowerCase(), t.map(String));
  } catch {
    // without the lexicon only ordinals are read
  }
  tags = out;
  return out;
}

/** The bases an -est word may come from: young-est, larg-est, bigg-est, happi-est. */
function bases(word: string): string[] {
  const stem = word.slice(0, -3);
  const out = [stem, `${stem}e`];
  if (stem.endsWith('i')) out.push(`${stem.slice(0, -1)}y`);
  if (stem.length >= 3 && stem.at(-1) === stem.at(-2)) out.push(stem.slice(0, -1));
  return out;
}

/** Whether a word (lower case) is a superlative: "largest", "youngest", "best", "most". */
export function isSuperlative(word: string): boolean {
  const lex = lexiconTags();
  const own = lex.get(word);
  if (own) return own[0] === 'JJS' || own[0] === 'RBS';
  if (!word.endsWith('est') || word.length < 6) return false;
  return bases(word).some((b) => {
    const t = lex.get(b);
    return t !== undefined && t[0] === 'JJ';
  });
}

/** Whether a word (lower case) is an ordinal: "sixth", "21st", "twentieth". */
export function isOrdinal(word: string): boolean {
  return ORDINAL.test(word);
}

/**
 * The question's ordinals and superlatives, lower case, in order.
 *
 * @example qualifiers('Who was the sixth and youngest president?') // ['sixth', 'youngest']
 */
export function qualifiers(question: string): string[] {
  const words = question.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.filter((w) => isOrdinal(w) || isSuperlative(w));
}

/**
 * The qualifiers of `question` that `text` does not hold in any form of the same word ("largest"
 * is held by "largest", not by "large" or "big").
 *
 * @example missingQualifiers('Who is the sixth president?', 'Iran’s President Masoud Pezeshkian') // ['sixth']
 */
export function missingQualifiers(question: string, text: string): string[] {
  const wanted = qualifiers(question);
  if (wanted.length === 0) return [];
  const held = new Set(
    (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).map((w) =>
      isOrdinal(w) ? w : stemWord(w),
    ),
  );
  return wanted.filter((w) => !held.has(isOrdinal(w) ? w : stemWord(w)));
}
