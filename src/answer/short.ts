import type { Paragraph } from '../corpus/types.ts';
import { indexTerms, isStopword, tokenize } from '../language/analyzer.ts';
import { TITLE_WORDS } from '../language/name-words.ts';
import { normalizeText } from '../language/normalize.ts';
import type { AnswerKind, QuestionShape } from '../language/question.ts';
import { editDistance } from '../language/spelling.ts';
import { acronymExpansions, definitionSpans } from './definition-spans.ts';
import { type ReadSentence, readSentence, type STok } from './sentence-tokens.ts';
import {
  calibrated,
  type Features,
  linearSpanScore,
  regionProbability,
  type ShortModel,
  shortModel,
  spanScore,
} from './short-model.ts';
import { kindFit, listItemsFit, roleFit } from './span-fit.ts';
import {
  dateSpans,
  nameSpans,
  nounSpans,
  numberSpans,
  reasonSpans,
  type Span,
  type SpanLook,
  trimEdges,
} from './spans.ts';

export interface ShortAnswer {
  /** The phrase as written in the paragraph. */
  text: string;
  kind: AnswerKind;
  /** Index into paragraph.sentences. */
  sentence: number;
  /** UTF-16 offsets into paragraph.text. */
  start: number;
  end: number;
  /** 0..1 */
  confidence: number;
  /** A role asked about ("president of Iran") held by an unqualified title in a sentence that
   * also names another country: maybe that country's, so a qualified one elsewhere wins. */
  hedged: boolean;
}

/** The confidence of an acronym's expansion given by the text itself. */
const SPELLED_OUT_CONFIDENCE = 0.9;

export interface ShortAnswerOptions {
  /** Sentence indices to consider, best first; default: all, ordered by overlap with the question. */
  sentences?: readonly number[];
  /** Stems (indexTerms/stemWord) that count as the question's words, synonyms included. */
  questionTerms?: ReadonlySet<string>;
  /**
   * Stems that count as the question's focus ("SRBMs" → srbm, short, rang, ballist, missil):
   * its aliases and synonyms; default: the focus's own stem. A count or place question whose
   * focus the sentence lacks ("How many tanks…" over missiles) is answered with half confidence.
   */
  focusTerms?: ReadonlySet<string>;
  /** The span model; default the committed one. null: features only, every score 0 (the fitter
   * reads candidates before there is a model for their features). */
  model?: ShortModel | null;
}

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

interface Terms {
  /** Stem → weight of a question word (capitalised and rare-looking words weigh more). */
  weights: Map<string, number>;
  total: number;
  /** The question's own words, normalised and lower-cased, to reject spans it already contains. */
  questionText: string;
  /** Stems of the defined term or named person (definitions). */
  termStems: Set<string>;
  /** Question words a statement of the answer puts before / after it (QuestionShape.order). */
  before: Set<string>;
  after: Set<string>;
  /** The question asks for several ("which countries"): a list answers it best. */
  plural: boolean;
  /** The stem of a specific focus ("tanks", "birds"), which marks the answering sentence. */
  focusStem: string | null;
  /** The preposition of the wh-phrase ("since when", "in which year", "from which countries"). */
  preposition: string | null;
}

/**
 * The answer phrase: a span of the wanted kind in the answering sentence that the question does
 * not already contain; null when unsure (a wrong short answer is worse than none).
 *
 * @example extractShortAnswer('When did the war begin?', classifyQuestion('When did the war begin?'), p)?.text // 'February 2022'
 */
export function extractShortAnswer(
  question: string,
  shape: QuestionShape,
  paragraph: Paragraph,
  opts: ShortAnswerOptions = {},
): ShortAnswer | null {
  const all = rankCandidates(question, shape, paragraph, opts);
  let best = all[0];
  for (const x of all) if (best && x.score > best.score) best = x;
  if (!best) return null;
  let confidence = confidenceOf(best, all, shape.kind);
  // "What is an SRBM?": where the text spells the acronym out, that is its definition, whatever
  // else stands near it ("… ballistic missile (SRBM) Tondar-69"); the learned rule is exact
  if (shape.kind === 'definition') {
    const spelled = all.filter((x) => x.c.expands).sort((a, b) => b.score - a.score)[0];
    if (spelled) {
      best = spelled;
      confidence = Math.max(confidence, SPELLED_OUT_CONFIDENCE);
    }
  }
  // "Which countries signed…?" asks for all of them: the list the best item belongs to answers
  // it, not one of its items (the training answers list items one by one, so the model alone
  // prefers an item; the confidence is the same, the list being the item's answer region)
  if (best.c.features.several === 0) {
    const b = best;
    const list = all
      .filter(
        (x) =>
          x.c.features.several === 1 &&
          x.sentence === b.sentence &&
          x.c.start <= b.c.start &&
          x.c.end >= b.c.end,
      )
      .sort((x, y) => y.score - x.score)[0];
    if (list) best = list;
  }
  // "How many tanks…" over a sentence counting missiles: an amount of something else
  if (best.c.focusMissing && !mentionsAny(paragraph, best.sentence, opts.focusTerms))
    confidence = Math.round(confidence * 500) / 1000;
  if (confidence < SHORT_SETTINGS.minConfidence) return null;
  const sentence = paragraph.sentences[best.sentence] as { start: number };
  const start = sentence.start + best.c.start;
  const end = sentence.start + best.c.end;
  return {
    text: paragraph.text.slice(start, end),
    kind: shape.kind,
    sentence: best.sentence,
    start,
    end,
    confidence,
    hedged: shape.role !== null && best.c.fit < 1,
  };
}

/** Whether the sentence holds one of the stems (the focus's aliases and synonyms). */
function mentionsAny(
  paragraph: Paragraph,
  sentence: number,
  stems: ReadonlySet<string> | undefined,
): boolean {
  if (!stems || stems.size === 0) return false;
  const text = paragraph.sentences[sentence]?.text ?? '';
  return tokenize(text).some((t) => stems.has(t.stem) || stems.has(t.surface.toLowerCase()));
}

/** A scored candidate of a paragraph: the span, its sentence and its total score. */
export interface RankedCandidate {
  c: Candidate;
  sentence: number;
  score: number;
}

/**
 * Every candidate span of the best sentences of a paragraph, scored (extractShortAnswer takes the
 * best; `npm run fit -- short` fits the model on their features).
 */
export function rankCandidates(
  question: string,
  shape: QuestionShape,
  paragraph: Paragraph,
  opts: ShortAnswerOptions = {},
): RankedCandidate[] {
  if (shape.kind === 'yesno') return [];
  const terms = questionTerms(question, shape, opts.questionTerms);
  if (terms.total === 0) return [];
  const model = opts.model === undefined ? shortModel() : opts.model;
  const order = sentenceOrder(paragraph, terms, opts.sentences);
  const bestOverlap = order[0]?.overlap || 1;
  const all: RankedCandidate[] = [];
  for (const [rank, { index, overlap }] of order.slice(0, SHORT_SETTINGS.sentences).entries()) {
    const s = paragraph.sentences[index];
    if (!s) continue;
    const prior = opts.sentences ? 1 - 0.25 * rank : overlap / bestOverlap;
    for (const c of scoreSentence(readSentence(s.text), shape, terms, model)) {
      c.features.prior = prior;
      all.push({ c, sentence: index, score: spanScore(c.features, model) });
    }
  }
  return all;
}

/**
 * Candidate spans of the wanted kind in one sentence, best first (abstention uses them: "does the
 * best sentence hold a date at all?"). Offsets are into `sentenceText`.
 *
 * @example answerCandidates('The war began in February 2022.', classifyQuestion('When did the war begin?'), new Set(['war', 'begin']))[0]?.text // 'February 2022'
 */
export function answerCandidates(
  sentenceText: string,
  shape: QuestionShape,
  questionTerms: ReadonlySet<string>,
): { text: string; start: number; end: number; score: number }[] {
  const terms = termsFromSet(questionTerms, '', shape);
  return scoreSentence(readSentence(sentenceText), shape, terms, shortModel())
    .filter((c) => c.fit >= 0.5)
    .map(({ text, start, end, score }) => ({ text, start, end, score }));
}

/**
 * The paragraph's sentence indices ordered by weighted overlap with the question (sentences
 * sharing no word are left out).
 */
export function sentencesByOverlap(
  question: string,
  shape: QuestionShape,
  paragraph: Paragraph,
): number[] {
  return sentenceOrder(paragraph, questionTerms(question, shape, undefined), undefined).map(
    (s) => s.index,
  );
}

/**
 * The model's probability for the chosen span and the spans overlapping it among all candidates
 * (a softmax over the scores), mapped to how right such answers were on the SQuAD excerpt (mean
 * token F1 per probability bin; the two rise together). A span that only loosely fits a typed
 * question (a noun phrase for "who") counts for less.
 */
function confidenceOf(
  best: RankedCandidate,
  all: readonly RankedCandidate[],
  kind: AnswerKind,
): number {
  const region = regionProbability(
    all.map((x) => x.score),
    all.map((x) => [x.sentence, x.c.start, x.c.end] as const),
    all.indexOf(best),
  );
  let conf = calibrated(shortModel(), region);
  const typed = kind !== 'thing' && kind !== 'any';
  if (typed && best.c.fit < 0.5) conf *= 0.6;
  return Math.round(conf * 1000) / 1000;
}

/** The question's words with weights: names and numbers count more, a generic focus less. */
function questionTerms(
  question: string,
  shape: QuestionShape,
  extra: ReadonlySet<string> | undefined,
): Terms {
  const weights = new Map<string, number>();
  for (const t of tokenize(question)) {
    if (t.stop) continue;
    let w = t.capitalized || /\d/u.test(t.surface) ? 1.5 : 1;
    if (shape.focus?.generic && t.stem === shape.focus.stem) w = 0.3;
    if (/^(?:stand|mean|call|name|use|happen)$/u.test(t.stem)) w = 0.3;
    weights.set(t.stem, Math.max(weights.get(t.stem) ?? 0, w));
  }
  if (extra) for (const s of extra) if (!weights.has(s)) weights.set(s, 0.7);
  return finishTerms(weights, question, shape);
}

function termsFromSet(set: ReadonlySet<string>, question: string, shape: QuestionShape): Terms {
  const weights = new Map<string, number>();
  for (const s of set) weights.set(s, 1);
  return finishTerms(weights, question, shape);
}

function finishTerms(weights: Map<string, number>, question: string, shape: QuestionShape): Terms {
  let total = 0;
  for (const w of weights.values()) total += w;
  const termStems = new Set<string>();
  if (shape.kind === 'definition' && shape.focus) {
    for (const s of indexTerms(shape.focus.surface)) termStems.add(s);
    termStems.add(shape.focus.stem);
  }
  return {
    weights,
    total,
    questionText: ` ${foldText(question)} `,
    termStems,
    plural:
      shape.focus !== null && /[^s]s$/u.test(shape.focus.surface) && shape.focus.surface.length > 3,
    focusStem: shape.focus && !shape.focus.generic ? shape.focus.stem : null,
    preposition:
      /\b(since|until|till|by|from|in|at|on|to|for|with|during|after|before|into|near)\s+(?:when|what|which|whom|where)\b/iu
        .exec(question)?.[1]
        ?.toLowerCase() ?? null,
    before: new Set(shape.order?.before ?? []),
    after: new Set(shape.order?.after ?? []),
  };
}

function foldText(s: string): string {
  return normalizeText(s)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Sentences best first: the caller's order, or by weighted overlap with the question's words. */
/**
 * Sentence choice: each question word found counts its weight times (1 + SENTENCE_IDF × its idf
 * among the paragraph's sentences); each pair of consecutive question words adds SENTENCE_PHRASE.
 */
const SENTENCE_IDF = 1;
const SENTENCE_PHRASE = 0.25;
/** Extra for holding the question's specific focus ("birds" in "What birds live…"). */
const SENTENCE_FOCUS = 0.5;
/** Share of the previous sentence's words a sentence opening on a pronoun is credited with. */
const SENTENCE_CARRY = 0.5;
const PRONOUN_START = /^(?:it|its|they|their|he|his|she|her|this|these|those|such)\b/iu;

function sentenceOrder(
  paragraph: Paragraph,
  terms: Terms,
  given: readonly number[] | undefined,
): { index: number; overlap: number }[] {
  // sentences given (the answering one first): their order is the caller's
  if (given)
    return given
      .filter((i) => paragraph.sentences[i] !== undefined)
      .map((index) => ({ index, overlap: 1 }));
  // per sentence: each question word found (once) and whether it continues a question phrase
  const found = paragraph.sentences.map((s) => {
    const words = new Map<string, number>();
    let phrases = 0;
    let prev = '';
    for (const t of tokenize(s.text)) {
      if (t.stop) continue;
      const w = terms.weights.get(t.stem) ?? fuzzyWeight(t.stem, terms);
      if (w > 0 && !words.has(t.stem)) {
        words.set(t.stem, w);
        // consecutive question words: a phrase of the question, not a chance meeting
        if (prev && terms.weights.has(prev)) phrases++;
      }
      prev = t.stem;
    }
    return { words, phrases };
  });
  // a word in every sentence of the paragraph tells them apart less than a rare one
  const df = new Map<string, number>();
  for (const f of found) for (const w of f.words.keys()) df.set(w, (df.get(w) ?? 0) + 1);
  const n = paragraph.sentences.length;
  const idf = (stem: string) => 1 + SENTENCE_IDF * Math.log(n / (df.get(stem) ?? 1));
  const scored = found.map((f, index) => {
    let overlap = SENTENCE_PHRASE * f.phrases;
    for (const [stem, w] of f.words) overlap += w * idf(stem);
    if (terms.focusStem && f.words.has(terms.focusStem)) overlap += SENTENCE_FOCUS;
    // "It is bordered by…": a sentence opening on a pronoun is still about the one before
    const prev = found[index - 1];
    const text = paragraph.sentences[index]?.text ?? '';
    if (prev && PRONOUN_START.test(text))
      for (const [stem, w] of prev.words)
        if (!f.words.has(stem)) overlap += SENTENCE_CARRY * w * idf(stem);
    return { index, overlap };
  });
  return scored
    .filter((s) => s.overlap > 0)
    .sort((a, b) => b.overlap - a.overlap || a.index - b.index);
}

/** A misspelt name or word ("amirabdolahian", "agianst") still counts, for long words only. */
function fuzzyWeight(stem: string, terms: Pick<Terms, 'weights'>): number {
  if (stem.length < 6) return 0;
  // the same sentence words come back for every span and sentence: remember the answer per
  // question (keyed by its weights)
  let known = fuzzyMemo.get(terms.weights);
  if (!known) {
    known = new Map();
    fuzzyMemo.set(terms.weights, known);
  }
  const memo = known.get(stem);
  if (memo !== undefined) return memo;
  let out = 0;
  for (const [t, w] of terms.weights) {
    if (
      t.length >= 6 &&
      Math.abs(t.length - stem.length) <= 2 &&
      editDistance(t, stem, 2) <= (t.length >= 9 ? 2 : 1)
    ) {
      out = w * 0.8;
      break;
    }
  }
  known.set(stem, out);
  return out;
}

const fuzzyMemo = new WeakMap<ReadonlyMap<string, number>, Map<string, number>>();

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

const LINKERS = new Set([
  ',',
  '(',
  ')',
  ':',
  '-',
  '–',
  '—',
  'is',
  'was',
  'are',
  'were',
  'be',
  'been',
  'called',
  'named',
  'known',
  'as',
  'by',
  'of',
  'the',
  'a',
  'an',
  'to',
]);

/** Every candidate span of a sentence, scored and sorted best first. */
function scoreSentence(
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
    // a phrase the sentence gives as the question's own term is what "which"/"what" asks for
    if (s.linked) fit = Math.max(fit, 0.7);
    if (shape.role && fit > 0) fit = roleFit(rs, s, shape.role, terms);
    if (fit <= 0.05) continue;
    const nearest = nearestDistance(s, matchedPositions);
    const isName = (s.looks.name ?? 0) > 0;
    const features: Features = {
      // what/which questions: the kind of a noun phrase says little (cross-validated F1 was 0.484
      // with it, 0.487 without)
      fit: kind !== 'thing' && kind !== 'any' ? fit : 0,
      window: windowScore(toks, s, matchedPositions, weight, terms),
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

function termWeight(t: STok, terms: Terms): number {
  if (!/[\p{L}\p{N}]/u.test(t.value)) return 0;
  const w = terms.weights.get(t.stem);
  if (w !== undefined) return w;
  return fuzzyWeight(t.stem, terms);
}

/** Where the defined term (or the named person) stands in the sentence. */
function termOccurrences(toks: readonly STok[], terms: Terms): { first: number; last: number }[] {
  const out: { first: number; last: number }[] = [];
  const term = { weights: new Map([...terms.termStems].map((s) => [s, 1])) };
  let i = 0;
  while (i < toks.length) {
    const t = toks[i] as STok;
    if (!terms.termStems.has(t.stem) && fuzzyWeight(t.stem, term) === 0) {
      i++;
      continue;
    }
    let b = i;
    while (b + 1 < toks.length) {
      const n = toks[b + 1] as STok;
      if (terms.termStems.has(n.stem) || (n.cap && n.pos === 'PROPN' && t.cap)) b++;
      else break;
    }
    // a name's first part: "Hossein" before "Amirabdollahian"
    let a = i;
    while (a > 0 && toks[a - 1]?.pos === 'PROPN' && terms.termStems.has(toks[a - 1]?.stem ?? ''))
      a--;
    out.push({ first: a, last: b });
    i = b + 1;
  }
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

/**
 * Whether the thing a typed question counts or names ("how many tanks", "the capital of") is
 * absent from the sentence; what-questions are left alone, their focus is often paraphrased.
 */
function isFocusMissing(toks: readonly STok[], shape: QuestionShape, _terms: Terms): boolean {
  const focus = shape.focus;
  if (!focus || focus.generic || shape.kind === 'thing' || shape.kind === 'any') return false;
  if (shape.kind === 'definition' || shape.role) return false;
  const one = { weights: new Map([[focus.stem, 1]]) };
  return !toks.some((t) => t.stem === focus.stem || fuzzyWeight(t.stem, one) > 0);
}

/** Question words around the span, each counted once at its nearest occurrence, nearer weighing more. */
function windowScore(
  toks: readonly STok[],
  s: Span,
  positions: readonly number[],
  weight: readonly number[],
  terms: Terms,
): number {
  const best = new Map<string, number>();
  for (const p of positions) {
    if (p >= s.first && p <= s.last) continue;
    const d = p < s.first ? s.first - p : p - s.last;
    const v = (weight[p] ?? 0) * 0.5 ** ((d - 1) / SHORT_SETTINGS.decay);
    const key = toks[p]?.stem ?? '';
    if (v > (best.get(key) ?? 0)) best.set(key, v);
  }
  let sum = 0;
  for (const v of best.values()) sum += v;
  return Math.min(1, sum / (terms.total || 1));
}

/**
 * Whether the question's words stand on the side of the span that the question's word order
 * predicts (0.5 when it predicts nothing). A span right after "by" answers an active question
 * put passively ("Who founded X?" → "X was founded by Y").
 */
function sideScore(
  toks: readonly STok[],
  s: Span,
  weight: readonly number[],
  terms: Terms,
): number {
  if (terms.before.size + terms.after.size === 0) return 0.5;
  const passive = toks[s.first - 1]?.lower === 'by';
  let agree = 0;
  let total = 0;
  const seen = new Set<string>();
  for (let p = 0; p < toks.length; p++) {
    if ((weight[p] ?? 0) === 0 || (p >= s.first && p <= s.last)) continue;
    const stem = toks[p]?.stem ?? '';
    if (seen.has(stem)) continue;
    const isBefore = terms.before.has(stem);
    const isAfter = terms.after.has(stem);
    if (!isBefore && !isAfter) continue;
    seen.add(stem);
    const w = weight[p] ?? 0;
    total += w;
    const left = p < s.first;
    if ((isBefore && left) || (isAfter && (!left || passive))) agree += w;
  }
  return total === 0 ? 0.5 : agree / total;
}

function nearestDistance(s: Span, positions: readonly number[]): number {
  let d = Infinity;
  for (const p of positions) {
    if (p >= s.first && p <= s.last) continue;
    d = Math.min(d, p < s.first ? s.first - p : p - s.last);
  }
  return d;
}

const COPULAS = new Set(['is', 'are', 'was', 'were']);

/** "The Caspian Sea is the largest enclosed body of water": the span and question words face each other across a copula. */
function acrossCopula(toks: readonly STok[], s: Span, weight: readonly number[]): boolean {
  const within = (from: number, step: number) => {
    for (let k = from, n = 0; k >= 0 && k < toks.length && n < 4; k += step, n++)
      if ((weight[k] ?? 0) > 0) return true;
    return false;
  };
  // span, copula, question words
  let k = s.last + 1;
  if (COPULAS.has(toks[k]?.lower ?? '')) return within(k + 1, 1);
  // question words, copula, (article) span
  k = s.first - 1;
  if (/^(?:a|an|the)$/u.test(toks[k]?.lower ?? '')) k--;
  return COPULAS.has(toks[k]?.lower ?? '') && within(k - 1, -1);
}

/** Joined to a question word by nothing but a comma, bracket, copula or "called"/"known as". */
function linkedToQuestion(toks: readonly STok[], s: Span, weight: readonly number[]): boolean {
  for (let k = s.first - 1, n = 0; k >= 0 && n < 4; k--, n++) {
    if ((weight[k] ?? 0) > 0) return true;
    // "led by President X": a title between is no distance
    if (!LINKERS.has(toks[k]?.lower ?? '') && !TITLE_WORDS.has(toks[k]?.lower ?? '')) break;
  }
  for (let k = s.last + 1, n = 0; k < toks.length && n < 3; k++, n++) {
    if ((weight[k] ?? 0) > 0) return true;
    if (!LINKERS.has(toks[k]?.lower ?? '')) break;
  }
  return false;
}

/** The focus word right next to the span ("the Port of Long Beach", "Metrolink, the commuter rail system"). */
function focusScore(toks: readonly STok[], s: Span, shape: QuestionShape): number {
  const focus = shape.focus;
  if (!focus || focus.generic) return 0;
  for (let k = Math.max(0, s.first - 3); k <= Math.min(toks.length - 1, s.last + 3); k++) {
    if (toks[k]?.stem !== focus.stem) continue;
    if (k >= s.first && k <= s.last) return s.last > s.first ? 0.7 : 0;
    return 1;
  }
  return 0;
}
