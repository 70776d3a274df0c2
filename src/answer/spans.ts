/**
 * Candidate answer spans of a sentence: what a span is and looks like (`Span`, `SpanLook`), the
 * noun phrases and reasons read off its part-of-speech tags, the trimming of a span's edges, and
 * the token tests the name and figure spans (name-spans.ts, figure-spans.ts) share.
 */
import { PLACE_PREPOSITIONS } from '../language/name-words.ts';
import type { PlaceKind } from './places.ts';
import type { ReadSentence, STok } from './sentence-tokens.ts';

/** What a span of a sentence looks like; a span can look like several things at once. */
export type SpanLook =
  | 'date'
  | 'number'
  | 'person'
  | 'organisation'
  | 'place'
  | 'name'
  | 'np'
  | 'adj'
  | 'list'
  | 'definition'
  | 'reason';

/** A candidate answer: tokens first..last (inclusive) of one sentence and what they look like, 0..1. */
export interface Span {
  first: number;
  last: number;
  looks: Partial<Record<SpanLook, number>>;
  /** The title before a person's name ("Russian President"), tokens inclusive, for the role check. */
  title?: { first: number; last: number } | undefined;
  /** Tied to the question's own term by the pattern that found it (a definition, an appositive). */
  linked?: boolean;
  /** A year-like number: never a count. */
  year?: boolean;
  /** An amount with what it measures ("436,000 square kilometres", "380 years"). */
  unit?: boolean;
  /** A span of time ("several months", "two years"): a count only of a unit of time. */
  duration?: boolean;
  /** A sum of money: wink's MONEY, a currency sign or a currency's name beside the number. */
  money?: boolean;
  /** A country, capital or continent by the gazetteer. */
  placeKind?: PlaceKind | null;
  /** A place with its region or country after it ("Paradise, Nevada"). */
  qualified?: boolean;
  /** The sentence's own expansion of an acronym the question asks about ("… (SRBM)"). */
  expands?: boolean;
}

export const NOMINAL = new Set(['NOUN', 'PROPN', 'NUM', 'X']);
export const MODIFIER = new Set(['NOUN', 'PROPN', 'NUM', 'X', 'ADJ']);
export const FUNCTION_POS = new Set([
  'PRON',
  'DET',
  'ADP',
  'AUX',
  'CCONJ',
  'SCONJ',
  'PART',
  'PUNCT',
  'SYM',
]);
const STRIP_EDGE = new Set(['DET', 'ADP', 'SCONJ', 'CCONJ', 'PART', 'PUNCT', 'AUX', 'PRON']);

/** Two tokens written with no space between them ("Su" "-" "35"). */
export function glued(a: STok | undefined, b: STok | undefined): boolean {
  return a !== undefined && b !== undefined && a.end === b.start;
}

export function isHyphenJoin(toks: readonly STok[], i: number): boolean {
  const t = toks[i];
  return (
    t !== undefined &&
    (t.value === '-' || t.value === '/') &&
    glued(toks[i - 1], t) &&
    glued(t, toks[i + 1]) &&
    /[\p{L}\p{N}]/u.test(toks[i + 1]?.value ?? '')
  );
}

const DIRECTION =
  /^(?:northern|southern|eastern|western|central|north|south|east|west|upper|lower|greater|inner|outer|coastal|rural|downtown)$/iu;

/** After "in", "at", "across the", "in western": where places are written. */
export function afterPlacePreposition(toks: readonly STok[], a: number): boolean {
  let k = a - 1;
  if (DIRECTION.test(toks[k]?.value ?? '') && k < a) k--;
  if (toks[k]?.lower === 'the') k--;
  const p = toks[k];
  return (
    p !== undefined && (PLACE_PREPOSITIONS.has(p.lower) || p.lower === 'on') && p.pos === 'ADP'
  );
}

/**
 * Noun phrases read off the part-of-speech tags ("short range ballistic missiles", "the asking
 * price"), without leading articles, with their "of" complements ("analysis of algorithms") and
 * as lists ("Denmark, Iceland and Norway").
 */
export function nounSpans(rs: ReadSentence): Span[] {
  const { toks } = rs;
  const chunks: [number, number][] = [];
  let i = 0;
  while (i < toks.length) {
    if (!startsChunk(toks, i)) {
      i++;
      continue;
    }
    let b = i;
    let j = i + 1;
    for (; j < toks.length; j++) {
      if (continuesChunk(toks, j)) b = j;
      else break;
    }
    // end on a noun: a trailing adjective or joiner is not part of the phrase
    let e = b;
    while (e > i && !NOMINAL.has(toks[e]?.pos ?? '')) e--;
    if (NOMINAL.has(toks[e]?.pos ?? '')) chunks.push([i, e]);
    else if (toks[i]?.pos === 'ADJ' && b === i) chunks.push([i, i]);
    i = Math.max(b, e) + 1;
  }
  const out: Span[] = [];
  for (const [a, b] of chunks) {
    const adjOnly = toks.slice(a, b + 1).every((t) => t.pos === 'ADJ' || t.pos === 'ADV');
    const looks: Span['looks'] = adjOnly ? { adj: 0.7, np: 0.2 } : { np: 0.6 };
    // "at IRGC aerospace fair", "on Russian territory": a phrase after a preposition of place
    if (!adjOnly && afterPlacePreposition(toks, a)) looks.place = 0.5;
    out.push({ first: a, last: b, looks });
  }
  // "X of Y": one step of complement
  for (let k = 0; k + 1 < chunks.length; k++) {
    const [a, b] = chunks[k] as [number, number];
    const [c, d] = chunks[k + 1] as [number, number];
    const gap = toks.slice(b + 1, c).map((t) => t.lower);
    if (
      gap[0] === 'of' &&
      (gap.length === 1 || (gap.length === 2 && STRIP_EDGE.has(toks[b + 2]?.pos ?? '')))
    )
      out.push({ first: a, last: d, looks: { np: 0.5 } });
  }
  // lists: "Denmark, Iceland and Norway", "analysis of algorithms and computability theory"
  for (let k = 0; k < chunks.length; k++) {
    let end = k;
    let sawAnd = false;
    for (let m = k + 1; m < chunks.length; m++) {
      const [, pb] = chunks[m - 1] as [number, number];
      const [ma] = chunks[m] as [number, number];
      const gap = toks.slice(pb + 1, ma).map((t) => t.lower);
      const joined = gap.join(' ');
      if (
        joined === ',' ||
        joined === 'and' ||
        joined === 'or' ||
        joined === ', and' ||
        joined === ', or'
      ) {
        end = m;
        if (joined !== ',') {
          sawAnd = true;
          break;
        }
      } else break;
    }
    if (end > k && sawAnd) {
      const [a] = chunks[k] as [number, number];
      const [, d] = chunks[end] as [number, number];
      out.push({ first: a, last: d, looks: { list: 0.8, np: 0.45 } });
    }
  }
  return out;
}

function startsChunk(toks: readonly STok[], i: number): boolean {
  const t = toks[i];
  if (!t) return false;
  if (MODIFIER.has(t.pos)) return true;
  if (
    t.pos === 'ADV' &&
    toks[i + 1]?.pos === 'ADJ' &&
    (glued(t, toks[i + 1]) || /ly$/u.test(t.lower))
  )
    return true;
  return (
    t.pos === 'VERB' &&
    /(?:ed|ing)$/u.test(t.lower) &&
    MODIFIER.has(toks[i + 1]?.pos ?? '') &&
    toks[i - 1]?.pos === 'DET'
  );
}

function continuesChunk(toks: readonly STok[], j: number): boolean {
  const t = toks[j] as STok;
  if (MODIFIER.has(t.pos)) return true;
  if (isHyphenJoin(toks, j)) return true;
  if (toks[j - 1]?.value === '-' && glued(toks[j - 1], t) && /[\p{L}\p{N}]/u.test(t.value))
    return true;
  // "Iran's nuclear programme": a possessive inside the phrase
  if (t.pos === 'PART' && /^['’]s?$/u.test(t.value) && MODIFIER.has(toks[j + 1]?.pos ?? ''))
    return true;
  if (t.pos === 'SYM' && /^[%$€£]$/u.test(t.value)) return true;
  // "armed drones", "newly built factories"
  if (t.pos === 'VERB' && /(?:ed|ing)$/u.test(t.lower) && NOMINAL.has(toks[j + 1]?.pos ?? ''))
    return true;
  return t.pos === 'ADV' && toks[j + 1]?.pos === 'ADJ' && /ly$/u.test(t.lower);
}

const REASON_CUES: readonly string[][] = [
  ['because', 'of'],
  ['because'],
  ['due', 'to'],
  ['owing', 'to'],
  ['thanks', 'to'],
  ['as', 'a', 'result', 'of'],
  ['in', 'order', 'to'],
  ['so', 'that'],
  ['so', 'as', 'to'],
  ['driven', 'by'],
  ['motivated', 'by'],
  ['prompted', 'by'],
  ['in', 'response', 'to'],
  ['caused', 'by'],
  ['given'],
  ['amid'],
];

/** Reasons: what follows "because", "due to", "driven by", "in order to", up to the clause's end. */
export function reasonSpans(rs: ReadSentence): Span[] {
  const { toks } = rs;
  const out: Span[] = [];
  for (let i = 0; i < toks.length; i++) {
    for (const cue of REASON_CUES) {
      if (!cue.every((w, k) => toks[i + k]?.lower === w)) continue;
      const a = i + cue.length;
      let b = a;
      while (b + 1 < toks.length && b - a < 20 && !/^[,;:.!?)–—]$/u.test(toks[b + 1]?.value ?? ''))
        b++;
      if (b >= a && /[\p{L}\p{N}]/u.test(toks[a]?.value ?? ''))
        out.push({
          first: a,
          last: b,
          looks: { reason: cue.length > 1 || cue[0] === 'because' ? 0.9 : 0.5 },
        });
      break;
    }
  }
  return out;
}

/** Trims articles, prepositions and punctuation from a span's ends; null when nothing is left. */
export function trimEdges(toks: readonly STok[], span: Span): Span | null {
  let a = span.first;
  let b = span.last;
  while (
    a <= b &&
    (STRIP_EDGE.has(toks[a]?.pos ?? '') || !/[\p{L}\p{N}$€£]/u.test(toks[a]?.value ?? ''))
  )
    a++;
  while (
    b >= a &&
    ((STRIP_EDGE.has(toks[b]?.pos ?? '') && !/^[)”"]$/u.test(toks[b]?.value ?? '')) ||
      !/[\p{L}\p{N}%)”"]/u.test(toks[b]?.value ?? ''))
  )
    b--;
  if (b < a) return null;
  return a === span.first && b === span.last ? span : { ...span, first: a, last: b };
}
