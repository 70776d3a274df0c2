import type { Paragraph } from '../corpus/types.ts';
import { tokenize } from '../language/analyzer.ts';
import type { AnswerKind, QuestionShape } from '../language/question-shape.ts';
import { subjectSentence, titleShare, titleStems } from './page-subject.ts';
import { readSentence } from './sentence-tokens.ts';
import { type Candidate, SHORT_SETTINGS, scoreSentence } from './short-candidates.ts';
import {
  calibrated,
  regionProbability,
  type ShortModel,
  type SpanPlace,
  shortModel,
  shortRow,
  spanScore,
  sureProbability,
  sureRow,
} from './short-model.ts';
import { fuzzyWeight, questionTerms, type Terms, termsFromSet } from './short-terms.ts';

export interface ShortAnswer {
  /** The phrase as written in the paragraph. */
  text: string;
  kind: AnswerKind;
  /** Index into paragraph.sentences. */
  sentence: number;
  /** UTF-16 offsets into paragraph.text. */
  start: number;
  end: number;
  /** The reader's confidence, 0..1: the F1 phrases of its answer region's probability had. */
  confidence: number;
  /** The probability that the phrase is right (the model's sure part; without one, the
   * confidence): what showing it in bold is judged by. */
  sure: number;
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
  /** The title of the passage's page: what it is about, often the answer (`page-subject.ts`). */
  title?: string | null | undefined;
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
  // the chosen span's answer region among every candidate: read by the confidence and the sure model
  const scores = all.map((x) => x.score);
  const places = all.map((x) => [x.sentence, x.c.start, x.c.end] as const);
  const at = all.indexOf(best);
  const region = regionProbability(scores, places, at);
  let confidence = confidenceOf(best, region, shape.kind);
  let sure = sureOf(all, at, region, scores, places, confidence);
  // "What is an SRBM?": where the text spells the acronym out, that is its definition, whatever
  // else stands near it ("… ballistic missile (SRBM) Tondar-69"); the learned rule is exact
  if (shape.kind === 'definition') {
    const spelled = all.filter((x) => x.c.expands).sort((a, b) => b.score - a.score)[0];
    if (spelled) {
      best = spelled;
      confidence = Math.max(confidence, SPELLED_OUT_CONFIDENCE);
      sure = Math.max(sure, SPELLED_OUT_CONFIDENCE);
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
  if (best.c.focusMissing && !mentionsAny(paragraph, best.sentence, opts.focusTerms)) {
    confidence = Math.round(confidence * 500) / 1000;
    sure = Math.round(sure * 500) / 1000;
  }
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
    sure,
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
  const read = order.slice(0, SHORT_SETTINGS.sentences).map(({ index, overlap }, rank) => ({
    index,
    prior: opts.sentences ? 1 - 0.25 * rank : overlap / bestOverlap,
  }));
  // the sentence naming the page's subject, which a later "She…" stands on, is read too
  const title = titleStems(opts.title);
  const subject = subjectSentence(paragraph.sentences, title);
  if (subject !== null && !read.some((r) => r.index === subject))
    read.push({ index: subject, prior: 0 });
  const all: RankedCandidate[] = [];
  for (const { index, prior } of read) {
    const s = paragraph.sentences[index];
    if (!s) continue;
    for (const c of scoreSentence(readSentence(s.text), shape, terms, model)) {
      c.features.prior = prior;
      c.features.titled = titleShare(c.text, title);
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
 * (`region`, a softmax over the scores), mapped to how right such answers were on the SQuAD
 * excerpt (mean token F1 per probability bin; the two rise together). A span that only loosely
 * fits a typed question (a noun phrase for "who") counts for less.
 */
function confidenceOf(best: RankedCandidate, region: number, kind: AnswerKind): number {
  let conf = calibrated(shortModel(), region);
  const typed = kind !== 'thing' && kind !== 'any';
  if (typed && best.c.fit < 0.5) conf *= 0.6;
  return Math.round(conf * 1000) / 1000;
}

/**
 * The probability that the chosen span is right, by the model's sure part (see SURE_OWN);
 * a model without one gives the confidence.
 */
function sureOf(
  all: readonly RankedCandidate[],
  best: number,
  region: number,
  scores: readonly number[],
  places: readonly SpanPlace[],
  confidence: number,
): number {
  const model = shortModel().sure;
  const chosen = all[best];
  if (!model || !chosen) return confidence;
  const row = sureRow(
    region,
    scores,
    places,
    all.map((x) => x.c.features.fit),
    best,
    shortRow(chosen.c.features),
  );
  return Math.round(sureProbability(model, row) * 1000) / 1000;
}

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
