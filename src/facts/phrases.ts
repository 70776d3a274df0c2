import type { Analysis, Tok } from './tokens.ts';
import { span } from './tokens.ts';

/** Phrase-level helpers over POS-tagged tokens: noun phrases and clauses, read off the tags. */

const NOMINAL = new Set(['NOUN', 'PROPN', 'NUM']);
const MODIFIER = new Set(['ADJ', 'NOUN', 'PROPN', 'NUM']);
const POSSESSIVE_PRONOUNS = new Set(['his', 'her', 'its', 'their', 'our', 'my', 'your']);
const RELATIVE = new Set(['that', 'which', 'who', 'whom', 'whose']);
const BOUNDARY = new Set([',', ';', ':', '(', ')', '[', ']', '—', '–', '.', '!', '?']);
const OPEN_QUOTES = new Set(['“', '"', '‘']);
const CLOSE_QUOTES = new Set(['”', '"', '’']);
const TRAILING_JUNK = new Set(['ADP', 'SCONJ', 'DET', 'CCONJ', 'PART', 'PUNCT', 'AUX', 'PRON']);
/** A readable subject stays short: the full sentence is in the quote anyway. */
export const MAX_SUBJECT_WORDS = 16;
/** Reported speech needs room for what was said: "X said" alone is no event. */
export const MAX_SPEECH_WORDS = 32;

export function isBoundary(t: Tok | undefined): boolean {
  return t === undefined || (t.pos === 'PUNCT' && BOUNDARY.has(t.value));
}

export function isRelative(t: Tok | undefined): boolean {
  return (
    t !== undefined &&
    RELATIVE.has(t.lower) &&
    (t.pos === 'PRON' || t.pos === 'SCONJ' || t.pos === 'DET')
  );
}

/** Two tokens written with no space between them ("Iran" "-" "designed"). */
function glued(a: Tok | undefined, b: Tok | undefined): boolean {
  return a !== undefined && b !== undefined && a.end === b.start;
}

/** Token i belongs to a hyphenated compound ("large-scale", "Iran-designed"). */
export function inCompound(an: Analysis, i: number): boolean {
  const t = an.tokens[i];
  if (!t) return false;
  const prev = an.tokens[i - 1];
  const next = an.tokens[i + 1];
  if (t.value === '-') return glued(prev, t) && glued(t, next) && next?.pos !== 'PUNCT';
  if (prev?.value === '-' && glued(prev, t) && glued(an.tokens[i - 2], prev)) return true;
  return next?.value === '-' && glued(t, next) && glued(next, an.tokens[i + 2]);
}

/**
 * Start index of the noun phrase that ends at token `end` ("the Islamic Republic’s formation",
 * "a large-scale armed rebellion", "the “Women, Life and Freedom” demonstrations"), or -1.
 */
export function nounPhraseBack(an: Analysis, end: number, floor: number): number {
  const last = an.tokens[end];
  if (!last || !(NOMINAL.has(last.pos) || inCompound(an, end))) return -1;
  let i = end;
  while (i - 1 >= floor) {
    const t = an.tokens[i - 1];
    if (!t) break;
    if (t.pos === 'DET' || (t.pos === 'PRON' && POSSESSIVE_PRONOUNS.has(t.lower))) {
      i--;
      break;
    }
    if (MODIFIER.has(t.pos) || inCompound(an, i - 1) || isPossessiveMark(t)) {
      i--;
      continue;
    }
    if (t.pos === 'ADV' && an.tokens[i]?.pos === 'ADJ') {
      i--;
      continue;
    }
    if (t.pos === 'PUNCT' && CLOSE_QUOTES.has(t.value)) {
      const open = matchingOpenQuote(an, i - 1, floor);
      if (open < 0) break;
      i = open;
      continue;
    }
    break;
  }
  return i;
}

function isPossessiveMark(t: Tok): boolean {
  return t.pos === 'PART' && /^[’']s?$/u.test(t.value);
}

function matchingOpenQuote(an: Analysis, close: number, floor: number): number {
  for (let j = close - 1; j >= floor && close - j < 12; j--) {
    const t = an.tokens[j];
    if (t && OPEN_QUOTES.has(t.value) && t.pos === 'PUNCT') return j;
  }
  return -1;
}

/**
 * End index of the noun phrase that starts at token `start` ("short range ballistic missiles",
 * "Shahid and Mohajer armed unmanned aerial systems"), or -1 when no noun heads it.
 */
export function nounPhraseForward(an: Analysis, start: number, ceil: number): number {
  let i = start;
  let lastHead = -1;
  while (i <= ceil) {
    const t = an.tokens[i];
    if (!t) break;
    if (MODIFIER.has(t.pos) || inCompound(an, i)) {
      if (t.pos !== 'ADJ' && t.value !== '-') lastHead = i;
      i++;
      continue;
    }
    const next = an.tokens[i + 1];
    if (
      t.pos === 'CCONJ' &&
      lastHead >= 0 &&
      next &&
      (next.pos === 'PROPN' || next.pos === 'ADJ')
    ) {
      i++;
      continue;
    }
    break;
  }
  return lastHead;
}

/** Index of the first token of the clause that ends at `end`: after a comma, a relative pronoun or a conjunction. */
export function clauseStart(an: Analysis, end: number, floor: number): number {
  let i = end;
  while (i - 1 >= floor && end - i < MAX_SUBJECT_WORDS) {
    const t = an.tokens[i - 1];
    if (isBoundary(t) || isRelative(t) || t?.pos === 'SCONJ') break;
    i--;
  }
  return i;
}

/** Index of the last token of the clause that starts at `start`. */
export function clauseEnd(an: Analysis, start: number, ceil: number): number {
  let i = start;
  while (i + 1 <= ceil && i - start < MAX_SUBJECT_WORDS && !isBoundary(an.tokens[i + 1])) i++;
  return i;
}

/** Drops leading and trailing function words so a cut phrase reads as a phrase. */
export function trimFunctionWords(
  an: Analysis,
  a: number,
  b: number,
  leading: boolean,
): [number, number] {
  let s = a;
  let e = b;
  while (
    e >= s &&
    TRAILING_JUNK.has(an.tokens[e]?.pos ?? 'X') &&
    !CLOSE_QUOTES.has(an.tokens[e]?.value ?? '')
  )
    e--;
  if (leading) {
    while (s <= e && ['ADP', 'SCONJ', 'CCONJ', 'PUNCT'].includes(an.tokens[s]?.pos ?? 'X')) s++;
  }
  return [s, e];
}

/**
 * Verbatim text of tokens a..b made readable: unbalanced quote marks removed, whitespace folded,
 * cut to MAX_SUBJECT_WORDS words.
 */
export function readable(an: Analysis, a: number, b: number): string {
  return tidy(span(an, a, b));
}

export function tidy(text: string, maxWords = MAX_SUBJECT_WORDS): string {
  let s = text.replace(/\s+/gu, ' ').trim();
  const opens = (s.match(/“/gu) ?? []).length;
  const closes = (s.match(/”/gu) ?? []).length;
  if (opens !== closes) s = s.replace(/[“”]/gu, '');
  if (((s.match(/"/gu) ?? []).length & 1) === 1) s = s.replace(/"/gu, '');
  s = s
    .replace(/\(\s*\)/gu, '')
    .replace(/\s+([,.;:])/gu, '$1')
    .replace(/[\s,;:]+$/u, '')
    .trim();
  const words = s.split(' ');
  if (words.length > maxWords) s = `${words.slice(0, maxWords).join(' ')}…`;
  return s;
}
