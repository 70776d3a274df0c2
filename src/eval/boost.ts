import { type Tree, treeValue } from '../search/model.ts';

/**
 * Gradient-boosted regression trees for ranking (LambdaMART's recipe with RankNet's pairwise
 * gradients): each round fits a small tree, by Newton steps, to how much each candidate's score
 * should move so its question's right candidate rises above the wrong ones, starting from the
 * linear model's scores. Trees add what a weighted sum cannot say: on real Google questions a
 * title match matters more when the text matches weakly, a date matters only for "when".
 *
 * Written here: no maintained gradient-boosting package runs in Node without a native or Python
 * build (xgboost and LightGBM have none for Node; ml-* packages do regression, not pairs), and
 * the method over binned features is a hundred lines.
 */
export interface BoostOptions {
  trees: number;
  depth: number;
  rate: number;
  /** L2 on leaf values (Newton's denominator). */
  lambda: number;
  /** Fewest candidates a leaf may hold. */
  minLeaf: number;
  /** Candidate split points per feature (quantiles). */
  bins: number;
}

export const BOOST: BoostOptions = {
  trees: 100,
  depth: 4,
  rate: 0.1,
  lambda: 1,
  minLeaf: 50,
  bins: 32,
};

/** One question: its candidates' feature rows, the right one's position, and a starting score each. */
export interface BoostGroup {
  rows: readonly ArrayLike<number>[];
  gold: number;
  base: readonly number[];
}

/**
 * Fits `o.trees` trees. Split points are quantiles of each feature over all rows; a split sends
 * a row left when its value is below the threshold (as `treeValue` reads it).
 */
export function fitBoost(groups: readonly BoostGroup[], o: BoostOptions = BOOST): Tree[] {
  const usable = groups.filter((g) => g.gold >= 0 && g.rows.length > 1);
  const rows: ArrayLike<number>[] = [];
  const owner: number[] = [];
  const start: number[] = [];
  for (const [k, g] of usable.entries()) {
    start.push(rows.length);
    for (const r of g.rows) {
      rows.push(r);
      owner.push(k);
    }
  }
  const n = rows.length;
  const dims = rows[0]?.length ?? 0;
  if (n === 0) return [];
  const thresholds = quantiles(rows, dims, o.bins);
  const binned = rows.map((r) =>
    Uint8Array.from({ length: dims }, (_, f) => binOf(thresholds[f] as number[], r[f] as number)),
  );
  const score = new Float64Array(n);
  usable.forEach((g, k) => {
    g.base.forEach((b, i) => {
      score[(start[k] as number) + i] = b;
    });
  });
  const grad = new Float64Array(n);
  const hess = new Float64Array(n);
  const trees: Tree[] = [];
  const all = Int32Array.from({ length: n }, (_, i) => i);
  for (let t = 0; t < o.trees; t++) {
    grad.fill(0);
    hess.fill(0);
    usable.forEach((g, k) => {
      const s0 = start[k] as number;
      const gi = s0 + g.gold;
      const pairs = g.rows.length - 1;
      for (let j = s0; j < s0 + g.rows.length; j++) {
        if (j === gi) continue;
        const rho = 1 / (1 + Math.exp((score[gi] as number) - (score[j] as number)));
        grad[gi] = (grad[gi] as number) - rho / pairs;
        grad[j] = (grad[j] as number) + rho / pairs;
        const h = (rho * (1 - rho)) / pairs;
        hess[gi] = (hess[gi] as number) + h;
        hess[j] = (hess[j] as number) + h;
      }
    });
    const tree = grow(all, o.depth);
    trees.push(tree);
    for (let i = 0; i < n; i++)
      score[i] = (score[i] as number) + o.rate * treeValue(tree, rows[i] as ArrayLike<number>);
  }
  return trees;

  function grow(idx: Int32Array, depth: number): Tree {
    let G = 0;
    let H = 0;
    for (const i of idx) {
      G += grad[i] as number;
      H += hess[i] as number;
    }
    const leaf = -G / (H + o.lambda);
    if (depth === 0 || idx.length < 2 * o.minLeaf) return leaf;
    let best = { gain: 1e-9, f: -1, b: -1 };
    const gb = new Float64Array(o.bins + 1);
    const hb = new Float64Array(o.bins + 1);
    const cb = new Int32Array(o.bins + 1);
    for (let f = 0; f < dims; f++) {
      gb.fill(0);
      hb.fill(0);
      cb.fill(0);
      for (const i of idx) {
        const b = (binned[i] as Uint8Array)[f] as number;
        gb[b] = (gb[b] as number) + (grad[i] as number);
        hb[b] = (hb[b] as number) + (hess[i] as number);
        cb[b] = (cb[b] as number) + 1;
      }
      let gl = 0;
      let hl = 0;
      let cl = 0;
      const cuts = (thresholds[f] as number[]).length;
      for (let b = 0; b < cuts; b++) {
        gl += gb[b] as number;
        hl += hb[b] as number;
        cl += cb[b] as number;
        const gr = G - gl;
        const hr = H - hl;
        if (cl < o.minLeaf || idx.length - cl < o.minLeaf) continue;
        const gain =
          (gl * gl) / (hl + o.lambda) + (gr * gr) / (hr + o.lambda) - (G * G) / (H + o.lambda);
        if (gain > best.gain) best = { gain, f, b };
      }
    }
    if (best.f < 0) return leaf;
    const left: number[] = [];
    const right: number[] = [];
    for (const i of idx)
      ((binned[i] as Uint8Array)[best.f] as number) <= best.b ? left.push(i) : right.push(i);
    // bin b holds values below thresholds[b]: "≤ b" is "below thresholds[b]"
    return [
      best.f,
      (thresholds[best.f] as number[])[best.b] as number,
      grow(Int32Array.from(left), depth - 1),
      grow(Int32Array.from(right), depth - 1),
    ];
  }
}

/** Up to `bins - 1` distinct quantile cut points per feature, ascending. */
function quantiles(rows: readonly ArrayLike<number>[], dims: number, bins: number): number[][] {
  return Array.from({ length: dims }, (_, f) => {
    const values = Float64Array.from(rows, (r) => r[f] as number).sort();
    const cuts: number[] = [];
    for (let b = 1; b < bins; b++) {
      const v = values[Math.floor((b * values.length) / bins)] as number;
      // a cut at the smallest value would send nothing left
      if (v > (values[0] as number) && !cuts.includes(v)) cuts.push(v);
    }
    return cuts;
  });
}

/** The number of cut points at or below x: values below cuts[b] land in bins ≤ b. */
function binOf(cuts: readonly number[], x: number): number {
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (x >= (cuts[m] as number)) lo = m + 1;
    else hi = m;
  }
  return lo;
}
