/**
 * The short-answer model: the features of a candidate span, the model file that weighs them
 * (src/models/short.json: linear weights, boosted trees over their residuals, and the calibration
 * of its confidence), checked at load, and how a span's score, its answer region and its
 * confidence are read from it. short.ts finds and describes the spans; `npm run fit -- short`
 * (eval/fit-short.ts) fits this model on their features.
 */
import { z } from 'zod';
import shortModelJson from '../models/short.json' with { type: 'json' };
import {
  forestOf,
  forestValue,
  type LinearModel,
  linearScore,
  parseModel,
  sigmoid,
} from '../search/model.ts';

/** The features of a candidate span, in the order of the model file's weights. */
export const SHORT_FEATURES = [
  'fit',
  'window',
  'near',
  'link',
  'focus',
  'linked',
  'inside',
  'length',
  'side',
  'prior',
  'proper',
  'bracketed',
  'preposition',
  'insideName',
  'copula',
  'cut',
  'several',
  'lookPerson',
  'lookOrganisation',
  'lookPlace',
  'lookName',
  'lookNp',
  'lookDate',
  'lookNumber',
  'asksPerson',
  'asksPlace',
  'asksDate',
  'asksNumber',
  'asksThing',
  'titled',
] as const satisfies readonly (keyof Features)[];

/** What the score of a span is made of: the short-answer model's features (SHORT_FEATURES). */
export interface Features {
  /** How well the span looks like the kind of answer asked for, 0..1. */
  fit: number;
  /** The question's words around the span, nearer counting more, 0..1. */
  window: number;
  /** 1 / distance to the nearest question word. */
  near: number;
  /** Joined to a question word only by a comma, bracket, copula or "called". */
  link: number;
  /** Next to the thing asked about (the question's focus). */
  focus: number;
  /** Found by a pattern tied to the question's own term (a definition). */
  linked: number;
  /** Share of the span's words that repeat the question (names and other spans apart). */
  inside: number;
  insideName: number;
  /** The span on one side of "is/are/was/were", question words on the other ("X is the largest…"). */
  copula: number;
  /** Words past `shortLength`. */
  length: number;
  /** Share of question words on the side the question's word order predicts (0.5: no prediction). */
  side: number;
  /** The sentence's overlap with the question relative to the best sentence (or its rank). */
  prior: number;
  /** Holds a capitalised word (a proper name or part of one). */
  proper: number;
  /** Inside brackets. */
  bracketed: number;
  /** After the preposition of the question's wh-phrase ("since when" → "Since 2016"). */
  preposition: number;
  /** A capitalised word right before or after it (not the sentence's first): part of a longer
   * name ("York City" of "New York City"); or the edge of a place with its region ("Paradise"
   * of "Paradise, Nevada") or of a list ("France, and Germany" of "the United Kingdom, France,
   * and Germany"). */
  cut: number;
  /** A list ("Norway, Sweden and Denmark"): 1 when the question asks for several ("which
   * countries"), −1 when it asks for one, 0 for a single thing. */
  several: number;
  /** What the span looks like, 0..1, each kind on its own (`fit` folds them into one number for
   * the kind asked; trees read them beside the kind asked, `asks…`, which is 1 for the question's
   * kind: the same for every candidate of a question, so only the trees can use it). */
  lookPerson: number;
  lookOrganisation: number;
  lookPlace: number;
  lookName: number;
  lookNp: number;
  lookDate: number;
  lookNumber: number;
  asksPerson: number;
  asksPlace: number;
  asksDate: number;
  asksNumber: number;
  /** A what/which question (or one of any kind). */
  asksThing: number;
  /** How much the span is its page's title (`page-subject.ts`): what the page is about. */
  titled: number;
}

export interface ShortModel extends LinearModel<keyof Features> {
  /** (probability of the answer region, mean F1 of such answers) knots, ascending: see `calibrated`. */
  calibration: readonly (readonly [number, number])[];
  /** The probability that the chosen phrase is right (`sureProbability`); absent in a
   * model fitted before it, which then shows its calibrated confidence instead. */
  sure?: SureModel | undefined;
}

/**
 * What the chosen phrase is judged by, besides its own features (SHORT_FEATURES, after these):
 * the softmax share of its answer region (as a log-odds, within ±8), its score as the model gives
 * it (tanh of a fifth: the softmax forgets how high every candidate stands), how far it stands
 * above the best candidate outside its region (tanh; 1 when there is none), and how many
 * candidates there were, and of those how many look like the kind asked (log(1 + n)): a
 * paragraph full of dates makes "when" harder to answer.
 */
export const SURE_OWN = ['region', 'score', 'margin', 'candidates', 'ofKind'] as const;

export const SURE_FEATURES: readonly string[] = [...SURE_OWN, ...SHORT_FEATURES];

/** The token F1 with an answer from which a phrase counts as right for the sure model. */
export const SURE_RIGHT_F1 = 0.5;

/**
 * A logistic model over SURE_FEATURES: the probability that the phrase is right, that is, shares
 * at least half its words with an answer (token F1 ≥ SURE_RIGHT_F1, as a reader takes a bold
 * phrase: "the United Kingdom, France, and Germany" for "United Kingdom, France, and Germany").
 */
export interface SureModel {
  weights: Float64Array;
  bias: number;
}

const SureFile = z.object({
  features: z.array(z.string()),
  weights: z.array(z.number().finite()),
  bias: z.number().finite(),
});

function parseSure(json: unknown): SureModel | undefined {
  if (json === undefined) return undefined;
  const parsed = SureFile.safeParse(json);
  if (!parsed.success || parsed.data.features.join(', ') !== SURE_FEATURES.join(', '))
    throw new Error(
      `model: short: settings.sure must name the features ${SURE_FEATURES.join(', ')} with one finite weight each and a bias; refit it with npm run fit -- short`,
    );
  if (parsed.data.weights.length !== SURE_FEATURES.length)
    throw new Error(
      `model: short: settings.sure has ${parsed.data.weights.length} weights for ${SURE_FEATURES.length} features; refit it with npm run fit -- short`,
    );
  return { weights: Float64Array.from(parsed.data.weights), bias: parsed.data.bias };
}

/** The sure model as the model file keeps it (in `settings.sure`). */
export function sureFile(m: SureModel): z.infer<typeof SureFile> {
  return { features: [...SURE_FEATURES], weights: [...m.weights], bias: m.bias };
}

/** Validates a short-answer model file: features, weights, trees and its calibration knots. */
export function parseShortModel(json: unknown): ShortModel {
  const model = parseModel(json, 'short', SHORT_FEATURES);
  const knots = model.settings.calibration;
  const ok =
    Array.isArray(knots) &&
    knots.length >= 2 &&
    knots.every(
      (k, i) =>
        Array.isArray(k) &&
        k.length === 2 &&
        k.every((v) => typeof v === 'number' && v >= 0 && v <= 1) &&
        (i === 0 || (k[0] as number) >= ((knots[i - 1] as number[])[0] as number)),
    );
  if (!ok)
    throw new Error(
      'model: short: settings.calibration must be at least two [probability, F1] pairs in 0..1, probabilities ascending',
    );
  return {
    ...model,
    calibration: knots as [number, number][],
    sure: parseSure(model.settings.sure),
  };
}

let committed: ShortModel | undefined;

/** The committed short-answer model (src/models/short.json), checked on first use. */
export function shortModel(): ShortModel {
  committed ??= parseShortModel(shortModelJson);
  return committed;
}

/** A candidate's features as the model reads them (`side` centred on its "no prediction" 0.5). */
export function shortRow(f: Features): number[] {
  return SHORT_FEATURES.map((k) => (k === 'side' ? f[k] - 0.5 : f[k]));
}

/** The linear part of the model (candidates within a sentence are ordered by it); 0 without one. */
export function linearSpanScore(f: Features, model: ShortModel | null): number {
  return model ? linearScore(model, shortRow(f)) : 0;
}

/** The whole model's score: linear, plus its trees; 0 without a model. */
export function spanScore(f: Features, model: ShortModel | null): number {
  if (!model) return 0;
  const row = shortRow(f);
  return linearScore(model, row) + (model.boost ? forestValue(forestOf(model.boost), row) : 0);
}

/** A candidate's place: its sentence, and its offsets in that sentence. */
export type SpanPlace = readonly [sentence: number, start: number, end: number];

/**
 * The softmax share of candidate `best` and of those overlapping it in its sentence: the span and
 * the spans around or inside it ("Ukraine, Russia and Romania", "Ukraine") are one answer. Without
 * places, the candidate alone.
 */
export function regionProbability(
  scores: readonly number[],
  places: readonly SpanPlace[] | undefined,
  best: number,
): number {
  const top = scores[best] ?? 0;
  let z = 0;
  let region = 0;
  scores.forEach((v, i) => {
    const e = Math.exp(v - top);
    z += e;
    if (inRegion(places, best, i)) region += e;
  });
  return z > 0 ? region / z : 0;
}

/** Whether candidate `i` is in `best`'s answer region: itself, or overlapping it in its sentence. */
function inRegion(places: readonly SpanPlace[] | undefined, best: number, i: number): boolean {
  if (i === best) return true;
  const at = places?.[best];
  const o = places?.[i];
  return at !== undefined && o !== undefined && o[0] === at[0] && o[1] < at[2] && at[1] < o[2];
}

/**
 * The row the sure model reads for candidate `best` among a paragraph's candidates (their scores,
 * places and `fit` features), with its answer region's probability (`regionProbability`) and its
 * own feature row (`shortRow`): SURE_FEATURES in order.
 */
export function sureRow(
  region: number,
  scores: readonly number[],
  places: readonly SpanPlace[] | undefined,
  fits: readonly number[],
  best: number,
  bestRow: readonly number[],
): number[] {
  const top = scores[best] ?? 0;
  let other = -Infinity;
  scores.forEach((v, i) => {
    if (!inRegion(places, best, i) && v > other) other = v;
  });
  const odds = Math.log(Math.max(region, 1e-9) / Math.max(1 - region, 1e-9));
  return [
    Math.max(-8, Math.min(8, odds)),
    Math.tanh(top / 5),
    Number.isFinite(other) ? Math.tanh(top - other) : 1,
    Math.log1p(scores.length),
    Math.log1p(fits.filter((f) => f >= 0.5).length),
    ...bestRow,
  ];
}

/** The probability that a phrase is right, from its `sureRow`. */
export function sureProbability(model: SureModel, row: readonly number[]): number {
  let z = model.bias;
  row.forEach((v, k) => {
    z += (model.weights[k] ?? 0) * v;
  });
  return sigmoid(z);
}

/** The confidence a region probability stands for: the F1 such phrases had on held-out articles. */
export function calibrated(model: Pick<ShortModel, 'calibration'>, probability: number): number {
  return interpolate(model.calibration, probability);
}

function interpolate(knots: readonly (readonly [number, number])[], x: number): number {
  for (let i = 1; i < knots.length; i++) {
    const [x1, y1] = knots[i] as readonly [number, number];
    const [x0, y0] = knots[i - 1] as readonly [number, number];
    if (x <= x1) return y0 + ((y1 - y0) * (x - x0)) / (x1 - x0 || 1);
  }
  return knots[knots.length - 1]?.[1] ?? 1;
}
