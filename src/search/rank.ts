import type { Entry, SearchIndex } from './index.ts';
import type { AnalyzedQuery, AnswerType, Concept } from './query.ts';

export interface Hit {
  /** Entry index in the SearchIndex. */
  index: number;
  score: number;
  /** Index of the answering sentence within the paragraph. */
  sentence: number;
  /** Share (idf-weighted) of the question's concepts found in the paragraph, 0..1. */
  coverage: number;
  /** How many of the question's concepts the paragraph itself contains. */
  covered: number;
  /** Terms of the question (or their aliases) present in the paragraph, for highlighting. */
  matched: Set<string>;
}

export interface RankOptions {
  limit: number;
  /** How many BM25 candidates to rerank. */
  depth?: number;
  filter?: ((entry: Entry) => boolean) | undefined;
}

/**
 * Weights of the rerank, fitted by coordinate ascent on the SQuAD excerpt and both seed question
 * sets together (each set counted equally; hit@1 plus 0.3 × hit@3), with word meaning on (npm run
 * eval); a grid over them moves SQuAD recall@1 by less than 0.01, so the method matters more.
 * proper: extra weight of names (capitalised, not first); family: credit for a word of the same
 * family ("religion"/"religious"); context: credit for the previous paragraph's words.
 */
export const WEIGHTS = {
  bm25: 0.4,
  sentence: 1,
  paragraph: 0.4,
  bigram: 1,
  type: 0.15,
  alias: 0.6,
  context: 0.25,
  proper: 0.5,
  depth: 40,
  focus: 0.6,
  family: 0.3,
  /** Extra credit for the question's own words (and aliases) over related ones, in a sentence. */
  exact: 0,
  /** How much a related term (WordNet, vectors) weighs in the BM25 candidate search, times its own weight. */
  related: 0.5,
};

const MONTHS =
  'january|february|march|april|may|june|july|august|september|october|november|december';
const TYPE_PATTERNS: Partial<Record<AnswerType, RegExp>> = {
  date: new RegExp(
    `\\b(?:1[0-9]{3}|20[0-9]{2})s?\\b|\\b(?:${MONTHS})\\b|\\b(?:spring|summer|fall|autumn|winter)\\b|\\bcentur(?:y|ies)\\b|\\b\\d{1,2}(?:st|nd|rd|th)\\b`,
    'giu',
  ),
  // counts, not years, and not durations ("several months")
  number:
    /\b(?!(?:1[0-9]{3}|20[0-9]{2})\b)\d+(?:[.,]\d+)*\b|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|hundreds?|thousands?|millions?|billions?|several|few|percent)\b(?!\s+(?:days?|weeks?|months?|years?|decades?|hours?|minutes?|times)\b)/giu,
  person: /(?<=\S\s+)\p{Lu}\p{Ll}+(?:\s+(?:al|bin|de|van|von|Al)?\s*\p{Lu}\p{Ll}+)+/gu,
  place: /\b(?:in|at|from|to|near|across|of)\s+(?:the\s+)?(?:\p{Ll}+\s+)?\p{Lu}\p{Ll}+/gu,
  definition:
    /\(\p{Lu}[\p{Lu}\p{N}]+|\b(?:is|are) (?:a|an|the)\b|\bmeans?\b|\brefers? to\b|\bstands? for\b|\bknown as\b/gu,
  reason:
    /\b(?:because|due to|in order to|so that|as a result|led to|driven by|motivated by|to close|to (?:help|secure|avoid|limit|address|enable))\b/giu,
};

export interface ScoredConcept {
  concept: Concept;
  idf: number;
  /** Terms of the same word family, worth `WEIGHTS.family` of a match. */
  family: ReadonlySet<string>;
}

/** What the rerank measures of one sentence of a candidate paragraph. */
/** Related words in more paragraphs than this (and this share) leave the BM25 query. */
const RELATED_DF_FLOOR = 50;
const RELATED_DF_SHARE = 0.01;
const RELATED_IN_QUERY = 4;

export interface SentenceFeatures {
  /** Share of the question (idf-weighted, soft: related words earn their weight) it holds. */
  coverage: number;
  /** Share held by the question's own words and aliases alone. */
  exact: number;
  /** Share of neighbouring question words that stand close together here. */
  bigram: number;
  /** 1 when it holds an answer of the asked kind that the question did not bring. */
  typed: number;
}

/** What the rerank measures of one candidate paragraph. */
export interface CandidateFeatures {
  index: number;
  /** BM25 relative to the best candidate's. */
  bm25: number;
  /** Soft coverage of the paragraph, with the previous paragraph's words at `WEIGHTS.context`. */
  paragraph: number;
  sentences: SentenceFeatures[];
  covered: number;
  matched: Set<string>;
}

export type RankWeights = typeof WEIGHTS;

/**
 * Ranks paragraphs for an analysed question: BM25 candidates from MiniSearch (the question's
 * words, their aliases and, weighed, their related words), reranked by how much of the question
 * the best sentence covers (softly: a related word earns its weight), whether neighbouring
 * question words stand close together in it, and whether it holds the kind of answer asked for
 * (a date for "when", a number for "how many").
 */
export function rank(index: SearchIndex, query: AnalyzedQuery, opts: RankOptions): Hit[] {
  return scoreCandidates(candidateFeatures(index, query, opts), WEIGHTS).slice(0, opts.limit);
}

/** Combines the features of each candidate into a score with these weights, best first. */
export function scoreCandidates(
  candidates: readonly CandidateFeatures[],
  weights: RankWeights,
): Hit[] {
  const hits = candidates.map((c) => {
    let best = 0;
    let bestScore = 0;
    c.sentences.forEach((f, k) => {
      const s =
        f.coverage + weights.exact * f.exact + weights.bigram * f.bigram + weights.type * f.typed;
      if (s > bestScore) {
        bestScore = s;
        best = k;
      }
    });
    return {
      index: c.index,
      score: weights.bm25 * c.bm25 + weights.sentence * bestScore + weights.paragraph * c.paragraph,
      sentence: best,
      coverage: c.paragraph,
      covered: c.covered,
      matched: c.matched,
    };
  });
  hits.sort((a, b) => b.score - a.score || a.index - b.index);
  return hits;
}

/** The question's concepts with their weights and word families. */
export function scoreConcepts(index: SearchIndex, query: AnalyzedQuery): ScoredConcept[] {
  return query.concepts.map((concept) => ({
    concept,
    idf:
      conceptWeight(index, concept) *
      (concept.capitalized && concept.position > 0 ? 1 + WEIGHTS.proper : 1) *
      (concept.focus ? WEIGHTS.focus : 1),
    family: new Set(
      WEIGHTS.family > 0 && concept.alternatives[0]?.length === 1
        ? index.family(concept.alternatives[0][0] as string)
        : [],
    ),
  }));
}

/** BM25 candidates and what the rerank measures of each. */
export function candidateFeatures(
  index: SearchIndex,
  query: AnalyzedQuery,
  opts: Omit<RankOptions, 'limit'>,
): CandidateFeatures[] {
  const concepts = scoreConcepts(index, query);
  const weighted = new Map<string, number>();
  const weigh = (term: string, w: number) => {
    if ((weighted.get(term) ?? 0) < w) weighted.set(term, w);
  };
  // Only the question's own terms matter in a sentence: filter to them before building sets.
  const wanted = new Set<string>();
  for (const { concept } of concepts) {
    for (const alt of concept.alternatives) for (const t of alt) wanted.add(t);
    for (const r of concept.related) for (const t of r.terms) wanted.add(t);
  }
  for (const { concept } of concepts) {
    concept.alternatives.forEach((alt, k) => {
      for (const term of alt) weigh(term, k === 0 ? 1 : WEIGHTS.alias);
    });
    // the strongest few reach the BM25 query (related is sorted); the rerank credits them all
    for (const r of concept.related.slice(0, RELATED_IN_QUERY)) {
      for (const term of r.terms) {
        // A common related word adds little to BM25 and costs its whole posting list (on the
        // Python docs, 0.8 ms a question); the rerank still credits it in every candidate.
        if (index.docFrequency(term) > Math.max(RELATED_DF_FLOOR, index.size * RELATED_DF_SHARE))
          continue;
        weigh(term, WEIGHTS.related * r.weight);
      }
    }
  }
  const candidates = index.candidates(weighted, opts.depth ?? WEIGHTS.depth, opts.filter);
  if (candidates.length === 0) return [];
  const top = candidates[0]?.score ?? 1;
  const totalIdf = concepts.reduce((s, c) => s + c.idf, 0) || 1;
  const typePattern = TYPE_PATTERNS[query.answerType];
  const questionWords = new Set(query.text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);

  for (const c of concepts) for (const f of c.family) wanted.add(f);
  const relevant = (terms: readonly string[]) => terms.filter((t) => wanted.has(t));

  return candidates.map(({ index: i, score }) => {
    const all = index.sentenceTerms(i);
    const sentences = all.map(relevant);
    const paragraph = (index.entries[i] as Entry).paragraph;
    const inParagraph = new Set<string>(sentences.flat());
    // A paragraph often leans on the one before it ("The move…"): what the question asks and
    // the previous paragraph of the same document supplies counts for a quarter;
    const prev = index.entries[i - 1];
    const inContext = new Set<string>();
    if (prev && prev.document === (index.entries[i] as Entry).document) {
      for (const s of index.sentenceTerms(i - 1))
        for (const t of s) if (wanted.has(t) && !inParagraph.has(t)) inContext.add(t);
    }
    // so does its heading ("Author" over "Director, Middle East programme")
    for (const t of index.sectionTerms(i))
      if (wanted.has(t) && !inParagraph.has(t)) inContext.add(t);
    return {
      index: i,
      bm25: score / top,
      paragraph:
        (coverage(concepts, inParagraph) + WEIGHTS.context * coverage(concepts, inContext)) /
        totalIdf,
      sentences: sentences.map((terms, k) => {
        if (terms.length === 0) return { coverage: 0, exact: 0, bigram: 0, typed: 0 };
        const set = new Set(terms);
        const text = paragraph.sentences[k]?.text ?? paragraph.text;
        return {
          coverage: coverage(concepts, set) / totalIdf,
          exact: exactCoverage(concepts, set) / totalIdf,
          bigram: adjacency(concepts, all[k] ?? []),
          typed: typePattern && hasNewEntity(text, typePattern, questionWords) ? 1 : 0,
        };
      }),
      covered: concepts.filter((c) => credit(c, inParagraph) >= 0.5).length,
      matched: inParagraph,
    };
  });
}

/** Whether some wording of the concept occurs in the corpus at all. */
export function isKnown(index: SearchIndex, concept: Concept): boolean {
  return concept.alternatives.some((alt) => alt.length > 0 && alt.every((t) => index.has(t)));
}

/**
 * A concept's weight: the idf of its own wording; when the corpus lacks it entirely, the
 * highest idf there is, scaled by how telling its absence is (nouns and names fully).
 */
export function conceptWeight(index: SearchIndex, concept: Concept): number {
  if (!isKnown(index, concept)) return index.maxIdf() * concept.strength;
  return Math.max(...(concept.alternatives[0] ?? []).map((t) => index.idf(t)), 0);
}

function covers(concept: Concept, terms: ReadonlySet<string>): boolean {
  return concept.alternatives.some((alt) => alt.length > 0 && alt.every((t) => terms.has(t)));
}

/**
 * How much of a concept a set of terms holds: 1 for its own wording or an alias, a related
 * term's weight (WordNet, vectors, spelling), or partial credit for a word of its family.
 */
export function credit(c: ScoredConcept, terms: ReadonlySet<string>): number {
  if (covers(c.concept, terms)) return 1;
  let best = 0;
  for (const r of c.concept.related) {
    if (r.weight > best && r.terms.every((t) => terms.has(t))) best = r.weight;
  }
  if (best < WEIGHTS.family) {
    for (const f of c.family) {
      if (terms.has(f)) return WEIGHTS.family;
    }
  }
  return best;
}

function exactCoverage(concepts: readonly ScoredConcept[], terms: ReadonlySet<string>): number {
  let sum = 0;
  for (const c of concepts) if (covers(c.concept, terms)) sum += c.idf;
  return sum;
}

function coverage(concepts: readonly ScoredConcept[], terms: ReadonlySet<string>): number {
  let sum = 0;
  for (const c of concepts) sum += c.idf * credit(c, terms);
  return sum;
}

/** Share of consecutive question concepts that also stand within three words of each other here. */
function adjacency(concepts: readonly ScoredConcept[], terms: readonly string[]): number {
  if (concepts.length < 2) return 0;
  const positions = new Map<string, number[]>();
  terms.forEach((t, i) => {
    const list = positions.get(t);
    if (list) list.push(i);
    else positions.set(t, [i]);
  });
  let near = 0;
  for (let k = 0; k + 1 < concepts.length; k++) {
    const a = positions.get((concepts[k] as ScoredConcept).concept.alternatives[0]?.at(-1) ?? '');
    const b = positions.get((concepts[k + 1] as ScoredConcept).concept.alternatives[0]?.[0] ?? '');
    if (a && b && a.some((x) => b.some((y) => Math.abs(y - x) <= 3))) near++;
  }
  return near / (concepts.length - 1);
}

/** Whether the sentence (patterns carry the g flag, for matchAll) holds an answer of the wanted kind that the question itself did not bring. */
function hasNewEntity(text: string, pattern: RegExp, questionWords: ReadonlySet<string>): boolean {
  for (const m of text.matchAll(pattern)) {
    const words = m[0].toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
    if (
      words.some(
        (w) =>
          !questionWords.has(w) &&
          !['in', 'at', 'from', 'to', 'near', 'across', 'of', 'the'].includes(w),
      )
    )
      return true;
  }
  return false;
}
