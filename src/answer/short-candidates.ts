/**
 * The candidate spans of one sentence and their features (`Candidate`, `scoreSentence`): spans of
 * the asked kind (dates, numbers, names, noun phrases, reasons, definitions), their variants
 * without the question's own words at the edges, and the features the fitted model weighs.
 */
import { isStopword } from '../language/analyzer.ts';
import type { QuestionShape } from '../language/question-shape.ts';
import { acronymExpansions, definitionSpans } from './definition-spans.ts';
import { dateSpans, numberSpans } from './figure-spans.ts';
import { nameSpans } from './name-spans.ts';
import type { ReadSentence, STok } from './sentence-tokens.ts';
import { type Features, linearSpanScore, type ShortModel } from './short-model.ts';
import {
  acrossCopula,
  focusScore,
  isFocusMissing,
  linkedToQuestion,
  nearestDistance,
  sideScore,
  windowScore,
} from './short-signals.ts';
import { foldText, type Terms, termOccurrences, termWeight } from './short-terms.ts';
import { kindFit, listItemsFit, roleFit } from './span-fit.ts';
import { nounSpans, reasonSpans, type Span, type SpanLook, trimEdges } from './spans.ts';
/**
 * The span score is a fitted model over the features below (`Features`, in `SHORT_FEATURES`
 * order): a linear part, fitted with a listwise softmax loss, plus boosted regression trees over
 * its residuals (what a weighted sum cannot say: a capitalised neighbour matters for a name, not
 * for a date). `npm run fit -- short` fits both on public questions, cross-validates them by
 * article, and writes src/models/short.json with the calibration of its confidence (see README,
 * "A short answer only when sure"). The settings below are how candidates are found, not weighed.
 */
export const SHORT_SETTINGS = {
  /** Words a span may have before its length counts against it. */
  shortLength: 4,
  /** The window credit of a question word halves every this many tokens. */
  decay: 6,
  /** How many of the best sentences are read. */
  sentences: 3,
  /**
   * Below this confidence (the F1 such phrases had on held-out articles) there is no phrase: no
   * short answer, and for a typed question no phrase of the asked kind, which the decision reads
   * ("how many" over a sentence without a count is inexact). 0.15 on the calibration fitted on
   * NQ and SQuAD: at 0.2 answerable questions were declined more often (SQuAD dev 0.038 → 0.055,
   * NQ dev 0.138 → 0.177) for no more near misses declined (README, "A short answer only when
   * sure").
   */
  minConfidence: 0.15,
};

/** A candidate span of one sentence, scored. */
export interface Candidate {
  text: string;
  /** UTF-16 offsets into the sentence text. */
  start: number;
  end: number;
  score: number;
  fit: number;
  features: Features;
  /** The question names the kind of thing it wants ("tanks", "capital") and the sentence lacks it. */
  focusMissing: boolean;
  /** The sentence spells out the question's acronym here. */
  expands: boolean;
}

// "of course", "in fact": a preposition and a noun that say nothing about the question
const IDIOMS = new Set([
  'of course',
  'in fact',
  'in particular',
  'for example',
  'for instance',
  'in addition',
  'in general',
  'in practice',
  'in turn',
  'in part',
  'at least',
  'at most',
  'in total',
  'in response',
  'in contrast',
  'on average',
]);

const NOMINAL_END = new Set(['NOUN', 'PROPN', 'NUM', 'X']);

/** Every candidate span of a sentence, scored and sorted best first. */
export function scoreSentence(
  rs: ReadSentence,
  shape: QuestionShape,
  terms: Terms,
  model: ShortModel | null,
): Candidate[] {
  const { toks } = rs;
  const weight = toks.map((t) => termWeight(t, terms));
  const matchedPositions: number[] = [];
  weight.forEach((w, i) => {
    if (w > 0) matchedPositions.push(i);
  });
  const raw: Span[] = [];
  const kind = shape.kind;
  raw.push(...dateSpans(rs), ...numberSpans(rs), ...nameSpans(rs), ...nounSpans(rs));
  if (kind === 'reason') raw.push(...reasonSpans(rs));
  if (kind === 'definition' && terms.termStems.size > 0) {
    for (const term of termOccurrences(toks, terms)) raw.push(...definitionSpans(rs, term));
  }
  // "Which countries form the E3?": the sentence spelling out a question's acronym answers it
  for (const t of toks) {
    if (!/^\p{Lu}[\p{Lu}\p{N}]+$/u.test(t.value) || !terms.weights.has(t.stem)) continue;
    for (const e of acronymExpansions(rs, t.value)) {
      const list = toks
        .slice(e.first, e.last + 1)
        .some((x) => x.value === ',' || x.lower === 'and');
      raw.push({
        ...e,
        looks: { definition: 1, np: 0.5, ...(list ? { list: 0.8 } : {}) },
        linked: true,
        expands: true,
      });
    }
  }
  const spans = dedupe(raw.flatMap((s) => variants(toks, s, weight)));
  const focusMissing = isFocusMissing(toks, shape, terms);
  const out: Candidate[] = [];
  for (const s of spans) {
    const first = toks[s.first] as STok;
    const last = toks[s.last] as STok;
    const text = rs.text.slice(first.start, last.end);
    if (terms.questionText.includes(` ${foldText(text)} `)) continue;
    let content = 0;
    let repeated = 0;
    let stops = 0;
    for (let k = s.first; k <= s.last; k++) {
      const t = toks[k] as STok;
      if (!/[\p{L}\p{N}]/u.test(t.value)) continue;
      content++;
      if ((weight[k] ?? 0) > 0) repeated++;
      if (isStopword(t.value) && !/\d/u.test(t.value)) stops++;
    }
    // "many", "other", "one": words that only point elsewhere answer nothing
    // (an acronym's expansion is made of the words the question's acronym stands for, and answers it)
    if (content === 0 || (repeated === content && !s.expands) || stops === content) continue;
    if (s.first === s.last && IDIOMS.has(`${toks[s.first - 1]?.lower} ${first.lower}`)) continue;
    let fit = kindFit(shape, s);
    // a list is of the kind its items are: "the United Kingdom, France, and Germany" are places
    if ((s.looks.list ?? 0) > 0) {
      fit = Math.max(fit, 0.9 * listItemsFit(shape, s, spans));
      // "which countries…": several things asked, several given
      if (terms.plural) fit = Math.min(1, fit + 0.15);
    }
    // a phrase the sentence gives as the question's own term is what "which"/"what" asks for;
    // not a count or a date: "how many SRBMs" is not answered by "short-range ballistic missile"
    if (s.linked && kind !== 'number' && kind !== 'date') fit = Math.max(fit, 0.7);
    if (shape.role && fit > 0) fit = roleFit(rs, s, shape.role, terms);
    if (fit <= 0.05) continue;
    const nearest = nearestDistance(s, matchedPositions);
    const isName = (s.looks.name ?? 0) > 0;
    const features: Features = {
      // what/which questions: the kind of a noun phrase says little (cross-validated F1 was 0.484
      // with it, 0.487 without)
      fit: kind !== 'thing' && kind !== 'any' ? fit : 0,
      window: windowScore(toks, s, matchedPositions, weight, terms, SHORT_SETTINGS.decay),
      near: nearest === Infinity ? 0 : 1 / nearest,
      link: linkedToQuestion(toks, s, weight) ? 1 : 0,
      focus: focusScore(toks, s, shape),
      linked: s.linked ? 1 : 0,
      // a name holding a question word is mostly the question's own name ("the Black Sea")
      inside: isName ? 0 : repeated / content,
      insideName: isName ? repeated / content : 0,
      copula: acrossCopula(toks, s, weight) ? 1 : 0,
      // a list is as long as it is: its items are the answer
      length: (s.looks.list ?? 0) > 0 ? 0 : Math.max(0, content - SHORT_SETTINGS.shortLength),
      prior: 0,
      side: sideScore(toks, s, weight, terms),
      proper: toks
        .slice(s.first, s.last + 1)
        .some((t, k) => t.cap && (s.first + k > 0 || t.pos === 'PROPN'))
        ? 1
        : 0,
      bracketed: toks[s.first - 1]?.value === '(' || toks[s.last + 1]?.value === ')' ? 1 : 0,
      preposition:
        terms.preposition !== null &&
        (toks[s.first - 1]?.lower === terms.preposition ||
          toks[s.first]?.lower === terms.preposition)
          ? 1
          : 0,
      cut:
        (s.first > 1 && toks[s.first - 1]?.cap === true) ||
        toks[s.last + 1]?.cap === true ||
        partOfLonger(s, spans)
          ? 1
          : 0,
      several: (s.looks.list ?? 0) > 0 ? (terms.plural ? 1 : -1) : 0,
      lookPerson: s.looks.person ?? 0,
      lookOrganisation: s.looks.organisation ?? 0,
      lookPlace: s.looks.place ?? 0,
      lookName: s.looks.name ?? 0,
      lookNp: s.looks.np ?? 0,
      lookDate: s.looks.date ?? 0,
      lookNumber: s.looks.number ?? 0,
      asksPerson: kind === 'person' || kind === 'organisation' ? 1 : 0,
      asksPlace: kind === 'place' ? 1 : 0,
      asksDate: kind === 'date' ? 1 : 0,
      asksNumber: kind === 'number' ? 1 : 0,
      asksThing: kind === 'thing' || kind === 'any' ? 1 : 0,
      // set by the reader, which knows the passage's page (rankCandidates)
      titled: 0,
    };
    const score = linearSpanScore(features, model);
    out.push({
      text,
      start: first.start,
      end: last.end,
      score,
      fit,
      features,
      focusMissing,
      expands: s.expands === true,
    });
  }
  out.sort((a, b) => b.score - a.score || a.start - b.start);
  return out;
}

/** A span as found, and without the question's own words at its edges ("the Port" → kept whole, "Iran's X" → "X"). */
function variants(toks: readonly STok[], s: Span, weight: readonly number[]): Span[] {
  const trimmed = trimEdges(toks, s);
  if (!trimmed) return [];
  const out = [trimmed];
  // a name holding the question's word is the question's own name ("Ethelred II of England"), and an
  // acronym's expansion is whole
  if ((s.looks.name ?? 0) > 0 || s.expands) return out;
  let a = trimmed.first;
  let b = trimmed.last;
  while (a < b && ((weight[a] ?? 0) > 0 || toks[a]?.pos === 'PART' || toks[a]?.value === "'s")) a++;
  while (b > a && (weight[b] ?? 0) > 0) b--;
  if (a !== trimmed.first || b !== trimmed.last) {
    const inner = trimEdges(toks, { ...trimmed, first: a, last: b });
    // "particular" left of "algorithm": a modifier without its noun answers nothing
    const cut = inner !== null && inner.last < trimmed.last;
    if (inner && (!cut || NOMINAL_END.has(toks[inner.last]?.pos ?? ''))) out.push(inner);
  }
  return out;
}

/**
 * The span is the edge of a longer one that is a single answer: a place without the region that
 * follows it ("Paradise" of "Paradise, Nevada"), or a list without its first items ("France, and
 * Germany" of "the United Kingdom, France, and Germany").
 */
function partOfLonger(s: Span, spans: readonly Span[]): boolean {
  const list = (s.looks.list ?? 0) > 0;
  return spans.some(
    (o) =>
      ((o.first === s.first && o.last > s.last) || (o.last === s.last && o.first < s.first)) &&
      (o.qualified === true || (list && (o.looks.list ?? 0) > 0)),
  );
}

function dedupe(spans: readonly Span[]): Span[] {
  const byKey = new Map<string, Span>();
  for (const s of spans) {
    const key = `${s.first}:${s.last}`;
    const old = byKey.get(key);
    if (!old) {
      byKey.set(key, { ...s, looks: { ...s.looks } });
      continue;
    }
    for (const [k, v] of Object.entries(s.looks) as [SpanLook, number][])
      old.looks[k] = Math.max(old.looks[k] ?? 0, v);
    old.linked ||= s.linked;
    old.title ??= s.title;
    old.year ||= s.year;
    old.unit ||= s.unit;
    old.placeKind ??= s.placeKind;
    old.expands ||= s.expands;
    old.qualified ||= s.qualified;
  }
  return [...byKey.values()];
}
