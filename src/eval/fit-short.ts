import { type Features, rankCandidates, SHORT_WEIGHTS } from '../answer/short.ts';
import { classifyQuestion } from '../language/question.ts';
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
}

export const FEATURES = Object.keys(SHORT_WEIGHTS.weights) as FeatureName[];

function row(f: Features): number[] {
  return FEATURES.map((k) => (k === 'side' ? f[k] - 0.5 : f[k]));
}

/** The candidates of every answerable question in its own paragraph, grouped by article. */
export function fitSamples(set: SquadSet): FitSample[] {
  const paragraphs = set.documents.flatMap((d) => d.paragraphs);
  return set.questions.map((q) => {
    const p = paragraphs[q.paragraph];
    const ranked = p ? rankCandidates(q.question, classifyQuestion(q.question), p) : [];
    return {
      group: p?.docSlug ?? '',
      rows: ranked.map((r) => row(r.c.features)),
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

const DEFAULTS: FitOptions = {
  lambda: 0.01,
  iterations: 300,
  rate: 0.5,
  fixed: { fit: SHORT_WEIGHTS.weights.fit, linked: SHORT_WEIGHTS.weights.linked },
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
    current: scoreWeights(samples, SHORT_WEIGHTS.weights),
    crossValidated,
    ablation,
  };
}
