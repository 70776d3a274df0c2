/**
 * What the rerank reads of a candidate paragraph: the named features (PARAGRAPH_FEATURES,
 * SENTENCE_FEATURES) and their computation (`candidateFeatures`) over the BM25F candidates
 * (RankOptions; the query that fetches them is candidate-query.ts's). How a set of terms holds
 * each of the question's concepts is holding.ts's; the kinds of answer a sentence may hold,
 * type-patterns.ts's; the model that weighs the features, and the scoring, rank.ts's.
 */

import { type CandidateSettings, queryTerms } from './candidate-query.ts';
import { gistSimilarity, questionGist } from './gist.ts';
import {
  credit,
  creditOf,
  exact,
  type Holding,
  holding,
  holdings,
  type ScoredConcept,
  scoreConcepts,
  weighted,
} from './holding.ts';
import type { Entry, SearchIndex } from './index.ts';
import type { AnalyzedQuery } from './query.ts';
import { hasNewEntity, TYPE_PATTERNS } from './type-patterns.ts';
import { adjacency, longestRun, phraseShare } from './word-runs.ts';

export interface RankOptions {
  limit: number;
  /** How many BM25 candidates to rerank (default: the model's). */
  depth?: number;
  filter?: ((entry: Entry) => boolean) | undefined;
  /**
   * Words of the question a follow-up borrowed from the conversation (lowercased): they find
   * passages like any other, but the question's gist is what this turn asks (see questionGist).
   */
  borrowed?: ReadonlySet<string> | undefined;
  /** The question's scored concepts (`scoreConcepts`), when the caller has scored them already. */
  concepts?: readonly ScoredConcept[] | undefined;
}

/**
 * Every signal the rerank reads of a candidate paragraph, by name. The first group describes the
 * paragraph (its BM25 score, how much of the question its text, title and headings hold, and how);
 * the second its best sentence (the one shown in bold). A fitted linear model (`npm run fit --
 * rank`, src/models/rank.json) weighs them: nothing here is weighed by hand.
 */
export const PARAGRAPH_FEATURES = [
  /** BM25F over text, headings and title (with the question's aliases and related words), relative to the best candidate's. */
  'bm25',
  /** Share of the question (idf-weighted) whose own words are in the paragraph. */
  'own',
  /** … reached only through an alias, a learned acronym or a near form. */
  'alias',
  /** … only through a related word (WordNet, word vectors), times how related. */
  'related',
  /** … only through a word of the same family ("religion"/"religious"). */
  'family',
  /** Share of the question the passage's name holds (soft): its page's title and nearest heading. */
  'title',
  /** Share the paragraph's heading path holds (soft). */
  'section',
  /** Share held anywhere: text, headings or title, whichever holds each idea best. */
  'union',
  /** Share only the previous paragraph of the same document holds ("The move…" leans on it). */
  'context',
  /** Share of the question's names and figures found in the text, headings or title. */
  'names',
  /** How far the question's focus ("tanks" in "how many tanks") is present (0 when it has none). */
  'focus',
  /** Share of the name's words the question repeats: the question names the page or section. */
  'titleAsked',
  /** Paragraph length, log-scaled to 0..1. */
  'length',
  /** Longest run of the name's words the question repeats in order, over the name's length. */
  'titlePhrase',
  /**
   * How near the question's subject is to the paragraph's, whatever words either uses: the cosine
   * of their gists (word vectors less what all words share, `CorpusMeaning.gist`), 0 when
   * opposite, ½ without word vectors.
   */
  'gist',
] as const;

export const SENTENCE_FEATURES = [
  /** Share of the question the best sentence holds (soft). */
  'sentence',
  /** … through the question's own words and aliases only. */
  'sentenceOwn',
  /** Share of neighbouring question words that stand close together in it. */
  'bigram',
  /** 1 when it holds a phrase of the kind asked for (a date for "when") the question did not bring. */
  'typed',
  /** Longest run of the question's words (two or more) it repeats in order, over the question's length. */
  'phrase',
] as const;

export const RANK_FEATURES = [...PARAGRAPH_FEATURES, ...SENTENCE_FEATURES] as const;
export type RankFeature = (typeof RANK_FEATURES)[number];

/** Paragraph length (in terms) at which the length feature reaches 1. */
const LONG_PARAGRAPH = 500;

/**
 * The features of a sentence holding none of the question's terms: all 0. Shared by every such
 * sentence (most of a long paragraph's, and a typed array is costly to make): never written to;
 * the fitter copies the vectors it changes.
 */
const NO_SENTENCE_FEATURES: Float64Array = new Float64Array(SENTENCE_FEATURES.length);

/** One candidate paragraph: its features, and those of each of its sentences. */
export interface CandidateFeatures {
  index: number;
  /** PARAGRAPH_FEATURES values. */
  paragraph: Float64Array;
  /** SENTENCE_FEATURES values, one array per sentence. */
  sentences: Float64Array[];
  /** Soft coverage of the paragraph's text alone. */
  coverage: number;
  covered: number;
  matched: Set<string>;
  /** Its BM25F score as fetched. */
  bm25: number;
}

/** What a passage's name holds of a question: its words asked for, their share, the longest run. */
interface TitleSignals {
  /** How the name holds each concept, and the credit each earns (`credit`). */
  held: Holding[];
  credit: number[];
  /** Share of the question the name holds (soft). */
  share: number;
  asked: number;
  phrase: number;
}

/** BM25F candidates and the named features of each (see RANK_FEATURES). */
export function candidateFeatures(
  index: SearchIndex,
  query: AnalyzedQuery,
  opts: Omit<RankOptions, 'limit'>,
  settings: CandidateSettings,
): CandidateFeatures[] {
  const concepts = opts.concepts ?? scoreConcepts(index, query);
  const candidates = index.candidates(
    queryTerms(index, concepts, settings),
    opts.depth ?? settings.depth,
    opts.filter,
    settings.fields,
  );
  if (candidates.length === 0) return [];
  // Only the question's own terms matter in a sentence: filter to them before building sets.
  const wanted = new Set<string>();
  for (const c of concepts) {
    for (const alt of c.concept.alternatives) for (const t of alt) wanted.add(t);
    for (const r of c.concept.related) for (const t of r.terms) wanted.add(t);
    for (const f of c.family) wanted.add(f);
  }
  const top = candidates[0]?.score || 1;
  const totalIdf = concepts.reduce((s, c) => s + c.idf, 0) || 1;
  const names = concepts.filter((c) => c.name);
  const focus = concepts.find((c) => c.concept.focus);
  const typePattern = TYPE_PATTERNS[query.answerType];
  const questionWords = new Set(query.text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
  const asked = new Set<string>();
  for (const c of concepts)
    for (const alt of c.concept.alternatives) for (const t of alt) asked.add(t);
  // the question's own terms in order, for runs of words it shares with a title or a sentence
  const questionSeq = concepts.flatMap((c) => c.concept.alternatives[0] ?? []);
  const asking = questionGist(index, query, opts.borrowed);

  // what a passage's name (its page's title and nearest heading, `PassageTerms.nameTerms`) holds
  // of the question, once per name (candidates often share one)
  const byTitle = new Map<readonly string[], TitleSignals>();
  // A name without a word the question wants holds of it what no words hold (the question's own
  // words, asked and in order, are among those it wants): read once, as for an empty name. On a
  // documentation site every heading makes a name of its own, and most share nothing with it.
  const none: readonly string[] = [];
  const titleSignals = (i: number): TitleSignals => {
    const name = index.passages.nameTerms(i);
    const words = name.some((t) => wanted.has(t)) ? name : none;
    let signals = byTitle.get(words);
    if (!signals) {
      const title = new Set(words);
      let titleAsked = 0;
      for (const t of title) if (asked.has(t)) titleAsked++;
      const inTitle = new Set([...title].filter((t) => wanted.has(t)));
      const held = holdings(concepts, inTitle);
      const credits = held.map(creditOf);
      signals = {
        held,
        credit: credits,
        share: weighted(concepts, credits) / totalIdf,
        asked: title.size ? titleAsked / title.size : 0,
        phrase: words.length ? longestRun(questionSeq, words) / words.length : 0,
      };
      byTitle.set(words, signals);
    }
    return signals;
  };

  // each sentence's terms that the question wants, and all of them in the paragraph: read once
  // per paragraph, as a candidate or as the one before a candidate (often both on a docs page)
  const readings = new Map<number, { sentences: string[][]; inParagraph: Set<string> }>();
  const wantedIn = (i: number) => {
    let reading = readings.get(i);
    if (!reading) {
      const inParagraph = new Set<string>();
      const sentences = index.passages.sentenceTerms(i).map((terms) => {
        const kept: string[] = [];
        for (const t of terms) {
          if (!wanted.has(t)) continue;
          kept.push(t);
          inParagraph.add(t);
        }
        return kept;
      });
      reading = { sentences, inParagraph };
      readings.set(i, reading);
    }
    return reading;
  };

  return candidates.map(({ index: i, score }) => {
    const entry = index.entries[i] as Entry;
    const all = index.passages.sentenceTerms(i);
    const { sentences, inParagraph } = wantedIn(i);
    const title = titleSignals(i);
    const inSection = new Set<string>();
    for (const t of index.passages.sectionTerms(i)) if (wanted.has(t)) inSection.add(t);
    // A paragraph often leans on the one before it ("The move…")
    const prev = index.entries[i - 1];
    const inPrevious = new Set<string>();
    if (prev && prev.document === entry.document) {
      for (const t of wantedIn(i - 1).inParagraph) if (!inParagraph.has(t)) inPrevious.add(t);
    }
    // how each set holds each concept, read once (the features below read them several times)
    const here = holdings(concepts, inParagraph);
    const section = holdings(concepts, inSection);
    const hereCredit = here.map(creditOf);
    const sectionCredit = section.map(creditOf);
    const titleCredit = title.credit;
    const parts = { own: 0, alias: 0, related: 0, family: 0 };
    let union = 0;
    let context = 0;
    let namesFound = 0;
    let covered = 0;
    concepts.forEach((c, k) => {
      const h = here[k] as Holding;
      if (h.own) parts.own += c.idf;
      else if (h.alias) parts.alias += c.idf;
      else if (h.related > 0) parts.related += c.idf * h.related;
      else if (h.family) parts.family += c.idf;
      const credited = hereCredit[k] as number;
      const anywhere = Math.max(credited, titleCredit[k] as number, sectionCredit[k] as number);
      union += c.idf * anywhere;
      context += c.idf * Math.max(0, credit(c, inPrevious) - credited);
      if (c.name && (exact(h) || exact(title.held[k] as Holding) || exact(section[k] as Holding)))
        namesFound++;
      if (credited >= 0.5) covered++;
    });
    let length = 0;
    for (const s of all) length += s.length;
    const text = entry.paragraph.sentences;
    const at = focus ? concepts.indexOf(focus) : -1;
    // rows from a literal, not Float64Array.of, which cost a twentieth of a question's time on
    // the Python docs (a row per candidate and per sentence)
    const paragraph = new Float64Array([
      score / top,
      parts.own / totalIdf,
      parts.alias / totalIdf,
      parts.related / totalIdf,
      parts.family / totalIdf,
      title.share,
      weighted(concepts, sectionCredit) / totalIdf,
      union / totalIdf,
      context / totalIdf,
      names.length ? namesFound / names.length : 0,
      focus
        ? Math.max(hereCredit[at] as number, titleCredit[at] as number, sectionCredit[at] as number)
        : 0,
      title.asked,
      Math.min(1, Math.log1p(length) / Math.log1p(LONG_PARAGRAPH)),
      title.phrase,
      gistSimilarity(asking, index.passages.gist(i)),
    ]);
    return {
      index: i,
      paragraph,
      sentences: sentences.map((terms, k) => {
        if (terms.length === 0) return NO_SENTENCE_FEATURES;
        // how the sentence holds each concept, summed as read (no arrays: most candidates'
        // sentences are read once and dropped)
        const inSentence = new Set(terms);
        let creditIdf = 0;
        let exactIdf = 0;
        for (const c of concepts) {
          const h = holding(c, inSentence);
          creditIdf += c.idf * creditOf(h);
          if (exact(h)) exactIdf += c.idf;
        }
        const sentenceText = text[k]?.text ?? entry.paragraph.text;
        return new Float64Array([
          creditIdf / totalIdf,
          exactIdf / totalIdf,
          adjacency(concepts, all[k] ?? []),
          typePattern && hasNewEntity(sentenceText, typePattern, questionWords) ? 1 : 0,
          // a run of two needs two of the question's terms here (`terms` holds every one)
          terms.length < 2 ? 0 : phraseShare(questionSeq, all[k] ?? []),
        ]);
      }),
      coverage: weighted(concepts, hereCredit) / totalIdf,
      covered,
      matched: inParagraph,
      bm25: score,
    };
  });
}
