/**
 * The ranking model and the scoring: the fitted model file (src/models/rank.json) read and
 * checked, and `rank`, which fetches a question's BM25F candidates with the features
 * rank-features.ts computes for each and orders them by the model's score of each paragraph and
 * its best sentence.
 */
import rankModelJson from '../models/rank.json' with { type: 'json' };
import type { CandidateSettings } from './candidate-query.ts';
import type { SearchIndex } from './index.ts';
import { forestOf, forestValue, type LinearModel, parseModel } from './model.ts';
import type { AnalyzedQuery } from './query.ts';
import {
  type CandidateFeatures,
  candidateFeatures,
  PARAGRAPH_FEATURES,
  RANK_FEATURES,
  type RankFeature,
  type RankOptions,
} from './rank-features.ts';

export interface Hit {
  /** Entry index in the SearchIndex. */
  index: number;
  score: number;
  /** Index of the answering sentence within the paragraph. */
  sentence: number;
  /** Share (idf-weighted, soft) of the question's concepts found in the paragraph, 0..1. */
  coverage: number;
  /** How many of the question's concepts the paragraph itself contains. */
  covered: number;
  /** Terms of the question (or their aliases) present in the paragraph, for highlighting. */
  matched: Set<string>;
  /** The named features the ranking model scored (RANK_FEATURES order, best sentence's). */
  features: Float64Array;
  /** Its BM25F score as fetched (not relative to the best). */
  bm25: number;
}

export interface RankModel extends LinearModel<RankFeature> {
  candidates: CandidateSettings;
}

/** Validates a ranking model file (features, shape, candidate settings). */
export function parseRankModel(json: unknown): RankModel {
  const model = parseModel(json, 'rank', RANK_FEATURES);
  return { ...model, candidates: parseCandidates(model.settings.candidates) };
}

/**
 * The committed model's candidate settings alone: the fitter starts from them, and reads them even
 * when the code's features have changed since the model was fitted (that is when it is run).
 */
export function committedCandidates(): CandidateSettings {
  const settings = (rankModelJson as { settings?: { candidates?: unknown } }).settings;
  return parseCandidates(settings?.candidates);
}

function parseCandidates(json: unknown): CandidateSettings {
  const c = json as Partial<CandidateSettings> | undefined;
  const num = (v: unknown, what: string): number => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      throw new Error(`model: rank: settings.candidates.${what} must be a number ≥ 0`);
    return v;
  };
  if (!c || typeof c !== 'object' || !c.fields)
    throw new Error('model: rank: settings.candidates is missing');
  return {
    depth: Math.max(1, Math.round(num(c.depth, 'depth'))),
    fields: {
      text: num(c.fields.text, 'fields.text'),
      section: num(c.fields.section, 'fields.section'),
      title: num(c.fields.title, 'fields.title'),
    },
    alias: num(c.alias, 'alias'),
    related: num(c.related, 'related'),
  };
}

let committed: RankModel | undefined;

/**
 * The committed ranking model (src/models/rank.json), checked on first use: the engine calls this
 * at start, so a model that does not fit the code stops the bot with the reason.
 */
export function rankModel(): RankModel {
  committed ??= parseRankModel(rankModelJson);
  return committed;
}

/** A short fingerprint of a ranking model's numbers: models fitted over its scores record it. */
export function rankModelDigest(model: Pick<RankModel, 'weights' | 'boost'>): string {
  const text = JSON.stringify([[...model.weights].map((w) => w.toFixed(6)), model.boost ?? null]);
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * Ranks paragraphs for an analysed question: BM25F candidates from MiniSearch (the question's
 * words, their aliases and, weighed, their related words), reranked by the fitted model over the
 * named features of each paragraph and its best sentence.
 */
export function rank(
  index: SearchIndex,
  query: AnalyzedQuery,
  opts: RankOptions,
  model: RankModel = rankModel(),
): Hit[] {
  return scoreCandidates(
    candidateFeatures(index, query, opts, model.candidates),
    model,
    opts.limit,
  );
}

/**
 * Scores each candidate with the model (its best sentence chosen by the model too) and returns the
 * best `limit`, best first. The trees read each candidate's features from one scratch vector; a
 * hit's own copy is made for those returned only.
 */
export function scoreCandidates(
  candidates: readonly CandidateFeatures[],
  model: Pick<LinearModel<RankFeature>, 'weights' | 'bias' | 'boost'>,
  limit: number = candidates.length,
): Hit[] {
  const w = model.weights;
  const forest = model.boost ? forestOf(model.boost) : null;
  const np = PARAGRAPH_FEATURES.length;
  const x = new Float64Array(RANK_FEATURES.length);
  const scored = candidates.map((c) => {
    let base = model.bias;
    for (let f = 0; f < np; f++) base += (w[f] as number) * (c.paragraph[f] as number);
    const best = bestSentence(c.sentences, w, np);
    const s = c.sentences[best];
    let sentenceScore = 0;
    if (s)
      for (let f = 0; f < s.length; f++) sentenceScore += (w[np + f] as number) * (s[f] as number);
    let boosted = 0;
    if (forest) {
      x.set(c.paragraph, 0);
      if (s) x.set(s, np);
      else x.fill(0, np);
      boosted = forestValue(forest, x);
    }
    return { c, best, score: base + sentenceScore + boosted };
  });
  scored.sort((a, b) => b.score - a.score || a.c.index - b.c.index);
  return scored.slice(0, limit).map(({ c, best, score }) => {
    const features = new Float64Array(RANK_FEATURES.length);
    features.set(c.paragraph, 0);
    const s = c.sentences[best];
    if (s) features.set(s, np);
    return {
      index: c.index,
      score,
      sentence: best,
      coverage: c.coverage,
      covered: c.covered,
      matched: c.matched,
      features,
      bm25: c.bm25,
    };
  });
}

/** The sentence the weights prefer (the first on ties). */
export function bestSentence(
  sentences: readonly Float64Array[],
  w: Float64Array,
  offset: number,
): number {
  let best = 0;
  let bestScore = Number.NEGATIVE_INFINITY;
  sentences.forEach((s, k) => {
    let score = 0;
    for (let f = 0; f < s.length; f++) score += (w[offset + f] as number) * (s[f] as number);
    if (score > bestScore) {
      bestScore = score;
      best = k;
    }
  });
  return best;
}
