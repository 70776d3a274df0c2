import type { Sentence } from '../corpus/types.ts';
import { wordsWithKeys } from '../language/analyzer.ts';
import { missingQualifiers } from '../language/qualifiers.ts';
import { TYPED_KINDS } from '../language/question-shape.ts';
import { scoreConcepts } from '../search/holding.ts';
import type { Entry, SearchIndex } from '../search/index.ts';
import type { Concept } from '../search/query.ts';
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
import { anchorLike, matched, shortFor, signals } from './passage-signals.ts';
import type { Answer, Passage } from './types.ts';

/** Questions are cut here before analysis (Discord's option is capped at the same length). */
export const MAX_QUESTION_CHARS = 300;
export const MAX_QUESTION_TERMS = 32;

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
    return {
      ...base,
      status: 'needs_keyword',
      reason: null,
      short: null,
      confidence: null,
      missingTerms: [],
    };

  // read as corrected ("wht is the presdent…" asks what "what is the president…" asks); the
  // rerank favours sentences holding a phrase of the kind asked for, read the same way
  const shape = query.shape;
  const unmatched = query.concepts.filter((c) => !matched(index, c));
  const missingTerms = joinAdjacent(query.concepts, new Set(unmatched));
  const filter = opts.docSlug ? (e: Entry) => e.document.slug === opts.docSlug : undefined;
  const limit = opts.limit ?? 3;
  // scored once: the ranking and the decision both read them
  const scored = scoreConcepts(index, query);
  const hits = rank(index, query, {
    limit: Math.max(limit, ABSTAIN.typedDepth + 1),
    filter,
    concepts: scored,
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
    const { short: _short, shortSure: _c, hedged: _hedged, ...shown } = measured;
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
      confidence: judged?.probability ?? null,
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
      ? { short: measured.short, sure: measured.shortSure }
      : null
    : shortFor(index, query, shape, best);
  // shown when it is probably right: the corpus answers (the decision's probability) and this is
  // the phrase that answers (the reader's sure model: its probability that the phrase is right)
  // and only when its passage (the best hit's) holds the question's ordinals and superlatives: a passage naming a
  // newly elected president names no sixth or youngest one
  const sure =
    candidate !== null &&
    (judged?.probability ?? 0) * candidate.sure >= (opts.shortThreshold ?? SHORT_ANSWER_MIN) &&
    missingQualifiers(query.text, (index.entries[best.index] as Entry).paragraph.text).length === 0;
  return {
    ...base,
    status: 'answered',
    reason: null,
    short: sure ? candidate.short : null,
    confidence: judged?.probability ?? null,
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
  const matchedTerms = wordsWithKeys(index.passages.shownWords(hit.index), hit.matched);
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
