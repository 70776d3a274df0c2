import { pageTitles } from '../answer/page-subject.ts';
import { rankCandidates } from '../answer/short.ts';
import {
  type Features,
  regionProbability,
  SHORT_FEATURES,
  type ShortModel,
  type SpanPlace,
  SURE_RIGHT_F1,
  type SureModel,
  shortModel,
  shortRow,
  sureFile,
  sureRow,
} from '../answer/short-model.ts';
import { classifyQuestion } from '../language/question.ts';
import { type LinearModel, type Provenance, type Tree, treeValue } from '../search/model.ts';
import { BOOST, type BoostOptions, fitBoost } from './boost.ts';
import type { SureExample } from './fit-sure.ts';
import { round } from './match.ts';
import type { SquadSet } from './squad.ts';
import { exactMatch, f1Score, maxOverGold } from './squad-metric.ts';

type FeatureName = keyof Features;
export type Weights = Record<FeatureName, number>;

/** One question's candidates: a feature row and the official F1/EM of each. */
export interface FitSample {
  group: string;
  rows: number[][];
  f1: number[];
  em: number[];
  /** Each candidate's sentence and offsets in it (candidates overlapping the chosen one are one
   * answer region when its confidence is calibrated); absent, each candidate is its own. */
  spans?: SpanPlace[];
}

export const FEATURES: readonly FeatureName[] = SHORT_FEATURES;

/** The candidates of every answerable question in its own paragraph, grouped by article. */
export function fitSamples(set: SquadSet): FitSample[] {
  const paragraphs = set.documents.flatMap((d) => d.paragraphs);
  const titleOf = pageTitles(set.documents);
  return set.questions.map((q) => {
    const p = paragraphs[q.paragraph];
    const ranked = p
      ? rankCandidates(q.question, classifyQuestion(q.question), p, {
          model: null,
          title: titleOf(p),
        })
      : [];
    return {
      group: p?.docSlug ?? '',
      rows: ranked.map((r) => shortRow(r.c.features)),
      spans: ranked.map((r) => [r.sentence, r.c.start, r.c.end] as const),
      f1: ranked.map((r) => maxOverGold(f1Score, r.c.text, q.answers)),
      em: ranked.map((r) => maxOverGold(exactMatch, r.c.text, q.answers)),
    };
  });
}

export interface FitOptions {
  /** L2 penalty. */
  lambda: number;
  iterations: number;
  rate: number;
  /** Weights held at a value (e.g. `fit`: 1.5), or at 0 to leave a feature out. */
  fixed: Partial<Weights>;
}

/**
 * Two weights are held: `fit` at 1.5 (free, it comes out near 0.8 on SQuAD because its many
 * what-questions barely use it, while typed questions need it; cross-validated F1 is the same)
 * and `linked` at 0.6 (SQuAD has hardly any definition question, so a fit cannot set it).
 */
export const SHORT_HELD: Partial<Weights> = { fit: 1.5, linked: 0.6 };

const DEFAULTS: FitOptions = {
  lambda: 0.01,
  iterations: 300,
  rate: 0.5,
  fixed: SHORT_HELD,
};

/**
 * Fits the span weights with a listwise softmax loss: each question's candidates compete, the
 * target share of each is its squared F1 (so near misses count a little), with an L2 penalty.
 */
export function fitWeights(
  samples: readonly FitSample[],
  options: Partial<FitOptions> = {},
): Weights {
  const o = { ...DEFAULTS, ...options };
  const n = FEATURES.length;
  const w = FEATURES.map((k) => o.fixed[k] ?? 0);
  const held = FEATURES.map((k) => o.fixed[k] !== undefined);
  const data = samples.filter((s) => s.f1.some((y) => y > 0));
  for (let it = 0; it < o.iterations; it++) {
    const grad = new Array<number>(n).fill(0);
    for (const s of data) {
      const scores = s.rows.map((r) => dot(r, w));
      const max = Math.max(...scores);
      const e = scores.map((x) => Math.exp(x - max));
      const z = e.reduce((a, b) => a + b, 0);
      const t = s.f1.map((y) => y * y);
      const tz = t.reduce((a, b) => a + b, 0);
      s.rows.forEach((r, i) => {
        const d = (e[i] ?? 0) / z - (t[i] ?? 0) / tz;
        for (let k = 0; k < n; k++) grad[k] = (grad[k] ?? 0) + d * (r[k] ?? 0);
      });
    }
    for (let k = 0; k < n; k++) {
      if (held[k]) continue;
      const g = (grad[k] ?? 0) / (data.length || 1) + o.lambda * (w[k] ?? 0);
      w[k] = (w[k] ?? 0) - o.rate * g;
    }
  }
  return Object.fromEntries(FEATURES.map((k, i) => [k, round(w[i] ?? 0, 2)])) as Weights;
}

function dot(r: readonly number[], w: readonly number[]): number {
  let s = 0;
  for (let k = 0; k < r.length; k++) s += (r[k] ?? 0) * (w[k] ?? 0);
  return s;
}

/** Mean EM and F1 of each question's best-scoring candidate (no abstention). */
export function scoreWeights(
  samples: readonly FitSample[],
  weights: Weights,
): { em: number; f1: number } {
  const w = FEATURES.map((k) => weights[k]);
  let em = 0;
  let f1 = 0;
  for (const s of samples) {
    let best = -1;
    let top = -Infinity;
    s.rows.forEach((r, i) => {
      const v = dot(r, w);
      if (v > top) {
        top = v;
        best = i;
      }
    });
    em += s.em[best] ?? 0;
    f1 += s.f1[best] ?? 0;
  }
  const n = samples.length || 1;
  return { em: round(em / n), f1: round(f1 / n) };
}

/** Leave-one-group-out (article) cross-validation: fit on the others, score on the one left out. */
export function crossValidate(
  samples: readonly FitSample[],
  options: Partial<FitOptions> = {},
): { em: number; f1: number } {
  const groups = [...new Set(samples.map((s) => s.group))];
  let em = 0;
  let f1 = 0;
  for (const g of groups) {
    const test = samples.filter((s) => s.group === g);
    const w = fitWeights(
      samples.filter((s) => s.group !== g),
      options,
    );
    const r = scoreWeights(test, w);
    em += r.em * test.length;
    f1 += r.f1 * test.length;
  }
  const n = samples.length || 1;
  return { em: round(em / n), f1: round(f1 / n) };
}

/** Features left out together in the ablation (what each signal contributes). */
const ABLATION: Record<string, FeatureName[]> = {
  'kind fit': ['fit'],
  'window and nearness': ['window', 'near'],
  'link and copula': ['link', 'copula'],
  focus: ['focus'],
  'word order (side)': ['side'],
  'sentence prior': ['prior'],
  capitalised: ['proper'],
  'repeats the question': ['inside', 'insideName'],
  length: ['length'],
  brackets: ['bracketed'],
  'wh-preposition': ['preposition'],
};

/**
 * Refits the span weights on a SQuAD set and reports the in-sample score of the current weights,
 * the cross-validated score of the fit, and an ablation (each signal left out, refitted, CV F1).
 */
export function fitShortReport(set: SquadSet): {
  fitted: Weights;
  current: { em: number; f1: number };
  crossValidated: { em: number; f1: number };
  ablation: { without: string; f1: number; delta: number }[];
} {
  const samples = fitSamples(set);
  const crossValidated = crossValidate(samples);
  const ablation = Object.entries(ABLATION).map(([without, names]) => {
    const fixed: Partial<Weights> = { ...DEFAULTS.fixed };
    for (const k of names) fixed[k] = 0;
    const f1 = crossValidate(samples, { fixed }).f1;
    return { without, f1, delta: round(f1 - crossValidated.f1) };
  });
  return {
    fitted: fitWeights(samples),
    current: scoreWeights(samples, weightsOf(shortModel())),
    crossValidated,
    ablation,
  };
}

/** A model's linear weights by feature name. */
export function weightsOf(model: Pick<LinearModel<FeatureName>, 'weights'>): Weights {
  return Object.fromEntries(FEATURES.map((k, i) => [k, model.weights[i] ?? 0])) as Weights;
}

/** Trees over the linear scores' residuals: the ranking's settings (100 trees of depth 4, a leaf
 * holding 50 candidates or more) serve the spans as well. */
export const SHORT_BOOST: BoostOptions = BOOST;

/** A fitted span model: linear weights, then boosted trees over their residuals. */
export interface ShortFit {
  weights: Weights;
  trees: Tree[];
  rate: number;
}

/** The candidate the trees are taught to put first: the best F1, when it is at least 0.5. */
function goldOf(s: FitSample): number {
  let gold = -1;
  let best = 0.5;
  s.f1.forEach((y, i) => {
    if (y > best || (y === best && gold < 0)) {
      best = y;
      gold = i;
    }
  });
  return gold;
}

/**
 * Fits the linear weights (listwise, `fitWeights`), then `boost.trees` trees with a pairwise loss
 * that lift each question's best candidate above the others, starting from the linear scores.
 */
export function fitShort(
  samples: readonly FitSample[],
  options: Partial<FitOptions> = {},
  boost: BoostOptions = SHORT_BOOST,
): ShortFit {
  const weights = fitWeights(samples, options);
  if (boost.trees === 0) return { weights, trees: [], rate: 0 };
  const w = FEATURES.map((k) => weights[k]);
  const groups = samples.map((s) => ({
    rows: s.rows,
    gold: goldOf(s),
    base: s.rows.map((r) => dot(r, w)),
  }));
  return { weights, trees: fitBoost(groups, boost), rate: boost.rate };
}

function fullScores(fit: ShortFit, rows: readonly number[][]): number[] {
  const w = FEATURES.map((k) => fit.weights[k]);
  return rows.map((r) => {
    let v = dot(r, w);
    for (const t of fit.trees) v += fit.rate * treeValue(t, r);
    return v;
  });
}

export interface ShortCrossValidation {
  /** The full model's best candidate on held-out articles. */
  em: number;
  f1: number;
  /** The linear part alone, same folds. */
  linear: { em: number; f1: number };
  /** (region probability, F1) of each held-out question's chosen candidate, for calibration. */
  pairs: [number, number][];
  /** Each held-out question's chosen candidate as the sure model reads it, and whether it is
   * right (token F1 ≥ SURE_RIGHT_F1; its fold: `fold`). */
  sure: SureExample[];
}

/**
 * Cross-validation by article: articles are dealt into `folds` folds in order of appearance; each
 * fold is scored by the model fitted on the others.
 */
export function crossValidateShort(
  samples: readonly FitSample[],
  folds: number,
  options: Partial<FitOptions> = {},
  boost: BoostOptions = SHORT_BOOST,
): ShortCrossValidation {
  const groups = [...new Set(samples.map((s) => s.group))];
  const foldOf = new Map(groups.map((g, i) => [g, i % Math.max(1, folds)]));
  const sum = { em: 0, f1: 0, lem: 0, lf1: 0 };
  const pairs: [number, number][] = [];
  const sure: SureExample[] = [];
  const FIT = FEATURES.indexOf('fit');
  for (let k = 0; k < Math.max(1, folds); k++) {
    const test = samples.filter((s) => foldOf.get(s.group) === k);
    const train = samples.filter((s) => foldOf.get(s.group) !== k);
    if (test.length === 0 || train.length === 0) continue;
    const fit = fitShort(train, options, boost);
    const linear = scoreWeights(test, fit.weights);
    sum.lem += linear.em * test.length;
    sum.lf1 += linear.f1 * test.length;
    for (const s of test) {
      if (s.rows.length === 0) continue;
      const scores = fullScores(fit, s.rows);
      let best = 0;
      scores.forEach((v, i) => {
        if (v > (scores[best] ?? -Infinity)) best = i;
      });
      sum.em += s.em[best] ?? 0;
      sum.f1 += s.f1[best] ?? 0;
      const region = regionProbability(scores, s.spans, best);
      pairs.push([region, s.f1[best] ?? 0]);
      sure.push({
        x: sureRow(
          region,
          scores,
          s.spans,
          s.rows.map((r) => r[FIT] ?? 0),
          best,
          s.rows[best] ?? [],
        ),
        y: (s.f1[best] ?? 0) >= SURE_RIGHT_F1 ? 1 : 0,
        fold: k,
      });
    }
  }
  const n = samples.length || 1;
  return {
    em: round(sum.em / n),
    f1: round(sum.f1 / n),
    linear: { em: round(sum.lem / n), f1: round(sum.lf1 / n) },
    pairs,
    sure,
  };
}

/**
 * Calibration knots from (probability, F1) pairs: equal-count bins in order of probability, each
 * its mean probability and mean F1, made non-decreasing (pool adjacent violators), from (0, 0)
 * to (1, the last bin's F1). A confidence read off them is the F1 such answers had.
 */
export function calibrationKnots(
  pairs: readonly (readonly [number, number])[],
  bins = 10,
): [number, number][] {
  const sorted = [...pairs].sort((a, b) => a[0] - b[0]);
  if (sorted.length === 0)
    return [
      [0, 0],
      [1, 0],
    ];
  const blocks: { p: number; y: number; n: number }[] = [];
  for (let b = 0; b < bins; b++) {
    const part = sorted.slice(
      Math.floor((b * sorted.length) / bins),
      Math.floor(((b + 1) * sorted.length) / bins),
    );
    if (part.length === 0) continue;
    blocks.push({
      p: part.reduce((a, x) => a + x[0], 0) / part.length,
      y: part.reduce((a, x) => a + x[1], 0) / part.length,
      n: part.length,
    });
  }
  // pool adjacent violators: a higher probability never maps to a lower F1
  const pooled: { p: number; y: number; n: number }[] = [];
  for (const b of blocks) {
    pooled.push({ ...b });
    while (pooled.length > 1) {
      const last = pooled[pooled.length - 1] as { p: number; y: number; n: number };
      const prev = pooled[pooled.length - 2] as { p: number; y: number; n: number };
      if (prev.y <= last.y) break;
      const n = prev.n + last.n;
      pooled.splice(-2, 2, {
        p: (prev.p * prev.n + last.p * last.n) / n,
        y: (prev.y * prev.n + last.y * last.n) / n,
        n,
      });
    }
  }
  const knots: [number, number][] = [[0, 0]];
  for (const b of pooled) if (b.p > 0 && b.p < 1) knots.push([round(b.p), round(b.y)]);
  knots.push([1, round(pooled[pooled.length - 1]?.y ?? 0)]);
  return knots;
}

/** The model file's content for a fit: weights, trees, calibration and provenance. */
export function buildShortModel(
  fit: ShortFit,
  calibration: [number, number][],
  provenance: Provenance,
  sure?: SureModel,
): ShortModel {
  return {
    model: 'short',
    features: FEATURES,
    weights: Float64Array.from(FEATURES.map((k) => fit.weights[k])),
    bias: 0,
    provenance,
    settings: sure ? { calibration, sure: sureFile(sure) } : { calibration },
    calibration,
    sure,
    boost: fit.trees.length ? { rate: fit.rate, trees: fit.trees } : undefined,
  };
}
