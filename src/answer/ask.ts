import type { Sentence } from '../corpus/types.ts';
import { tokenize } from '../search/analyzer.ts';
import type { Entry, SearchIndex } from '../search/index.ts';
import { analyzeQuery, type Concept } from '../search/query.ts';
import { type Hit, isKnown, rank } from '../search/rank.ts';
import type { Answer, Passage } from './types.ts';

/** Questions are cut here before analysis (Discord's option is capped at the same length). */
export const MAX_QUESTION_CHARS = 300;
export const MAX_QUESTION_TERMS = 32;

/**
 * Abstention thresholds: the corpus does not answer when the question names something it never
 * mentions, when half the question's words are absent, when the best paragraph covers less
 * than this share of it (idf-weighted), or when it holds only one of several known ideas.
 */
export const ABSTAIN = { missingShare: 0.5, minCoverage: 0.34 };

export interface AskOptions {
  /** Only search this document (its slug). */
  docSlug?: string | undefined;
  /** At most this many passages (default 3). */
  limit?: number | undefined;
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
  const query = analyzeQuery(
    text,
    index.groups,
    (t) => index.has(t),
    (t) => index.nearForms(t),
    (surface, stem, pos) => index.meaning.relate(surface, stem, pos),
  );
  query.concepts = query.concepts.slice(0, MAX_QUESTION_TERMS);
  const base = { question, truncated, passages: [], related: [] };
  if (query.concepts.length === 0) return { ...base, status: 'needs_keyword', missingTerms: [] };

  const missing = query.concepts.filter((c) => !isKnown(index, c));
  const missingTerms = joinAdjacent(query.concepts, new Set(missing));
  // Counted, not idf-weighted: in a small corpus every absent word would otherwise outweigh
  // the present ones. Absent verbs and adverbs count for less (they paraphrase freely).
  const absent = missing.reduce((s, c) => s + c.strength, 0);
  const missingShare = absent / (absent + query.concepts.length - missing.length);
  const namesSomethingAbsent = missing.some((c) => c.capitalized && c.position > 0);

  const filter = opts.docSlug ? (e: Entry) => e.document.slug === opts.docSlug : undefined;
  const limit = opts.limit ?? 3;
  const hits = rank(index, query, { limit: Math.max(limit, 3), filter });
  const best = hits[0];
  const answered =
    best !== undefined &&
    !namesSomethingAbsent &&
    missingShare < ABSTAIN.missingShare &&
    best.coverage >= ABSTAIN.minCoverage &&
    // two ideas the corpus has, but never in one paragraph ("the capital of France"), are not an answer
    (best.covered >= 2 || query.concepts.length - missing.length < 2);
  if (!answered) {
    return {
      ...base,
      status: 'not_found',
      missingTerms,
      related: hits.slice(0, limit).map((h) => toPassage(index, h)),
    };
  }
  const kept = hits.filter((h) => h.score >= best.score * 0.6).slice(0, limit);
  return {
    ...base,
    status: 'answered',
    missingTerms,
    passages: kept.map((h) => toPassage(index, h)),
  };
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
  const matchedTerms: string[] = [];
  for (const t of tokenize(paragraph.text)) {
    if (!t.stop && hit.matched.has(t.stem) && !matchedTerms.includes(t.surface))
      matchedTerms.push(t.surface);
  }
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
  };
}
