import { z } from 'zod';

/**
 * The fitted models the engine decides with (ranking, answer or decline, the short answer) share
 * one file shape: named features, a weight for each, a bias, and what they were fitted on. A file
 * is written by `npm run fit` and committed; it is checked at load against the features the code
 * computes, so a model and the code that feeds it can never drift apart silently.
 */
export const MODEL_FORMAT = 1;

const Provenance = z.object({
  /** What the model was fitted on: a file name, where it comes from, how many examples. */
  data: z.array(
    z.object({
      file: z.string(),
      source: z.string(),
      examples: z.number().int().nonnegative(),
    }),
  ),
  method: z.string(),
  fitted: z.string(),
  /** Cross-validated scores (by article), as the fitter reported them. */
  crossValidated: z.record(z.string(), z.unknown()),
});

/** A regression tree: a leaf value, or [feature index, threshold, below, at or above]. */
export type Tree = number | [number, number, Tree, Tree];
const TreeSchema: z.ZodType<Tree> = z.lazy(() =>
  z.union([
    z.number().finite(),
    z.tuple([z.number().int().nonnegative(), z.number().finite(), TreeSchema, TreeSchema]),
  ]),
);

const LinearModelFile = z.object({
  format: z.literal(MODEL_FORMAT),
  model: z.string(),
  features: z.array(z.string()).min(1),
  weights: z.array(z.number().finite()),
  bias: z.number().finite(),
  provenance: Provenance,
  /** Model-specific settings (candidate search, thresholds, calibration). */
  settings: z.record(z.string(), z.unknown()).default({}),
  /** Boosted trees added to the linear score (each times `rate`), fitted on its residuals. */
  boost: z.object({ rate: z.number().finite(), trees: z.array(TreeSchema) }).optional(),
});

export type Provenance = z.infer<typeof Provenance>;

/** A linear model over named features, checked against the names the code computes. */
export interface LinearModel<F extends string> {
  model: string;
  features: readonly F[];
  /** weights[i] multiplies features[i]. */
  weights: Float64Array;
  bias: number;
  provenance: Provenance;
  settings: Record<string, unknown>;
  boost?: { rate: number; trees: Tree[] } | undefined;
}

/**
 * Validates a model file: its format, its name, and that its features are exactly `features` in
 * that order with one finite weight each. Throws `model: <name>: …` naming what is wrong.
 *
 * @example parseModel(json, 'rank', RANK_FEATURES).weights.length === RANK_FEATURES.length
 */
export function parseModel<F extends string>(
  json: unknown,
  name: string,
  features: readonly F[],
): LinearModel<F> {
  const parsed = LinearModelFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || 'file';
    const format =
      typeof json === 'object' && json !== null && 'format' in json ? String(json.format) : '?';
    if (issue?.path[0] === 'format')
      throw new Error(
        `model: ${name}: format ${format} is not ${MODEL_FORMAT}; refit it with npm run fit`,
      );
    throw new Error(`model: ${name}: ${where}: ${issue?.message ?? 'invalid'}`);
  }
  const file = parsed.data;
  if (file.model !== name)
    throw new Error(`model: ${name}: the file holds the "${file.model}" model`);
  const expected = features.join(', ');
  if (file.features.join(', ') !== expected) {
    const missing = features.filter((f) => !file.features.includes(f));
    const extra = file.features.filter((f) => !(features as readonly string[]).includes(f));
    const detail = [
      missing.length ? `missing ${missing.join(', ')}` : '',
      extra.length ? `unknown ${extra.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join('; ');
    throw new Error(
      `model: ${name}: features differ from the code's (${detail || 'order differs'}); refit it with npm run fit`,
    );
  }
  if (file.weights.length !== features.length)
    throw new Error(
      `model: ${name}: ${file.weights.length} weights for ${features.length} features`,
    );
  for (const tree of file.boost?.trees ?? []) {
    const bad = treeFeatures(tree).find((f) => f >= features.length);
    if (bad !== undefined)
      throw new Error(
        `model: ${name}: a tree splits on feature ${bad}, past the ${features.length} features`,
      );
  }
  return {
    model: file.model,
    features,
    weights: Float64Array.from(file.weights),
    bias: file.bias,
    provenance: file.provenance,
    settings: file.settings,
    boost: file.boost,
  };
}

function treeFeatures(t: Tree): number[] {
  return typeof t === 'number' ? [] : [t[0], ...treeFeatures(t[2]), ...treeFeatures(t[3])];
}

/** A tree's value for a feature vector. */
export function treeValue(tree: Tree, x: ArrayLike<number>): number {
  let t = tree;
  while (typeof t !== 'number') t = (x[t[0]] as number) < t[1] ? t[2] : t[3];
  return t;
}

/**
 * Boosted trees flattened into typed arrays, walked without allocation: a node `k` ≥ 0 splits on
 * `feature[k]` at `threshold[k]` (below goes to `left[k]`); a child c < 0 is the leaf `leaf[−c−1]`.
 * The same values as `treeValue` summed (rate × each tree's leaf, in the trees' order), at a
 * fraction of the cost: walking the nested arrays took a tenth of a question's time.
 */
export interface Forest {
  rate: number;
  roots: Int32Array;
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  leaf: Float64Array;
}

const forests = new WeakMap<object, Forest>();

/** The boosted trees as a Forest, compiled once per model. */
export function forestOf(boost: { rate: number; trees: readonly Tree[] }): Forest {
  const known = forests.get(boost);
  if (known) return known;
  const feature: number[] = [];
  const threshold: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const leaf: number[] = [];
  const add = (t: Tree): number => {
    if (typeof t === 'number') {
      leaf.push(t);
      return -leaf.length;
    }
    const k = feature.length;
    feature.push(t[0]);
    threshold.push(t[1]);
    left.push(0);
    right.push(0);
    left[k] = add(t[2]);
    right[k] = add(t[3]);
    return k;
  };
  const roots = boost.trees.map(add);
  const forest: Forest = {
    rate: boost.rate,
    roots: Int32Array.from(roots),
    feature: Int32Array.from(feature),
    threshold: Float64Array.from(threshold),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    leaf: Float64Array.from(leaf),
  };
  forests.set(boost, forest);
  return forest;
}

/** The forest's value for a feature vector: Σ rate × leaf, as `treeValue` over each tree. */
export function forestValue(f: Forest, x: ArrayLike<number>): number {
  let sum = 0;
  for (let r = 0; r < f.roots.length; r++) {
    let k = f.roots[r] as number;
    while (k >= 0)
      k =
        (x[f.feature[k] as number] as number) < (f.threshold[k] as number)
          ? (f.left[k] as number)
          : (f.right[k] as number);
    sum += f.rate * (f.leaf[-k - 1] as number);
  }
  return sum;
}

/** The model's score: linear, plus its boosted trees when it has them. */
export function modelScore(
  model: Pick<LinearModel<string>, 'weights' | 'bias' | 'boost'>,
  x: ArrayLike<number>,
): number {
  let s = linearScore(model, x);
  if (model.boost) for (const t of model.boost.trees) s += model.boost.rate * treeValue(t, x);
  return s;
}

/** The model's linear score for a feature vector (same order as its features). */
export function linearScore(
  model: Pick<LinearModel<string>, 'weights' | 'bias'>,
  x: ArrayLike<number>,
): number {
  let s = model.bias;
  const w = model.weights;
  for (let i = 0; i < w.length; i++) s += (w[i] as number) * (x[i] as number);
  return s;
}

/** The logistic function: a linear score as a probability. */
export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** A model file as the fitter writes it (the inverse of parseModel). */
export function modelFile<F extends string>(m: LinearModel<F>): z.input<typeof LinearModelFile> {
  return {
    format: MODEL_FORMAT,
    model: m.model,
    features: [...m.features],
    weights: [...m.weights].map((w) => Math.round(w * 1e6) / 1e6),
    bias: Math.round(m.bias * 1e6) / 1e6,
    provenance: m.provenance,
    settings: m.settings,
    ...(m.boost ? { boost: { rate: m.boost.rate, trees: m.boost.trees.map(roundTree) } } : {}),
  };
}

function roundTree(t: Tree): Tree {
  return typeof t === 'number'
    ? Math.round(t * 1e5) / 1e5
    : [t[0], Math.round(t[1] * 1e5) / 1e5, roundTree(t[2]), roundTree(t[3])];
}
