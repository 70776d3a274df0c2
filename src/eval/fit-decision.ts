/**
 * The fitter behind `npm run fit -- decision`: examples of what `ask` sees when its rule lets a
 * passage through, labelled by whether the corpus answers the question, and a calibrated
 * logistic model over them (decision.ts), cross-validated by article.
 *
 * Each article is its own corpus, as a team drops a few documents in: its answerable questions
 * (right), SQuAD 2.0's near misses written against it and questions of other articles asked of it
 * (off-topic), both wrong. An answerable question counts as right even when another paragraph
 * ranks first: the bot shows three passages, the right one is among them most of the time, and
 * declining would hide it (labelled by the first passage alone, the model learns the ranking's
 * own errors between paragraphs of one article, and declines answerable questions worded unlike
 * their passage: 18 of 38 Vite questions at the threshold that declines 98 % of off-topic ones).
 * Each source is weighed to a stated share of the questions asked (SOURCE_SHARE).
 */
import { ask } from '../answer/ask.ts';
import {
  DECISION_FEATURES,
  type DecisionFeature,
  type DecisionModel,
  MONOTONE,
} from '../answer/decision.ts';
import type { SearchIndex } from '../search/index.ts';
import { linearScore, type Provenance, sigmoid } from '../search/model.ts';
import { rankModel, rankModelDigest } from '../search/rank.ts';
import {
  type AdamOptions,
  calibration,
  fitLogistic,
  foldOf,
  hashOf,
  type LabelledRow,
  type ProbabilityScore,
  type ReliabilityBin,
  scoreOf,
  thresholdFor,
} from './learn.ts';
import { round } from './match.ts';
import type { SquadSet } from './squad.ts';

export type DecisionSource = 'answerable' | 'nearMiss' | 'offTopic';

/** A decision that answers everything the rule lets through: the fitter reads its features. */
const UNFITTED: Pick<DecisionModel, 'weights' | 'bias' | 'threshold'> = {
  weights: new Float64Array(DECISION_FEATURES.length),
  bias: 0,
  threshold: 0,
};

/**
 * The mix of questions the model is calibrated for: half answerable, a tenth near misses
 * (SQuAD 2.0's questions written against a paragraph that does not answer them, which these
 * features barely tell from answerable ones), four tenths about other subjects (what a bot in an
 * open channel is asked).
 */
export const SOURCE_SHARE: Record<DecisionSource, number> = {
  answerable: 0.5,
  nearMiss: 0.1,
  offTopic: 0.4,
};

export const DECISION_FIT: AdamOptions = { iterations: 400, rate: 0.05, lambda: 0.001 };

/** One article as a corpus: its index, its questions and its near misses. */
export interface DecisionPool {
  /** The article (cross-validation keeps an article's questions together). */
  group: string;
  set: SquadSet;
  index: SearchIndex;
}

export interface DecisionExample {
  group: string;
  source: DecisionSource;
  x: Float64Array;
  y: 0 | 1;
  /** Its share of the loss: the source's share over the number of questions asked of it. */
  weight: number;
}

/**
 * The examples: every question of each source asked of its pool, kept when the rule lets the best
 * passage through (what the model decides on). `offTopicPerPool` questions of other pools are
 * asked of each pool.
 */
export function decisionExamples(
  pools: readonly DecisionPool[],
  offTopicPerPool = 150,
): { examples: DecisionExample[]; asked: Record<DecisionSource, number> } {
  const asked: Record<DecisionSource, number> = { answerable: 0, nearMiss: 0, offTopic: 0 };
  const raw: Omit<DecisionExample, 'weight'>[] = [];
  const collect = (pool: DecisionPool, question: string, source: DecisionSource) => {
    asked[source]++;
    ask(pool.index, question, {
      answerThreshold: 0,
      // only the features are wanted: not the committed model, fitted over another ranking
      decision: UNFITTED,
      onDecision: (d) =>
        raw.push({ group: pool.group, source, x: d.features, y: source === 'answerable' ? 1 : 0 }),
    });
  };
  for (const pool of pools) {
    for (const q of pool.set.questions) collect(pool, q.question, 'answerable');
    for (const q of pool.set.unanswerable) collect(pool, q.question, 'nearMiss');
    const others = pools
      .filter((p) => p !== pool)
      .flatMap((p) => p.set.questions.map((q) => q.question))
      .sort((a, b) => hashOf(pool.group + a) - hashOf(pool.group + b)) // the same sample every run
      .slice(0, offTopicPerPool);
    for (const q of others) collect(pool, q, 'offTopic');
  }
  const examples = raw.map((e) => ({
    ...e,
    weight: SOURCE_SHARE[e.source] / (asked[e.source] || 1),
  }));
  return { examples, asked };
}

function rows(examples: readonly DecisionExample[], drop: ReadonlySet<number>): LabelledRow[] {
  return examples.map((e) => ({
    x: drop.size ? e.x.map((v, k) => (drop.has(k) ? 0 : v)) : e.x,
    y: e.y,
    weight: e.weight,
  }));
}

const monotone = (): Set<number> =>
  new Set(DECISION_FEATURES.flatMap((f, k) => (MONOTONE.has(f) ? [k] : [])));

/** Fits the model's weights on examples (features in `drop` left out). */
export function fitDecisionWeights(
  examples: readonly DecisionExample[],
  o: AdamOptions = DECISION_FIT,
  drop: ReadonlySet<number> = new Set(),
): { weights: Float64Array; bias: number } {
  return fitLogistic(rows(examples, drop), DECISION_FEATURES.length, o, monotone());
}

/** Held-out probabilities by article: each fold predicted by a model fitted on the others. */
export function crossValidateDecision(
  examples: readonly DecisionExample[],
  folds: number,
  o: AdamOptions = DECISION_FIT,
  drop: ReadonlySet<number> = new Set(),
): { p: number; y: 0 | 1; w: number; source: DecisionSource }[] {
  const out: { p: number; y: 0 | 1; w: number; source: DecisionSource }[] = [];
  for (let f = 0; f < folds; f++) {
    const train = examples.filter((e) => foldOf(e.group, folds) !== f);
    const test = examples.filter((e) => foldOf(e.group, folds) === f);
    if (train.length === 0 || test.length === 0) continue;
    const m = fitDecisionWeights(train, o, drop);
    for (const e of test) {
      const x = drop.size ? e.x.map((v, k) => (drop.has(k) ? 0 : v)) : e.x;
      out.push({ p: sigmoid(linearScore(m, x)), y: e.y, w: e.weight, source: e.source });
    }
  }
  return out;
}

/** What a threshold does, cross-validated: the share of each source's questions answered. */
export interface ThresholdRow {
  threshold: number;
  answered: Record<DecisionSource, number>;
  /** Precision of what is answered, over the stated mix. */
  precision: number;
}

export interface DecisionReport extends ThresholdRow {
  score: ProbabilityScore;
  reliability: ReliabilityBin[];
  /** The same at other thresholds, for an operator choosing ANSWER_THRESHOLD. */
  tradeoff: ThresholdRow[];
  ablation?: Partial<Record<DecisionFeature, ProbabilityScore>>;
}

/** Shares of the questions asked of each source answered at `threshold` (the rule's declines count). */
function thresholdRow(
  cv: readonly { p: number; y: 0 | 1; w: number; source: DecisionSource }[],
  asked: Record<DecisionSource, number>,
  threshold: number,
): ThresholdRow {
  const passed = cv.filter((e) => e.p >= threshold);
  const answered = Object.fromEntries(
    (Object.keys(SOURCE_SHARE) as DecisionSource[]).map((s) => [
      s,
      round(passed.filter((e) => e.source === s).length / (asked[s] || 1)),
    ]),
  ) as Record<DecisionSource, number>;
  const mass = passed.reduce((s, e) => s + e.w, 0);
  const right = passed.reduce((s, e) => s + e.w * e.y, 0);
  return { threshold: round(threshold), answered, precision: round(mass > 0 ? right / mass : 0) };
}

/**
 * Cross-validated report: calibration, the threshold (the lowest reaching `precision`, or 0 —
 * the rule alone decides — when none is stated) and what it answers of each source (shares of
 * the questions asked, the rule's declines counted as declines), and the same at other thresholds.
 */
export function decisionReport(
  examples: readonly DecisionExample[],
  asked: Record<DecisionSource, number>,
  folds: number,
  precision: number | null,
  withAblation = false,
  /** Features held out of the model (their weight stays 0), as `fit -- decision --drop F`. */
  drop: ReadonlySet<number> = new Set(),
): DecisionReport {
  const cv = crossValidateDecision(examples, folds, DECISION_FIT, drop);
  const { table } = calibration(cv);
  const threshold = precision === null ? 0 : thresholdFor(cv, precision);
  const report: DecisionReport = {
    score: scoreOf(cv),
    reliability: table
      .filter((b) => b.count > 0)
      .map((b) => ({ ...b, predicted: round(b.predicted), observed: round(b.observed) })),
    ...thresholdRow(cv, asked, threshold),
    tradeoff: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6].map((t) => thresholdRow(cv, asked, t)),
  };
  if (withAblation) {
    report.ablation = {};
    DECISION_FEATURES.forEach((f, k) => {
      (report.ablation as Record<string, ProbabilityScore>)[f] = scoreOf(
        crossValidateDecision(examples, folds, DECISION_FIT, new Set([...drop, k])),
      );
    });
  }
  return report;
}

/** The model file's content: weights, the threshold and what they were fitted over. */
export function buildDecisionModel(
  fitted: { weights: Float64Array; bias: number },
  threshold: number,
  precision: number | null,
  provenance: Provenance,
): DecisionModel {
  return {
    model: 'decision',
    features: DECISION_FEATURES,
    weights: fitted.weights,
    bias: fitted.bias,
    threshold,
    provenance,
    settings: {
      threshold: round(threshold),
      ...(precision === null ? {} : { precision }),
      mix: SOURCE_SHARE,
      rankModel: rankModelDigest(rankModel()),
    },
  };
}
