/**
 * The learned half of answer-or-decline: a calibrated probability that the corpus answers the
 * question (its best passages shown), from a logistic model fitted by `npm run fit -- decision` on public data (see the
 * README, "Answer or decline, learned") and committed as src/models/decision.json. It is read
 * after the rule in abstain.ts has let a passage through: the rule declines what the corpus
 * plainly lacks (a name, the focus), the model declines the questions that meet the corpus only
 * in incidental words.
 */
import decisionModelJson from '../models/decision.json' with { type: 'json' };
import { isKnown } from '../search/holding.ts';
import type { SearchIndex } from '../search/index.ts';
import { type LinearModel, linearScore, parseModel, sigmoid } from '../search/model.ts';
import type { AnalyzedQuery } from '../search/query.ts';
import { type Hit, rankModel, rankModelDigest } from '../search/rank.ts';
import { RANK_FEATURES, type RankFeature } from '../search/rank-features.ts';
import type { AnswerSignals } from './abstain.ts';

export const DECISION_FEATURES = [
  /** The ranking model's score of the best passage, squashed to −1..1 (tanh of a tenth). */
  'score',
  /** How far it stands above the next passage (tanh of the score difference). */
  'margin',
  /** Share of the question (idf-weighted) whose own words the passage holds. */
  'own',
  /** … held anywhere in the passage, its headings or title. */
  'union',
  /** … held by the answering sentence, and by its own words only. */
  'sentence',
  'sentenceOwn',
  /** Share of the question's names and figures the passage holds. */
  'names',
  /** Soft coverage as the rule reads it (related words earn their weight). */
  'coverage',
  /** Share of the question's ideas the passage holds, of those the corpus has. */
  'ideas',
  /** Share of the question nothing in the corpus matches. */
  'missing',
  /** 1 when the answering sentence holds a phrase of the asked kind, 0 when not, ½ when any will do. */
  'typed',
  /**
   * How much the question is about what the corpus is about: its words weighed by how common
   * each is across the corpus's passages (1 − idf / the rarest word's idf; absent words 0), as a
   * mean over the question and at its most common word. Off-topic questions meet the corpus
   * only in incidental words; everyday or developer wording still names the corpus's subject.
   */
  'topical',
  'topicalMax',
  /** Share of the question (by how telling each word is) the corpus has in its own words. */
  'known',
  /**
   * How near the question's subject is to the passage's, whatever words either uses (the ranking's
   * `gist`). "Who played the face in the a team" meets a passage in "in the face of" only.
   */
  'gist',
] as const;
export type DecisionFeature = (typeof DECISION_FEATURES)[number];

/**
 * Features whose weight the fitter keeps ≥ 0: more of the question in the passage never lowers the
 * probability, so a passage holding every question word never turns an answer into a decline.
 */
export const MONOTONE: ReadonlySet<DecisionFeature> = new Set(
  DECISION_FEATURES.filter((f) => f !== 'missing'),
);

const at = (name: RankFeature) => RANK_FEATURES.indexOf(name);
const OWN = at('own');
const UNION = at('union');
const SENTENCE = at('sentence');
const SENTENCE_OWN = at('sentenceOwn');
const NAMES = at('names');
const GIST = at('gist');

/** What the question shares with the corpus as a whole (the last three features). */
export interface Topicality {
  topical: number;
  topicalMax: number;
  known: number;
}

/** How much the question is about what the corpus is about (see DECISION_FEATURES). */
export function topicality(index: SearchIndex, query: AnalyzedQuery): Topicality {
  const rarest = index.maxIdf() || 1;
  let weight = 0;
  let topical = 0;
  let topicalMax = 0;
  let known = 0;
  for (const c of query.concepts) {
    weight += c.strength;
    if (!isKnown(index, c)) continue;
    known += c.strength;
    const idf = Math.max(0, ...(c.alternatives[0] ?? []).map((t) => index.idf(t)));
    const common = Math.min(1, Math.max(0, 1 - idf / rarest));
    topical += c.strength * common;
    topicalMax = Math.max(topicalMax, common);
  }
  return weight > 0
    ? { topical: topical / weight, topicalMax, known: known / weight }
    : { topical: 0, topicalMax: 0, known: 0 };
}

/** The decision's features for the best passage (`next`: the best score among the others). */
export function decisionFeatures(
  best: Pick<Hit, 'score' | 'features' | 'coverage'>,
  next: number | null,
  signals: Pick<AnswerSignals, 'covered' | 'known' | 'missingShare' | 'typed'>,
  topic: Topicality,
): Float64Array {
  const f = best.features;
  return Float64Array.from([
    Math.tanh(best.score / 10),
    next === null ? 1 : Math.tanh(Math.max(0, best.score - next)),
    f[OWN] ?? 0,
    f[UNION] ?? 0,
    f[SENTENCE] ?? 0,
    f[SENTENCE_OWN] ?? 0,
    f[NAMES] ?? 0,
    best.coverage,
    signals.known > 0 ? Math.min(1, signals.covered / signals.known) : 0,
    signals.missingShare,
    signals.typed === null ? 0.5 : signals.typed ? 1 : 0,
    topic.topical,
    topic.topicalMax,
    topic.known,
    f[GIST] ?? 0.5,
  ]);
}

export interface DecisionModel extends LinearModel<DecisionFeature> {
  /** The lowest probability answered, as the fitter chose it (see `threshold` in settings). */
  threshold: number;
}

/** Validates a decision model file: features, weights, a threshold in 0..1. */
export function parseDecisionModel(json: unknown): DecisionModel {
  const model = parseModel(json, 'decision', DECISION_FEATURES);
  const t = model.settings.threshold;
  if (typeof t !== 'number' || !(t >= 0 && t <= 1))
    throw new Error('model: decision: settings.threshold must be a number from 0 to 1');
  return { ...model, threshold: t };
}

let committed: DecisionModel | undefined;

/**
 * The committed decision model, checked on first use (every engine does at start, and with it
 * the ranking model). It was fitted over the ranking model's scores: a ranking model refitted since is named in the error.
 */
export function decisionModel(): DecisionModel {
  if (committed) return committed;
  const model = parseDecisionModel(decisionModelJson);
  const over = model.settings.rankModel;
  const current = rankModelDigest(rankModel());
  if (over !== current)
    throw new Error(
      `model: decision: fitted over ranking model ${String(over)}, but the ranking model is ${current}; refit it with npm run fit -- decision`,
    );
  committed = model;
  return model;
}

/**
 * The least probability that a short answer is right for it to be shown: the decision's
 * probability that the corpus answers, times the reader's probability that the phrase is right
 * (its sure model, fitted on held-out articles). A wrong short answer in bold is worse than none.
 * See the README, "A short answer only when sure", for how it was chosen.
 */
export const SHORT_ANSWER_MIN = 0.2;

/** The probability that the corpus answers the question. */
export function answerProbability(
  x: ArrayLike<number>,
  model: Pick<DecisionModel, 'weights' | 'bias'> = decisionModel(),
): number {
  return sigmoid(linearScore(model, x));
}
