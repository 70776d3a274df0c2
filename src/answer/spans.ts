import { isMonthName } from '../facts/dates.ts';
import {
  looksLikeDemonym,
  NAME_PARTICLES,
  PLACE_HEADS,
  PLACE_PREPOSITIONS,
  SPEECH_VERBS,
  TITLE_MODIFIERS,
  TITLE_WORDS,
} from '../language/name-words.ts';
import { CURRENCY_NAMES } from '../language/question.ts';
import { INSTITUTION_HEADS } from '../language/words.ts';
import { knownPlace, type PlaceKind } from './places.ts';
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
  /** A sum of money: wink's MONEY, a currency sign or a currency's name beside the number. */
  money?: boolean;
  /** A country, capital or continent by the gazetteer. */
  placeKind?: PlaceKind | null;
  /** A place with its region or country after it ("Paradise, Nevada"). */
  qualified?: boolean;
  /** The sentence's own expansion of an acronym the question asks about ("… (SRBM)"). */
  expands?: boolean;
}

const YEAR = /^(?:1[0-9]{3}|20[0-9]{2})s?$/u;
const SEASON = /^(?:spring|summer|fall|autumn|winter)$/u;
const DATE_EDGE = /^(?:early|late|mid|mid-|the|end|beginning|middle|start)$/u;
const NOMINAL = new Set(['NOUN', 'PROPN', 'NUM', 'X']);
const MODIFIER = new Set(['NOUN', 'PROPN', 'NUM', 'X', 'ADJ']);
const FUNCTION_POS = new Set([
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
function glued(a: STok | undefined, b: STok | undefined): boolean {
  return a !== undefined && b !== undefined && a.end === b.start;
}

function isHyphenJoin(toks: readonly STok[], i: number): boolean {
  const t = toks[i];
  return (
    t !== undefined &&
    (t.value === '-' || t.value === '/') &&
    glued(toks[i - 1], t) &&
    glued(t, toks[i + 1]) &&
    /[\p{L}\p{N}]/u.test(toks[i + 1]?.value ?? '')
  );
}

/** Dates: wink DATE/TIME entities, years, "the 10th and 11th centuries", "the fall of 2022". */
export function dateSpans(rs: ReadSentence): Span[] {
  const out: Span[] = [];
  const { toks } = rs;
  const covered = new Set<number>();
  for (const e of rs.ents) {
    const words = toks.slice(e.first, e.last + 1);
    const hasYear = words.some((t) => YEAR.test(t.value));
    if (e.type === 'DATE' || e.type === 'TIME' || (e.type === 'DURATION' && hasYear)) {
      let a = e.first;
      // "Since 2016", "in 1979": the date is what follows the preposition
      while (a < e.last && /^(?:since|in|from|until|by|during|on|at)$/u.test(toks[a]?.lower ?? ''))
        a++;
      out.push({ first: a, last: e.last, looks: { date: 1 } });
      for (let k = e.first; k <= e.last; k++) covered.add(k);
    } else if (e.type === 'ORDINAL' && /^centur/u.test(toks[e.last + 1]?.lower ?? '')) {
      out.push({ first: e.first, last: e.last + 1, looks: { date: 0.9 } });
    }
  }
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as STok;
    if (covered.has(i) || !YEAR.test(t.value) || t.pos === 'PROPN') continue;
    let a = i;
    const prev = toks[i - 1];
    if (prev && (isMonthName(prev.value) || SEASON.test(prev.lower))) a = i - 1;
    out.push({ first: a, last: i, looks: { date: 1 }, year: true });
  }
  // "the 10th and 11th centuries"
  for (let i = 0; i + 3 < toks.length; i++) {
    const [a, b, c, d] = [toks[i], toks[i + 1], toks[i + 2], toks[i + 3]];
    if (
      a &&
      b &&
      c &&
      d &&
      /^\d+(?:st|nd|rd|th)$/u.test(a.lower) &&
      b.lower === 'and' &&
      /^\d+(?:st|nd|rd|th)$/u.test(c.lower) &&
      /^centur/u.test(d.lower)
    )
      out.push({ first: i, last: i + 3, looks: { date: 1 } });
  }
  for (const s of out) {
    // "early 2022", "late 1990s": keep the qualifier wink may have left outside
    const p = toks[s.first - 1];
    if (p && DATE_EDGE.test(p.lower) && p.lower !== 'the' && p.pos === 'ADJ') s.first--;
  }
  return out;
}

/** A currency's name after an amount ("2 billion dollars", "500 million rials"). */
const CURRENCY = new RegExp(`^(?:${CURRENCY_NAMES})$`, 'u');

/** Amounts: wink CARDINAL, MONEY, PERCENT and durations, alone and with what they count. */
export function numberSpans(rs: ReadSentence): Span[] {
  const out: Span[] = [];
  const { toks } = rs;
  const seen = new Set<number>();
  const add = (first: number, last: number, duration: boolean, entity = '') => {
    let b = last;
    // "2.4m", "$2bn": a unit glued to the number
    while (
      glued(toks[b], toks[b + 1]) &&
      /^(?:m|bn|k|km|kg|%|million|billion)$/iu.test(toks[b + 1]?.value ?? '')
    )
      b++;
    const words = toks.slice(first, b + 1);
    const year = words.length === 1 && YEAR.test(words[0]?.value ?? '') && !duration;
    const looks = { number: year ? 0.3 : duration ? 0.8 : 1 };
    const money =
      !duration &&
      (entity === 'MONEY' ||
        /^[$€£¥₽﷼]/u.test(toks[first - 1]?.value ?? '') ||
        /[$€£¥₽﷼]/u.test(words.map((t) => t.value).join('')) ||
        CURRENCY.test(toks[b + 1]?.lower ?? '') ||
        CURRENCY.test(toks[b + 2]?.lower ?? ''));
    out.push({ first, last: b, looks, year, unit: duration, ...(money ? { money } : {}) });
    if (year) return;
    // with what it counts: "380 years", "10 million homes", "436,000 square kilometres"
    let c = b;
    while (
      c + 1 < toks.length &&
      c - b < 6 &&
      (MODIFIER.has(toks[c + 1]?.pos ?? '') || isHyphenJoin(toks, c + 1))
    )
      c++;
    // the whole compound or nothing: "several hundred short range ballistic missiles"
    while (c > b && toks[c]?.pos !== 'NOUN') c--;
    if (c > b && toks[c + 1]?.pos !== 'NOUN')
      out.push({ first, last: c, looks: { number: 0.85 }, unit: true });
    // "hundreds of drones"
    if (c === b && toks[b + 1]?.lower === 'of') {
      let d = b + 2;
      if (toks[d]?.pos === 'DET') d++;
      let e = d - 1;
      while (e + 1 < toks.length && e - d < 3 && MODIFIER.has(toks[e + 1]?.pos ?? '')) e++;
      if (e >= d && NOMINAL.has(toks[e]?.pos ?? ''))
        out.push({ first, last: e, looks: { number: 0.8 }, unit: true });
    }
  };
  for (const e of rs.ents) {
    if (
      e.type === 'CARDINAL' ||
      e.type === 'MONEY' ||
      e.type === 'PERCENT' ||
      e.type === 'QUANTITY'
    ) {
      add(e.first, e.last, false, e.type);
      for (let k = e.first; k <= e.last; k++) seen.add(k);
    } else if (e.type === 'DURATION') {
      if (toks.slice(e.first, e.last + 1).some((t) => YEAR.test(t.value))) continue;
      add(e.first, e.last, true);
      for (let k = e.first; k <= e.last; k++) seen.add(k);
    }
  }
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as STok;
    if (seen.has(i) || t.pos !== 'NUM' || !/\d/u.test(t.value)) continue;
    if (YEAR.test(t.value)) continue;
    // "Tondar-69", "Su-35": a number glued into a name is no amount
    if (glued(toks[i - 1], t) || (glued(t, toks[i + 1]) && toks[i + 1]?.value === '-')) continue;
    if (toks[i - 1]?.cap && toks[i - 1]?.pos === 'PROPN') continue;
    add(i, i, false);
  }
  return out;
}

function isNameToken(toks: readonly STok[], i: number): boolean {
  const t = toks[i];
  if (!t?.cap || !/\p{L}/u.test(t.value)) return false;
  if (isMonthName(t.value) || /^(?:I|A)$/u.test(t.value)) return false;
  if (t.pos === 'PROPN') return true;
  if (/^\p{Lu}[\p{Lu}\p{N}&]+$/u.test(t.value)) return true;
  // a capitalised common word starts every sentence; elsewhere it is part of a name
  return (
    i > 0 &&
    !FUNCTION_POS.has(t.pos) &&
    !/^["“(]/u.test(toks[i - 1]?.value ?? '') &&
    !/^[.!?:]$/u.test(toks[i - 1]?.value ?? '')
  );
}

/**
 * Capitalised names ("Masoud Pezeshkian", "Port of Long Beach", "UN General Assembly"), with any
 * title in front taken off ("Syrian President Bashar Al Assad" → "Bashar Al Assad", title
 * "Syrian President"), typed as person, organisation or place by the words in and around them.
 */
export function nameSpans(rs: ReadSentence): Span[] {
  const { toks } = rs;
  const out: Span[] = [];
  let i = 0;
  while (i < toks.length) {
    if (!isNameToken(toks, i)) {
      i++;
      continue;
    }
    let b = i;
    for (let j = i + 1; j < toks.length; j++) {
      const t = toks[j] as STok;
      if (isNameToken(toks, j)) b = j;
      else if (isHyphenJoin(toks, j) && isNameToken(toks, j + 1)) continue;
      else if (
        (t.lower === 'of' || t.lower === '&' || t.lower === 'de') &&
        isNameToken(toks, j + 1)
      )
        continue;
      else if (t.lower === 'of' && toks[j + 1]?.lower === 'the' && isNameToken(toks, j + 2))
        continue;
      else if (t.lower === 'the' && toks[j - 1]?.lower === 'of' && isNameToken(toks, j + 1))
        continue;
      else if (
        NAME_PARTICLES.has(t.lower) &&
        (isNameToken(toks, j + 1) || toks[j + 1]?.value === '-')
      )
        continue;
      // "Food and Drug Administration": "and" inside an institution's name, not between list items
      else if (t.lower === 'and' && toks[j - 1]?.value !== ',' && endsInInstitution(toks, j + 1))
        continue;
      else break;
      if (j - i > 8) break;
    }
    // "Iran-designed drones": a name inside a hyphenated modifier names nothing by itself
    const after = toks[b + 1];
    const compound =
      after?.value === '-' && glued(toks[b], after) && /^\p{Ll}/u.test(toks[b + 2]?.value ?? '');
    if (!compound) {
      const typed = typedName(toks, i, b);
      out.push(...typed);
      const qualified = qualifiedPlace(toks, typed[0], b);
      if (qualified) out.push(qualified);
    }
    i = b + 1;
  }
  return out;
}

/**
 * A place with the region or country after it, as addresses and encyclopedias write one
 * ("in Paradise, Nevada", "Toronto, Ontario, Canada"): the whole is the answer to "where", and
 * "Woodward" alone is only part of it. Read after a place (a preposition of place or the
 * gazetteer's city), up to two qualifiers, each one name; not a list ("Paris, London and Rome",
 * "the United Kingdom, France, and Germany").
 */
function qualifiedPlace(toks: readonly STok[], place: Span | undefined, b: number): Span | null {
  // a country is the last qualifier, never the one qualified ("United Kingdom, France" are two)
  if (!place || (place.looks.place ?? 0) < 0.5 || place.placeKind === 'country') return null;
  let end = b;
  for (let n = 0; n < 2; n++) {
    if (toks[end + 1]?.value !== ',' || !isNameToken(toks, end + 2)) break;
    let c = end + 2;
    while (isNameToken(toks, c + 1)) c++;
    end = c;
  }
  if (end === b) return null;
  // "Paris, London and Rome", "Lyon, Paris, and Rome", "Tehran, Iran's capital": a list goes on
  // after it, or a possessive: not one place
  const after = toks[end + 1];
  const conjunction = (t: STok | undefined) => /^(?:and|or|&)$/u.test(t?.lower ?? '');
  const goesOn =
    conjunction(after) ||
    /^['’]s?$/u.test(after?.value ?? '') ||
    (after?.value === ',' && (isNameToken(toks, end + 2) || conjunction(toks[end + 2])));
  if (goesOn) return null;
  return {
    first: place.first,
    last: end,
    looks: { place: 0.9, name: 0.55, np: 0.4 },
    qualified: true,
  };
}

const DIRECTION =
  /^(?:northern|southern|eastern|western|central|north|south|east|west|upper|lower|greater|inner|outer|coastal|rural|downtown)$/iu;

/** After "in", "at", "across the", "in western": where places are written. */
function afterPlacePreposition(toks: readonly STok[], a: number): boolean {
  let k = a - 1;
  if (DIRECTION.test(toks[k]?.value ?? '') && k < a) k--;
  if (toks[k]?.lower === 'the') k--;
  const p = toks[k];
  return (
    p !== undefined && (PLACE_PREPOSITIONS.has(p.lower) || p.lower === 'on') && p.pos === 'ADP'
  );
}

/** Whether the name starting at token i ends in an institution's head word ("Drug Administration"). */
function endsInInstitution(toks: readonly STok[], i: number): boolean {
  let k = i;
  while (isNameToken(toks, k)) k++;
  return k > i && INSTITUTION_HEADS.has(toks[k - 1]?.lower ?? '');
}

function isTitleWord(t: STok | undefined): boolean {
  return t !== undefined && (TITLE_WORDS.has(t.lower) || TITLE_MODIFIERS.has(t.lower));
}

function typedName(toks: readonly STok[], a: number, b: number): Span[] {
  // take titles (and a nationality before them) off the front: "Syrian President Bashar Al Assad"
  let s = a;
  while (
    s < b &&
    (isTitleWord(toks[s]) || (looksLikeDemonym(toks[s]?.value ?? '') && isTitleWord(toks[s + 1])))
  )
    s++;
  const hasTitle = s > a || isTitleWord(toks[a - 1]);
  let titleFirst = s > a ? a : -1;
  let titleLast = s - 1;
  if (s === a && isTitleWord(toks[a - 1])) {
    titleLast = a - 1;
    titleFirst = a - 1;
  }
  // lower-case titles before the name: "Iran's supreme leader Ali Khamenei"
  while (titleFirst > 0 && isTitleWord(toks[titleFirst - 1])) titleFirst--;
  while (titleFirst > 0 && looksLikeDemonym(toks[titleFirst - 1]?.value ?? '') && titleFirst === a)
    titleFirst--;
  const words = toks.slice(s, b + 1);
  const lowers = words.map((t) => t.lower);
  const last = lowers[lowers.length - 1] ?? '';
  const prev = toks[a - 1];
  const next = toks[b + 1];
  const orgHead = lowers.some((w) => INSTITUTION_HEADS.has(w));
  const placeHead =
    PLACE_HEADS.has(last) || (PLACE_HEADS.has(lowers[0] ?? '') && lowers[1] === 'of');
  const acronym = words.length === 1 && /^\p{Lu}[\p{Lu}\p{N}&]+s?$/u.test(words[0]?.value ?? '');
  const demonym = words.length === 1 && looksLikeDemonym(words[0]?.value ?? '');
  const particle = lowers.some((w) => NAME_PARTICLES.has(w));
  const placePrep = afterPlacePreposition(toks, a);
  const speech =
    next !== undefined &&
    (SPEECH_VERBS.has(next.lower) ||
      (next.value === ',' && SPEECH_VERBS.has(toks[b + 2]?.lower ?? '')));
  const plainName =
    words.length >= 2 &&
    words.length <= 4 &&
    words.every(
      (t) =>
        (t.pos === 'PROPN' && /^\p{Lu}\p{Ll}/u.test(t.value)) ||
        NAME_PARTICLES.has(t.lower) ||
        t.value === '-',
    );
  const demonymNext = demonym && (next?.pos === 'NOUN' || next?.pos === 'ADJ');

  let person = 0;
  if (hasTitle) person += 0.7;
  if (speech) person += 0.4;
  if (particle) person += 0.3;
  if (plainName) person += 0.35;
  if (prev?.lower === 'by' && !placePrep) person += 0.15;
  if (orgHead || placeHead || acronym || demonym) person = 0;
  let organisation = orgHead ? 0.85 : acronym ? 0.6 : 0;
  if (prev?.lower === 'the' && words.length >= 2 && !placeHead)
    organisation = Math.max(organisation, 0.4);
  const gazetteer = knownPlace(
    words
      .map((t) => t.value)
      .join(' ')
      .replace(/ - /gu, '-'),
  );
  if (gazetteer) person = 0;
  let place = placeHead || gazetteer ? 0.85 : 0;
  // "on Russian territory": the adjective is not the place, the phrase it opens is
  if (placePrep && !orgHead && !demonymNext) place = Math.max(place, 0.55);
  if (placePrep && orgHead) organisation = Math.max(organisation, 0.6);
  if (person > 0.5) place = Math.min(place, 0.3);
  // "the Normans", "the Franks": a people, answering "who"
  if (words.length === 1 && /s$/u.test(lowers[0] ?? '') && prev?.lower === 'the' && !acronym)
    person = Math.max(person, 0.5);
  const looks: Span['looks'] = {
    name: demonymNext ? 0.2 : 0.55,
    person: Math.min(1, person),
    organisation,
    place,
    np: 0.4,
  };
  if (demonym) looks.adj = 0.6;
  const title = hasTitle && titleFirst >= 0 ? { first: titleFirst, last: titleLast } : undefined;
  const spans: Span[] = [{ first: s, last: b, looks, title, placeKind: gazetteer }];
  // the title itself, for "what is X's role" and "who is X" questions
  if (s > a) spans.push({ first: a, last: s - 1, looks: { np: 0.4, definition: 0.3 } });
  return spans;
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
