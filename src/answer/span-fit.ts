/**
 * How well a candidate span fits the kind of answer a question asks for: a date for "when", a
 * person for "who", countries for "which countries", the holder of a role for "who is the
 * president of X". Read by the short-answer extractor (short.ts) as its type-fit signal.
 */

import { looksLikeDemonym, sameOwner } from '../language/name-words.ts';
import type { QuestionShape } from '../language/question-shape.ts';
import { knownPlace } from './places.ts';
import type { ReadSentence, STok } from './sentence-tokens.ts';
import type { Span, SpanLook } from './spans.ts';

export function look(s: Span, k: SpanLook): number {
  return s.looks[k] ?? 0;
}

/** The weakest fit among the names a list is made of (0 when it holds fewer than two). */
export function listItemsFit(shape: QuestionShape, list: Span, spans: readonly Span[]): number {
  let min = 1;
  let items = 0;
  let end = list.first - 1;
  for (const s of spans) {
    if ((s.looks.name ?? 0) === 0 || s.first <= end || s.first < list.first || s.last > list.last)
      continue;
    min = Math.min(min, kindFit(shape, s));
    items++;
    end = s.last;
  }
  return items >= 2 ? min : 0;
}

/** "Which countries…" wants countries, not continents: 1.15 for a match, 0.6 for a mismatch. */
function placeMatch(shape: QuestionShape, s: Span): number {
  const wanted = /^(?:countri|nation|state)/u.test(shape.focus?.stem ?? '')
    ? 'country'
    : /^(?:citi|capit|town)/u.test(shape.focus?.stem ?? '')
      ? 'city'
      : /^contin/u.test(shape.focus?.stem ?? '')
        ? 'continent'
        : null;
  if (!wanted || !s.placeKind) return 1;
  return s.placeKind === wanted ? 1.15 : 0.6;
}

/** The stems of units of time: what a span of time ("two years") counts. */
const TIME_UNIT = /^(?:second|minut|hour|day|night|week|month|year|decad|centuri|millenni)$/u;

/** How well a span fits the kind of answer asked for, 0..1. */
export function kindFit(shape: QuestionShape, s: Span): number {
  const np = look(s, 'np');
  const name = look(s, 'name');
  switch (shape.kind) {
    case 'date':
      return look(s, 'date');
    case 'number': {
      if (s.year && shape.countable) return 0;
      // "how many drones": "several months" is a span of time, not a number of drones; "how many
      // years" is answered by one
      if (s.duration && shape.countable && !TIME_UNIT.test(shape.focus?.stem ?? '')) return 0;
      // "how much did Russia pay": a sum of money, never a count of missiles
      if (shape.money && !s.money) return 0;
      const amount = Math.max(look(s, 'number'), 0.5 * look(s, 'date') * (shape.countable ? 0 : 1));
      // "how large", "how long": the amount with what it measures ("436,000 square kilometres")
      if (shape.countable === false && amount > 0) return s.unit ? 1 : 0.85 * amount;
      return amount;
    }
    case 'person':
      return Math.max(
        look(s, 'person'),
        0.6 * look(s, 'organisation'),
        0.5 * name,
        // countries act too: "the United States imposed sanctions"
        0.5 * look(s, 'place'),
        0.25 * np,
      );
    // a name that looks like a person's is no place or institution ("Photo by Sobhan Farajvan")
    case 'organisation':
      return Math.max(
        look(s, 'organisation'),
        0.6 * name * (1 - look(s, 'person')),
        0.3 * look(s, 'place'),
        0.3 * np,
      );
    case 'place':
      return Math.min(
        1,
        Math.max(
          placeMatch(shape, s) * look(s, 'place'),
          0.6 * name * (1 - look(s, 'person')),
          0.35 * look(s, 'organisation'),
          0.2 * np,
        ),
      );
    case 'definition':
      return Math.max(look(s, 'definition'), 0.2 * np);
    case 'reason':
      return Math.max(look(s, 'reason'), 0.1 * np);
    case 'thing':
    case 'any':
      return Math.max(
        0.6 * np,
        0.65 * name,
        0.6 * look(s, 'organisation'),
        0.6 * look(s, 'place'),
        0.6 * look(s, 'person'),
        0.5 * look(s, 'adj'),
        0.6 * look(s, 'list'),
        0.4 * look(s, 'number'),
        0.4 * look(s, 'date'),
      );
    default:
      return 0;
  }
}

/**
 * The role check: "who is the president of Ukraine" is answered only by a person whose title
 * holds the role and belongs to the owner ("Ukrainian President X", "President X" in a sentence
 * about Ukraine with no other country's adjective on the title, "X, the president of Ukraine").
 */
export function roleFit(
  rs: ReadSentence,
  s: Span,
  role: { role: string; of: string },
  terms: { weights: ReadonlyMap<string, number> },
): number {
  const { toks } = rs;
  if (look(s, 'person') < 0.3) return 0;
  const roleHead = (role.role.split(' ').at(-1) ?? role.role).toLowerCase();
  const ownerWords = role.of.split(/\s+/u);
  const isOwner = (t: STok | undefined) =>
    t !== undefined && ownerWords.some((w) => sameOwner(t.value, w));
  // "X, the president of Ukraine"
  if (
    toks[s.last + 1]?.value === ',' &&
    roleWithOwner(toks.slice(s.last + 2, s.last + 9), roleHead, isOwner, true)
  )
    return 1;
  // "The Prime Minister of India is Narendra Modi", "Narendra Modi is the prime minister of India"
  if (roleAcrossCopula(toks, s, roleHead, isOwner)) return 1;
  if (!s.title) return 0;
  const title = toks.slice(s.title.first, s.title.last + 1);
  if (!title.some((t) => t.lower === roleHead)) return 0;
  // qualifiers: "Ukrainian President", "Iran's supreme leader"
  const qualifiers = title.filter((t) => looksLikeDemonym(t.value));
  const before = toks[s.title.first - 1];
  const owner = before && /^['’]s?$/u.test(before.value) ? toks[s.title.first - 2] : undefined;
  if (owner) qualifiers.push(owner);
  if (qualifiers.length > 0)
    return qualifiers.every((q) => isOwner(q) || (terms.weights.get(q.stem) ?? 0) > 0) ? 1 : 0;
  // an unqualified title ("President Biden"): the sentence must be about the owner; when it also
  // names another country the title may be that country's (a sentence on U.S.–Iran talks), so the
  // fit is halved and a title the documents qualify with the owner wins
  const otherCountry = toks.some(
    (t, i) =>
      // a name in the span is no country ("Pezeshkian" is not a nationality)
      (i < s.first || i > s.last) &&
      !isOwner(t) &&
      (looksLikeDemonym(t.value) ||
        knownPlace(t.value.replace(/\.$/u, '')) === 'country' ||
        /^U\.?S\.?$/u.test(t.value)),
  );
  if (!toks.some((t) => isOwner(t))) return 0;
  return otherCountry ? 0.5 : 1;
}

/** Words that say a person is (or was) what follows or what precedes. */
const ROLE_COPULAS = new Set(['is', 'was', 'became', 'remains']);

/** How far a role and its owner may stand from the copula: "the sixth and current President of". */
const ROLE_REACH = 6;

/**
 * The role said of the person across a copula, with its owner: "ROLE of OWNER is X", "OWNER's
 * ROLE was X", "the Zambian president is X" before the span; "X is the (sixth) ROLE of OWNER",
 * "X became OWNER's ROLE", "X is the OWNER-adjective ROLE" after it ("has been" counts as "is").
 * The owner must be named between the copula and the far end of the role's phrase.
 */
function roleAcrossCopula(
  toks: readonly STok[],
  s: Span,
  roleHead: string,
  isOwner: (t: STok | undefined) => boolean,
): boolean {
  const copula = (k: number) =>
    ROLE_COPULAS.has(toks[k]?.lower ?? '') ||
    (toks[k]?.lower === 'been' && /^(?:has|have|had)$/u.test(toks[k - 1]?.lower ?? ''));
  // before the span: the role (and its owner) then the copula right before the name
  const before = toks.slice(Math.max(0, s.first - 1 - ROLE_REACH), s.first - 1);
  const owned = (t: STok) => isOwner(t) || looksOwned(t, isOwner);
  if (copula(s.first - 1) && roleWithOwner(before, roleHead, owned, false)) return true;
  // after the span: the copula right after the name, then the role and its owner
  let k = s.last + 1;
  if (toks[k]?.lower === 'has' || toks[k]?.lower === 'had') k++;
  return (
    copula(k) && roleWithOwner(toks.slice(k + 1, k + 4 + ROLE_REACH), roleHead, isOwner, false)
  );
}

/**
 * The role named among a few tokens with its owner: after the role ("the president of Ukraine")
 * when `ownerAfterRole`, else anywhere among them ("Chile's president", "the president of Chile").
 */
function roleWithOwner(
  window: readonly STok[],
  roleHead: string,
  owns: (t: STok) => boolean,
  ownerAfterRole: boolean,
): boolean {
  const at = window.findIndex((t) => t.lower === roleHead);
  return at >= 0 && (ownerAfterRole ? window.slice(at) : window).some(owns);
}

/** "India's" of "India's prime minister": the owner with its possessive. */
function looksOwned(t: STok, isOwner: (t: STok | undefined) => boolean): boolean {
  const bare = t.value.replace(/['’]s?$/u, '');
  return bare !== t.value && isOwner({ ...t, value: bare });
}
