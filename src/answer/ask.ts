import type { Paragraph, Sentence } from '../corpus/types.ts';
import { wordsWithStems } from '../language/analyzer.ts';
import { missingQualifiers } from '../language/qualifiers.ts';
import { type QuestionShape, SHORT_KINDS, TYPED_KINDS } from '../language/question.ts';
import { credit, isKnown, isName, type ScoredConcept, scoreConcepts } from '../search/holding.ts';
import type { Entry, SearchIndex } from '../search/index.ts';
import type { AnalyzedQuery, Concept } from '../search/query.ts';
import { type Hit, rank } from '../search/rank.ts';
import { ABSTAIN, type AnswerSignals, type Decision, decide } from './abstain.ts';
import {
  answerProbability,
  type DecisionModel,
  decisionFeatures,
  decisionModel,
  SHORT_ANSWER_MIN,
  type Topicality,
  topicality,
} from './decision.ts';
import { extractShortAnswer, sentencesByOverlap } from './short.ts';
import type { Answer, Passage, ShortAnswer } from './types.ts';

/** Questions are cut here before analysis (Discord's option is capped at the same length). */
export const MAX_QUESTION_CHARS = 300;
export const MAX_QUESTION_TERMS = 32;

/** A related word this strong stands in for a question word the corpus lacks. */
const STANDS_IN = 0.5;

export interface AskOptions {
  /** Only search this document (its slug). */
  docSlug?: string | undefined;
  /** At most this many passages (default 3). */
  limit?: number | undefined;
  /**
   * Words the question borrowed from the conversation (a follow-up's, conversation/read.ts):
   * they find passages, but do not set what the question is about (its gist).
   */
  borrowed?: readonly string[] | undefined;
  /** Receives what the abstention rule read (evaluation and tests). */
  onSignals?: ((signals: AnswerSignals) => void) | undefined;
  /**
   * Receives the learned decision's features and probability when the rule lets the best passage
   * through (the decision fitter, evaluation and tests).
   */
  onDecision?:
    | ((d: { features: Float64Array; probability: number; passageIndex: number }) => void)
    | undefined;
  /** The lowest probability answered (default: the decision model's; ANSWER_THRESHOLD). */
  answerThreshold?: number | undefined;
  /** The lowest probability of a right short answer shown (default SHORT_ANSWER_MIN). */
  shortThreshold?: number | undefined;
  /**
   * The decision model (default: the committed one, checked against the ranking model). The
   * decision fitter passes its own: after a ranking refit the committed one no longer fits, and
   * the fitter needs only the features.
   */
  decision?: Pick<DecisionModel, 'weights' | 'bias' | 'threshold'> | undefined;
}

/**
 * Answers a question from the index: the best passages with their answering sentences, or an
 * honest "not found" that names what the documents do not mention, with related reading.
 *
 * @example ask(index, 'What is an SRBM?').passages[0]?.id // 'going-ballistic#p1'
 */
export function ask(index: SearchIndex, question: string, opts: AskOptions = {}): Answer {
  const truncated = question.length > MAX_QUESTION_CHARS;
  const text = truncated ? question.slice(0, MAX_QUESTION_CHARS) : question;
  const analyzed = index.analyze(text);
  const query = { ...analyzed, concepts: analyzed.concepts.slice(0, MAX_QUESTION_TERMS) };
  const base = { question, truncated, passages: [], related: [] };
  if (query.concepts.length === 0)
    return { ...base, status: 'needs_keyword', reason: null, short: null, missingTerms: [] };

  // read as corrected ("wht is the presdent…" asks what "what is the president…" asks); the
  // rerank favours sentences holding a phrase of the kind asked for, read the same way
  const shape = query.shape;
  const unmatched = query.concepts.filter((c) => !matched(index, c));
  const missingTerms = joinAdjacent(query.concepts, new Set(unmatched));
  const filter = opts.docSlug ? (e: Entry) => e.document.slug === opts.docSlug : undefined;
  const limit = opts.limit ?? 3;
  const hits = rank(index, query, {
    limit: Math.max(limit, ABSTAIN.typedDepth + 1),
    filter,
    borrowed: opts.borrowed?.length
      ? new Set(opts.borrowed.flatMap((w) => w.toLowerCase().split(/\s+/)))
      : undefined,
  });
  // A passage without a date cannot answer "when", nor one without missiles "how many
  // missiles": the best-ranked close one that has what is asked answers instead. "Close" means
  // scoring near the best, unless the best restates every idea of the question: then the
  // question's own words are all there, and any passage near the top that answers it may (so
  // more evidence never loses an answer).
  let best = hits[0];
  const scored = best ? scoreConcepts(index, query) : [];
  // the question's own: the same whichever passage is measured
  const missingNames = unmatched.filter((c) => anchorLike(index, c, query.text)).length;
  const asked = { query, concepts: scored, unmatched, missingNames };
  let measured = best ? signals(index, asked, best) : null;
  const inexact = (m: AnswerSignals) => {
    const d = decide(m);
    return !d.answered && d.reason === 'inexact';
  };
  if (best && measured && inexact(measured)) {
    const restated = best.covered >= query.concepts.length;
    // one deeper when restated: the restating passage may have pushed the answer down a place
    for (const h of hits.slice(1, ABSTAIN.typedDepth + (restated ? 1 : 0))) {
      if (!restated && h.score < best.score * ABSTAIN.typedScore) break;
      const m = signals(index, asked, h);
      if (decide(m).answered) {
        hits.splice(hits.indexOf(h), 1);
        hits.unshift(h);
        best = h;
        measured = m;
        break;
      }
    }
  }
  // "President Biden" in a sentence on U.S.-Iran talks may be Iran's president only for want of
  // better: a close passage whose title names the owner ("Iranian … President X") answers first
  if (best && measured?.hedged && decide(measured).answered) {
    for (const h of hits.slice(1, ABSTAIN.typedDepth)) {
      if (h.score < best.score * ABSTAIN.typedScore) break;
      const m = signals(index, asked, h);
      if (!m.hedged && decide(m).answered) {
        hits.splice(hits.indexOf(h), 1);
        hits.unshift(h);
        best = h;
        measured = m;
        break;
      }
    }
  }
  if (measured) {
    const { short: _short, shortConfidence: _c, hedged: _hedged, ...shown } = measured;
    opts.onSignals?.(shown);
  }
  const ruled = measured ? decide(measured) : ({ answered: false, reason: 'weak' } as const);
  const judged =
    best && measured && ruled.answered
      ? learned(best, hits, measured, topicality(index, query), opts)
      : null;
  const decision: Decision = judged ?? ruled;
  if (!best || !decision.answered) {
    return {
      ...base,
      status: 'not_found',
      reason: decision.answered ? 'weak' : decision.reason,
      short: null,
      missingTerms,
      related: hits.slice(0, limit).map((h) => toPassage(index, h)),
    };
  }
  // the best `limit` passages, the answering one first: the fitted score has no zero a share of
  // it could be measured from, and a cut at 60 % of the best score hid the answering passage of
  // 3 of 45 everyday-wording questions (hit@3 0.822 → 0.889 without it)
  const kept = hits.slice(0, limit);
  // a typed question's short answer was found when checking its kind (same as shortFor)
  const candidate = TYPED_KINDS.has(shape.kind)
    ? measured?.short
      ? { short: measured.short, confidence: measured.shortConfidence }
      : null
    : shortFor(index, query, shape, best);
  // shown when it is probably right: the corpus answers (the decision's probability) and this is
  // the phrase that answers (the reader's confidence, calibrated to its F1 on SQuAD)
  // and only when its passage (the best hit's) holds the question's ordinals and superlatives: a passage naming a
  // newly elected president names no sixth or youngest one
  const sure =
    candidate !== null &&
    (judged?.probability ?? 0) * candidate.confidence >=
      (opts.shortThreshold ?? SHORT_ANSWER_MIN) &&
    missingQualifiers(query.text, (index.entries[best.index] as Entry).paragraph.text).length === 0;
  return {
    ...base,
    status: 'answered',
    reason: null,
    short: sure ? candidate.short : null,
    missingTerms,
    passages: kept.map((h) => toPassage(index, h)),
  };
}

/**
 * The learned half of the decision (decision.ts), once the rule has let the best passage through:
 * declined as weak when the probability that it answers is below the threshold.
 */
function learned(
  best: Hit,
  hits: readonly Hit[],
  measured: AnswerSignals,
  topic: Topicality,
  opts: AskOptions,
): Decision & { probability: number } {
  const next = hits.find((h) => h !== best)?.score ?? null;
  const features = decisionFeatures(best, next, measured, topic);
  const model = opts.decision ?? decisionModel();
  const probability = answerProbability(features, model);
  opts.onDecision?.({ features, probability, passageIndex: best.index });
  return probability >= (opts.answerThreshold ?? model.threshold)
    ? { answered: true, probability }
    : { answered: false, reason: 'weak', probability };
}

/**
 * Whether the corpus has the concept (a misspelt word as corrected), or a word that stands in for
 * it. Word vectors never stand in for a name: they put Belarus as near Ukraine (0.85) as Riyadh is
 * to Saudi (0.75), so only WordNet can (Riyadh is part of Saudi Arabia).
 */
function matched(index: SearchIndex, c: Concept): boolean {
  if (isKnown(index, c)) return true;
  const name = nameLike(index, c);
  return c.related.some((r) => r.weight >= STANDS_IN && !(name && r.via === 'vector'));
}

/** A name or a figure ("North Korea", "2024", "greenland"): only WordNet may stand in for it. */
function nameLike(index: SearchIndex, c: Concept): boolean {
  return isName(c) || typedName(index, c);
}

/**
 * A name typed in lowercase, or first in the question: "is greenland part of europe", "which
 * state was returned to spain". Real queries are often all lowercase (Natural Questions'), so
 * capitals cannot be what tells a name; WordNet can: a noun whose commonest sense is a named
 * instance (Spain a European country, Greenland an island). Measured: Natural Questions dev asked
 * of the bundled corpus, answered 34 → 31 of 898; no development set's answers changed.
 */
function typedName(index: SearchIndex, c: Concept): boolean {
  return (
    (!c.capitalized || c.position === 0) &&
    c.pos === 'noun' &&
    !c.surface.includes(' ') &&
    index.meaning.isProperName(c.surface)
  );
}

/**
 * A name, or a figure that pins the question down: its absence says the corpus cannot answer. A
 * year ("2024", "the 1990s"), an ordinal ("the 14th century"), a precise value ("a population of
 * 3,792,261", "magnitude 8.7", four digits or more). Other figures describe the asker's case more
 * often than they anchor the question ("20k images", "re-exports like 80 files",
 * "/assets/index-abc123.js", "upgrading to v8"): their absence is left to the learned decision's
 * share of missing words. Measured: Vite false declines 7 → 2 of 38 (with the asking sentence),
 * SQuAD 2.0 unanswerable questions declined as before.
 */
function anchorLike(index: SearchIndex, c: Concept, question: string): boolean {
  if ((c.capitalized && c.position > 0) || typedName(index, c)) return true;
  const s = c.surface;
  if (!/\p{N}/u.test(s)) return false;
  if (/^(?:1\d{3}|20\d{2})s?$/u.test(s) || /^\d+(?:st|nd|rd|th)$/iu.test(s)) return true;
  if (/^\d{4,}$/u.test(s) || /^\d+[.,]\d+$/u.test(s)) return true;
  // one group of a number written with separators: "261" of "3,792,261" (digits only here)
  return (
    /^\d+$/u.test(s) && new RegExp(`\\d[.,]${s}(?!\\d)|(?<!\\d)${s}[.,]\\d`, 'u').test(question)
  );
}

/**
 * What the abstention rule reads of a hit, from what the question brings once: its concepts as
 * scored (scoreConcepts), those nothing in the corpus matches, and how many of them are names.
 */
function signals(
  index: SearchIndex,
  asked: {
    query: AnalyzedQuery;
    concepts: readonly ScoredConcept[];
    unmatched: readonly Concept[];
    missingNames: number;
  },
  best: Hit,
): AnswerSignals & { short: ShortAnswer | null; shortConfidence: number; hedged: boolean } {
  const { query, concepts, unmatched, missingNames } = asked;
  const shape = query.shape;
  const absent = unmatched.reduce((sum, c) => sum + c.strength, 0);
  const known = query.concepts.length - unmatched.length;
  const focus =
    shape.focus && !shape.focus.generic
      ? concepts.find((c) => c.concept.alternatives[0]?.includes(shape.focus?.stem ?? ''))
      : undefined;
  const entry = index.entries[best.index] as Entry;
  const typed = typedAnswer(
    shape,
    query.text,
    entry.paragraph,
    best.sentence,
    retrievalTerms(query),
  );
  // "Which UAV models did Russia get?": a category the answer ("Shahid and Mohajer") need not
  // name; its absence says nothing when two other nouns or names of the question are there.
  // "What currency is used in Iran?" has only Iran besides it: then the focus is the question.
  const mustAppear = focusMustAppear(shape, query.text);
  const othersThere = concepts.filter(
    (c) =>
      c !== focus &&
      (c.concept.pos === 'noun' || c.concept.capitalized) &&
      credit(c, best.matched) >= STANDS_IN,
  ).length;
  return {
    missingNames,
    focusAbsent:
      focus !== undefined &&
      unmatched.includes(focus.concept) &&
      (mustAppear || othersThere < ABSTAIN.categoryContext),
    missingShare: absent / (absent + known || 1),
    coverage: best.coverage,
    covered: best.covered,
    known,
    // "which UAV models…" names a category its answer ("Shahid and Mohajer") need not repeat;
    // "how many tanks", "the capital of…", "Israel's prime minister" name what must be there
    focusCredit: focus && mustAppear ? credit(focus, best.matched) : null,
    typed: typed === null ? null : typed.found !== null,
    short: typed?.found ?? null,
    shortConfidence: typed?.confidence ?? 0,
    hedged: typed?.hedged ?? false,
  };
}

/** A counted thing ("how many tanks") or an attribute ("the capital of X", "Iran's population"). */
function focusMustAppear(shape: QuestionShape, question: string): boolean {
  if (shape.countable) return true;
  const focus = shape.focus?.surface.toLowerCase();
  // "What was Biden's verdict?" is answered by "Biden concluded…": only an attribute with a value
  // of a kind (a number, a place, a person) must be named beside it ("Iran's population is…")
  if (!focus || !TYPED_KINDS.has(shape.kind)) return false;
  const q = question.toLowerCase();
  return (
    q.includes(`${focus} of `) ||
    new RegExp(`['’]s\\s+(?:\\w+\\s+)?${escapeRegExp(focus)}\\b`, 'u').test(q)
  );
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

/**
 * Whether the answering sentence holds a phrase of the kind the question asks for that the
 * question does not already contain: a date for "when", a count for "how many" (a year or a
 * duration is not a count), a name for "who"; for a role ("the president of Iran") a person who
 * holds that role. Null when the kind needs no particular phrase.
 */
function typedAnswer(
  shape: QuestionShape,
  question: string,
  paragraph: Paragraph,
  sentence: number,
  terms: ReadonlySet<string>,
): { found: ShortAnswer | null; confidence: number; hedged: boolean } | null {
  if (!TYPED_KINDS.has(shape.kind)) return null;
  // the extractor's own judgement: a count must be of the thing asked about ("several months"
  // is no number of drones), a person must hold the role asked about; what it finds in the
  // answering sentence is also the short answer shown, inside the sentence shown in bold
  const found = extractShortAnswer(question, shape, paragraph, {
    sentences: [sentence],
    questionTerms: terms,
  });
  return {
    found: found ? { text: found.text, passageId: paragraph.id, kind: found.kind } : null,
    confidence: found?.confidence ?? 0,
    hedged: found?.hedged ?? false,
  };
}

/**
 * The stems retrieval counts as the question's words: its own, their aliases and near forms, and
 * related words worth at least `minWeight` of a match (WordNet's base forms, derivations and
 * commonest synonyms; vector neighbours made the short answer worse on SQuAD: F1 0.399 with
 * those from 0.5 up, 0.41 from 0.8 up or with none).
 */
export function retrievalTerms(query: AnalyzedQuery, minWeight = 0.8): Set<string> {
  const out = new Set<string>();
  for (const c of query.concepts) {
    for (const alt of c.alternatives) for (const t of alt) out.add(t);
    for (const r of c.related) if (r.weight >= minWeight) for (const t of r.terms) out.add(t);
  }
  return out;
}

/**
 * The short answer ask() gives from a ranked passage, with the reader's confidence in it: for a
 * date, number or name, the phrase in its answering sentence (the one shown in bold); for a
 * definition, the best phrase in that sentence or those sharing most words with the question;
 * none for other kinds (SHORT_KINDS).
 */
function shortFor(
  index: SearchIndex,
  query: AnalyzedQuery,
  shape: QuestionShape,
  hit: Pick<Hit, 'index' | 'sentence'>,
): { short: ShortAnswer; confidence: number } | null {
  if (!SHORT_KINDS.has(shape.kind)) return null;
  if (!TYPED_KINDS.has(shape.kind)) return shortFromSentences(index, query, shape, hit);
  const paragraph = (index.entries[hit.index] as Entry).paragraph;
  const typed = typedAnswer(shape, query.text, paragraph, hit.sentence, retrievalTerms(query));
  return typed?.found ? { short: typed.found, confidence: typed.confidence } : null;
}

/**
 * The phrase of the asked kind in the hit's answering sentence, then in the sentences that share
 * most words with the question, or null when unsure.
 */
function shortFromSentences(
  index: SearchIndex,
  query: AnalyzedQuery,
  shape: QuestionShape,
  hit: Pick<Hit, 'index' | 'sentence'>,
): { short: ShortAnswer; confidence: number } | null {
  const paragraph = (index.entries[hit.index] as Entry).paragraph;
  const sentences = [
    hit.sentence,
    ...sentencesByOverlap(query.text, shape, paragraph).filter((i) => i !== hit.sentence),
  ];
  const found = extractShortAnswer(query.text, shape, paragraph, {
    sentences,
    questionTerms: retrievalTerms(query),
  });
  return found
    ? {
        short: { text: found.text, passageId: paragraph.id, kind: found.kind },
        confidence: found.confidence,
      }
    : null;
}

/**
 * Missing words as the question wrote them, a name whole: "North Korea" even when the corpus
 * knows "North" (from "North Africa"), as a capitalised word next to a missing name is part of it.
 */
function joinAdjacent(concepts: readonly Concept[], missing: ReadonlySet<Concept>): string[] {
  const out: string[] = [];
  const adjacent = (a: Concept, b: Concept) =>
    b.position === a.position + a.surface.split(' ').length && a.capitalized && b.capitalized;
  let k = 0;
  while (k < concepts.length) {
    let end = k;
    while (
      end + 1 < concepts.length &&
      adjacent(concepts[end] as Concept, concepts[end + 1] as Concept)
    )
      end++;
    const run = concepts.slice(k, end + 1);
    if (run.some((r) => missing.has(r))) {
      if (run.length > 1 && run.some((r) => missing.has(r) && r.capitalized))
        out.push(run.map((r) => r.surface).join(' '));
      else for (const r of run) if (missing.has(r)) out.push(r.surface);
    }
    k = end + 1;
  }
  return out;
}

/** Builds the cited passage for a ranked hit. */
export function toPassage(index: SearchIndex, hit: Hit): Passage {
  const { paragraph, document } = index.entries[hit.index] as Entry;
  const sentence: Sentence = paragraph.sentences[hit.sentence] ?? {
    text: paragraph.text,
    start: 0,
    end: paragraph.text.length,
  };
  const matchedTerms = wordsWithStems(paragraph.text, hit.matched);
  return {
    id: paragraph.id,
    docSlug: document.slug,
    documentTitle: document.meta.title,
    publisher: document.meta.publisher ?? null,
    url: document.meta.url ?? null,
    section: paragraph.section,
    kind: paragraph.kind,
    n: paragraph.n,
    text: paragraph.text,
    sentence,
    matchedTerms,
    score: Math.round(hit.score * 1000) / 1000,
    ...(paragraph.page ? { page: paragraph.page } : {}),
  };
}
