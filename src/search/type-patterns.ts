/**
 * The phrases of each kind of answer a sentence may hold (a date for "when", a count for "how
 * many"), as the rerank's `typed` feature reads them, and how such patterns run fast on ASCII text.
 */
import type { AnswerType } from '../language/question.ts';

const MONTHS =
  'january|february|march|april|may|june|july|august|september|october|november|december';
/** The phrases of each kind of answer a sentence may hold (the rerank's `typed` feature). */
export const TYPE_PATTERNS: Partial<Record<AnswerType, RegExp>> = {
  date: new RegExp(
    `\\b(?:1[0-9]{3}|20[0-9]{2})s?\\b|\\b(?:${MONTHS})\\b|\\b(?:spring|summer|fall|autumn|winter)\\b|\\bcentur(?:y|ies)\\b|\\b\\d{1,2}(?:st|nd|rd|th)\\b`,
    'giu',
  ),
  // counts, not years, and not durations ("several months")
  number:
    /\b(?!(?:1[0-9]{3}|20[0-9]{2})\b)\d+(?:[.,]\d+)*\b|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|hundreds?|thousands?|millions?|billions?|several|few|percent)\b(?!\s+(?:days?|weeks?|months?|years?|decades?|hours?|minutes?|times)\b)/giu,
  person: /(?<=\S\s+)\p{Lu}\p{Ll}+(?:\s+(?:al|bin|de|van|von|Al)?\s*\p{Lu}\p{Ll}+)+/gu,
  place: /\b(?:in|at|from|to|near|across|of)\s+(?:the\s+)?(?:\p{Ll}+\s+)?\p{Lu}\p{Ll}+/gu,
  definition:
    /\(\p{Lu}[\p{Lu}\p{N}]+|\b(?:is|are) (?:a|an|the)\b|\bmeans?\b|\brefers? to\b|\bstands? for\b|\bknown as\b/gu,
  reason:
    /\b(?:because|due to|in order to|so that|as a result|led to|driven by|motivated by|to close|to (?:help|secure|avoid|limit|address|enable))\b/giu,
};

/** Characters outside ASCII that Unicode case folding reads as ASCII letters: ſ (s) and K (k). */
const FOLDS_TO_ASCII = /[\u017F\u212A]/u;
const asciiFolded = new WeakMap<RegExp, RegExp | null>();

/**
 * The pattern itself, or, for a text without ſ or K (Kelvin), the same pattern without the u
 * flag when it has i: V8 runs case-insensitive Unicode patterns about seven times slower, and
 * for an ASCII pattern with no Unicode escapes both read such a text alike (the only letters
 * Unicode case folding maps to ASCII are those two, and \b and \d then agree). The date and
 * count patterns were a seventh of an answer's time on long news paragraphs.
 */
export function asciiFolding(pattern: RegExp, text: string): RegExp {
  let fast = asciiFolded.get(pattern);
  if (fast === undefined) {
    fast =
      pattern.unicode && pattern.ignoreCase && readsAlikeWithoutU(pattern.source)
        ? new RegExp(pattern.source, pattern.flags.replace('u', ''))
        : null;
    asciiFolded.set(pattern, fast);
  }
  return fast && !FOLDS_TO_ASCII.test(text) ? fast : pattern;
}

/**
 * Whether a pattern reads a text the same with or without the u flag, given it has no ſ or K:
 * printable ASCII only, no escape but \b, \d, \s and escaped punctuation, and nothing that
 * could take half of a surrogate pair (a "." or a negated class).
 */
function readsAlikeWithoutU(source: string): boolean {
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string;
    if (c < ' ' || c > '~') return false;
    if (c === '\\') {
      const next = source[++i] ?? '';
      if (!/^[bds.,()[\]{}?*+|\\/^$-]$/u.test(next)) return false;
    } else if (c === '[') {
      if (source[i + 1] === '^') return false;
      inClass = true;
    } else if (c === ']') inClass = false;
    else if (c === '.' && !inClass) return false;
  }
  return true;
}

/** Whether the sentence (patterns carry the g flag, for matchAll) holds an answer of the wanted kind that the question itself did not bring. */
export function hasNewEntity(
  text: string,
  pattern: RegExp,
  questionWords: ReadonlySet<string>,
): boolean {
  for (const m of text.matchAll(asciiFolding(pattern, text))) {
    const words = m[0].toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
    if (
      words.some(
        (w) =>
          !questionWords.has(w) &&
          !['in', 'at', 'from', 'to', 'near', 'across', 'of', 'the'].includes(w),
      )
    )
      return true;
  }
  return false;
}
