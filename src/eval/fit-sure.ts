/**
 * The short-answer model's sure part (`settings.sure`): the probability that the phrase the
 * reader chose is right, a logistic regression over its `sureRow`, fitted on phrases chosen by a
 * reader that never saw their article (`crossValidateShort` gives them) and judged one level down.
 */
import { SURE_FEATURES, type SureModel, sureProbability } from '../answer/short-model.ts';
import { sigmoid } from '../search/model.ts';
import {
  type AdamOptions,
  calibration,
  fitLogistic,
  type ProbabilityScore,
  type ReliabilityBin,
  scoreOf,
} from './learn.ts';
import { round } from './match.ts';

/** A chosen candidate held out of the fit that chose it: its `sureRow` and whether it is right. */
export interface SureExample {
  x: number[];
  y: 0 | 1;
  fold: number;
}

/** Logistic regression for the sure model: full-batch Adam, a light L2 penalty. */
export const SURE_FIT: AdamOptions = { iterations: 400, rate: 0.05, lambda: 0.001 };

export interface SureFit {
  model: SureModel;
  /** Judged on held-out articles (the chosen candidates' folds, the sure model refitted without
   * each): the sure model, and the region's probability alone (what the confidence reads). */
  crossValidated: ProbabilityScore & { regionAuc: number };
  table: ReliabilityBin[];
}

/**
 * The sure model: the probability that the chosen phrase is right, fitted by logistic
 * regression on held-out chosen candidates (each scored by a span model that never saw its
 * article), and judged the same way one level down: refitted without each fold, scored on it.
 */
export function fitSure(examples: readonly SureExample[], o: AdamOptions = SURE_FIT): SureFit {
  const dims = SURE_FEATURES.length;
  const predictions: { p: number; y: 0 | 1; w: number }[] = [];
  const region: { p: number; y: 0 | 1; w: number }[] = [];
  for (const fold of new Set(examples.map((e) => e.fold))) {
    const train = examples.filter((e) => e.fold !== fold);
    if (train.length === 0) continue;
    const model = fitLogistic(train, dims, o);
    for (const e of examples)
      if (e.fold === fold) {
        predictions.push({ p: sureProbability(model, e.x), y: e.y, w: 1 });
        region.push({ p: sigmoid(e.x[0] ?? 0), y: e.y, w: 1 });
      }
  }
  const { weights, bias } = fitLogistic(examples, dims, o);
  return {
    model: { weights: weights.map((w) => round(w, 4)), bias: round(bias, 4) },
    crossValidated: { ...scoreOf(predictions), regionAuc: scoreOf(region).auc },
    table: calibration(predictions).table.map((b) => ({
      ...b,
      predicted: round(b.predicted),
      observed: round(b.observed),
    })),
  };
}
