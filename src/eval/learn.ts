/**
 * The fitting methods behind `npm run fit`: pairwise logistic regression for the ranking (RankNet
 * with a linear scorer) and plain logistic regression for the decisions, both by full-batch Adam
 * with an L2 penalty, plus the calibration measures the fitter reports.
 *
 * Written here rather than taken from a library: the npm registry has no maintained logistic
 * regression or learning-to-rank package for Node (ml-logistic-regression is one-vs-all with a
 * fixed step and no weights or pairs), and each method is some forty lines.
 */
import { round } from './match.ts';

export interface AdamOptions {
  iterations: number;
  rate: number;
  /** L2 penalty on every weight but the bias. */
  lambda: number;
}

const ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

/**
 * Minimises a loss by Adam. `gradient(w, out)` writes the loss's gradient into `out` (the L2
 * term is added here, except on the weights `unpenalised` names) and returns the loss.
 */
export function adam(
  initial: ArrayLike<number>,
  gradient: (w: Float64Array, out: Float64Array) => number,
  o: AdamOptions,
  unpenalised: ReadonlySet<number> = new Set(),
  nonNegative: ReadonlySet<number> = new Set(),
): { weights: Float64Array; loss: number } {
  const n = initial.length;
  const w = Float64Array.from(initial);
  const g = new Float64Array(n);
  const m = new Float64Array(n);
  const v = new Float64Array(n);
  let loss = 0;
  for (let t = 1; t <= o.iterations; t++) {
    g.fill(0);
    loss = gradient(w, g);
    for (let k = 0; k < n; k++) {
      if (!unpenalised.has(k)) {
        g[k] = (g[k] as number) + 2 * o.lambda * (w[k] as number);
        loss += o.lambda * (w[k] as number) ** 2;
      }
      m[k] = ADAM.beta1 * (m[k] as number) + (1 - ADAM.beta1) * (g[k] as number);
      v[k] = ADAM.beta2 * (v[k] as number) + (1 - ADAM.beta2) * (g[k] as number) ** 2;
      const mh = (m[k] as number) / (1 - ADAM.beta1 ** t);
      const vh = (v[k] as number) / (1 - ADAM.beta2 ** t);
      w[k] = (w[k] as number) - (o.rate * mh) / (Math.sqrt(vh) + ADAM.epsilon);
      // a projected step keeps a constrained weight at or above zero
      if (nonNegative.has(k) && (w[k] as number) < 0) w[k] = 0;
    }
  }
  return { weights: w, loss };
}

/** One question's candidates for pairwise ranking: feature rows and which are right. */
export interface RankingGroup {
  rows: Float64Array[];
  relevant: boolean[];
}

/**
 * Pairwise logistic ranking (RankNet with a linear scorer): every right candidate should score
 * above every wrong one of its question; each question counts once, whatever its number of
 * pairs. Chosen over a listwise metric search (coordinate ascent on recall@1) because its loss is
 * smooth and convex, so the fit is repeatable and cross-validates without restarts.
 */
export function fitPairwise(
  groups: readonly RankingGroup[],
  dims: number,
  o: AdamOptions,
  initial: ArrayLike<number> = new Float64Array(dims),
): Float64Array {
  const usable = groups.filter((g) => g.relevant.some(Boolean) && g.relevant.some((r) => !r));
  const diff = new Float64Array(dims);
  return adam(
    initial,
    (w, grad) => {
      let loss = 0;
      for (const g of usable) {
        const scores = g.rows.map((r) => dot(w, r));
        const positives = g.relevant.filter(Boolean).length;
        const pairs = positives * (g.relevant.length - positives);
        g.relevant.forEach((ri, i) => {
          if (!ri) return;
          g.relevant.forEach((rj, j) => {
            if (rj) return;
            const margin = (scores[i] as number) - (scores[j] as number);
            // log(1 + e^-margin) and its derivative, stable for large margins
            loss +=
              (margin > 0
                ? Math.log1p(Math.exp(-margin))
                : -margin + Math.log1p(Math.exp(margin))) / pairs;
            const s = -sigmoidOf(-margin) / pairs;
            const a = g.rows[i] as Float64Array;
            const b = g.rows[j] as Float64Array;
            for (let k = 0; k < dims; k++) diff[k] = (a[k] as number) - (b[k] as number);
            for (let k = 0; k < dims; k++)
              grad[k] = (grad[k] as number) + (s * (diff[k] as number)) / usable.length;
          });
        });
      }
      return loss / (usable.length || 1);
    },
    o,
  ).weights;
}

/** A labelled example for logistic regression; `weight` scales its share of the loss. */
export interface LabelledRow {
  x: ArrayLike<number>;
  y: 0 | 1;
  weight?: number;
}

/**
 * Logistic regression: weights (one per feature) and a bias giving P(y = 1). Examples may be
 * weighted (to give each source of examples its intended share).
 */
export function fitLogistic(
  rows: readonly LabelledRow[],
  dims: number,
  o: AdamOptions,
  nonNegative: ReadonlySet<number> = new Set(),
): { weights: Float64Array; bias: number } {
  const total = rows.reduce((s, r) => s + (r.weight ?? 1), 0) || 1;
  const fitted = adam(
    new Float64Array(dims + 1),
    (w, grad) => {
      let loss = 0;
      for (const r of rows) {
        let z = w[dims] as number;
        for (let k = 0; k < dims; k++) z += (w[k] as number) * (r.x[k] as number);
        const p = sigmoidOf(z);
        const weight = (r.weight ?? 1) / total;
        loss -= weight * (r.y ? Math.log(Math.max(p, 1e-12)) : Math.log(Math.max(1 - p, 1e-12)));
        const d = weight * (p - r.y);
        for (let k = 0; k < dims; k++) grad[k] = (grad[k] as number) + d * (r.x[k] as number);
        grad[dims] = (grad[dims] as number) + d;
      }
      return loss;
    },
    o,
    new Set([dims]),
    nonNegative,
  ).weights;
  return { weights: fitted.slice(0, dims), bias: fitted[dims] as number };
}

export function dot(w: ArrayLike<number>, x: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < x.length; k++) s += (w[k] as number) * (x[k] as number);
  return s;
}

function sigmoidOf(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** One bin of a reliability table: predicted probabilities in [from, to), and what happened. */
export interface ReliabilityBin {
  from: number;
  to: number;
  count: number;
  /** Mean predicted probability in the bin. */
  predicted: number;
  /** Share of positives in the bin. */
  observed: number;
}

/**
 * A reliability table (equal-width bins) and the expected calibration error: the gap between
 * predicted and observed frequency, averaged over bins weighted by their size. An example's `w`
 * (default 1) is its share, as in the fit: a model fitted for a stated mix of sources is judged on
 * that mix (`count` stays the number of examples).
 */
export function calibration(
  predictions: readonly { p: number; y: 0 | 1; w?: number }[],
  bins = 10,
): { table: ReliabilityBin[]; ece: number } {
  const table: ReliabilityBin[] = Array.from({ length: bins }, (_, b) => ({
    from: b / bins,
    to: (b + 1) / bins,
    count: 0,
    predicted: 0,
    observed: 0,
  }));
  const mass = new Array<number>(bins).fill(0);
  let total = 0;
  for (const { p, y, w = 1 } of predictions) {
    const b = Math.min(bins - 1, Math.floor(p * bins));
    const bin = table[b] as ReliabilityBin;
    bin.count++;
    bin.predicted += w * p;
    bin.observed += w * y;
    mass[b] = (mass[b] ?? 0) + w;
    total += w;
  }
  let ece = 0;
  table.forEach((bin, b) => {
    const m = mass[b] ?? 0;
    if (bin.count === 0 || m <= 0) return;
    bin.predicted /= m;
    bin.observed /= m;
    ece += (m / (total || 1)) * Math.abs(bin.predicted - bin.observed);
  });
  return { table, ece };
}

/** What a probability model is judged by, over a set of predictions. */
export interface ProbabilityScore {
  logLoss: number;
  ece: number;
  /** Area under the ROC curve: how well the probability orders right before wrong. */
  auc: number;
}

export function scoreOf(
  predictions: readonly { p: number; y: 0 | 1; w: number }[],
): ProbabilityScore {
  let loss = 0;
  let mass = 0;
  for (const { p, y, w } of predictions) {
    loss -= w * Math.log(Math.max(1e-12, y ? p : 1 - p));
    mass += w;
  }
  return {
    logLoss: round(loss / (mass || 1)),
    ece: round(calibration(predictions).ece),
    auc: round(aucOf(predictions)),
  };
}

/** Weighted AUC: the chance a right example scores above a wrong one (ties count half). */
function aucOf(predictions: readonly { p: number; y: 0 | 1; w: number }[]): number {
  const sorted = [...predictions].sort((a, b) => a.p - b.p);
  let negBelow = 0;
  let good = 0;
  let k = 0;
  while (k < sorted.length) {
    let end = k;
    while (end + 1 < sorted.length && sorted[end + 1]?.p === sorted[k]?.p) end++;
    let pos = 0;
    let neg = 0;
    for (let i = k; i <= end; i++) {
      const e = sorted[i] as { y: 0 | 1; w: number };
      if (e.y) pos += e.w;
      else neg += e.w;
    }
    good += pos * (negBelow + neg / 2);
    negBelow += neg;
    k = end + 1;
  }
  const totalPos = predictions.reduce((s, e) => s + (e.y ? e.w : 0), 0);
  return totalPos * negBelow > 0 ? good / (totalPos * negBelow) : 0.5;
}

/**
 * The lowest threshold at which what passes is right at least `precision` of the time (over
 * `predictions`), or 1 when none reaches it: a decision made for a stated precision.
 */
export function thresholdFor(
  predictions: readonly { p: number; y: 0 | 1; w?: number }[],
  precision: number,
): number {
  const sorted = [...predictions].sort((a, b) => b.p - a.p);
  let right = 0;
  let passed = 0;
  let best = 1;
  sorted.forEach((x, i) => {
    const w = x.w ?? 1;
    right += w * x.y;
    passed += w;
    const next = sorted[i + 1];
    // only cut between distinct probabilities
    if (next && next.p === x.p) return;
    if (passed > 0 && right / passed >= precision) best = x.p;
  });
  return best;
}

/** Folds by group (article): every example of a group falls in the same fold. */
export function foldOf(group: string, folds: number): number {
  return hashOf(group) % folds;
}

/** A string's FNV-1a hash: the same fold, or the same sample, on every run. */
export function hashOf(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}
