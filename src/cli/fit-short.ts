/**
 * `npm run fit -- short`: the short-answer model's driver, from the question sets to its model
 * file.
 */
import { SHORT_FEATURES, SURE_RIGHT_F1 } from '../answer/short-model.ts';
import {
  buildShortModel,
  calibrationKnots,
  crossValidateShort,
  fitSamples,
  fitShort,
  SHORT_BOOST,
  SHORT_HELD,
} from '../eval/fit-short.ts';
import { fitSure } from '../eval/fit-sure.ts';
import { parseSquad } from '../eval/squad.ts';
import { heldOut, log, writeModel } from './fit-common.ts';
import { readPool, sourceOf } from './fit-pools.ts';

/**
 * `fit short`: the short-answer model over the candidate spans of each answerable question's own
 * paragraph (no index, no word meaning: the reader is given the paragraph), its confidence
 * calibrated on held-out articles.
 */
export async function fitShortModel(values: {
  squad: string[];
  out?: string | undefined;
  folds: string;
  trees: string;
  drop?: string[] | undefined;
}): Promise<number> {
  const held = heldOut(values.drop, SHORT_FEATURES, 'short-answer');
  if (!held) return 2;
  const folds = Math.max(2, Number(values.folds) || 3);
  const boost = { ...SHORT_BOOST, trees: Math.max(0, Number(values.trees) || 0) };
  const started = Date.now();
  const inputs = await Promise.all(values.squad.map(readPool));
  // a dropped feature is zero in every row and held at weight 0: no tree can split on it
  const drop = held.map((f) => SHORT_FEATURES.indexOf(f));
  const perPool = inputs.map((input) =>
    fitSamples(parseSquad(input.json)).map((s) => ({
      ...s,
      group: `${input.name}/${s.group}`,
      rows: s.rows.map((r) => r.map((v, k) => (drop.includes(k) ? 0 : v))),
    })),
  );
  const samples = perPool.flat();
  const fixed = Object.fromEntries(held.map((f) => [f, 0]));
  const options = { fixed: { ...SHORT_HELD, ...fixed } };
  log(
    `${samples.length} questions over ${inputs.length} files, candidates in ${Math.round((Date.now() - started) / 1000)} s`,
  );
  const cv = crossValidateShort(samples, folds, options, boost);
  const calibration = calibrationKnots(cv.pairs);
  log(
    `cross-validated by article (${folds} folds): EM ${cv.em} F1 ${cv.f1} (linear alone EM ${cv.linear.em} F1 ${cv.linear.f1})`,
  );
  log(`calibration (probability of the answer region → F1): ${JSON.stringify(calibration)}`);
  const sure = fitSure(cv.sure);
  log(
    `sure (probability the chosen phrase is right, F1 ≥ ${SURE_RIGHT_F1}), on held-out articles: AUC ${sure.crossValidated.auc} (the region's probability alone ${sure.crossValidated.regionAuc}), log loss ${sure.crossValidated.logLoss}, ECE ${sure.crossValidated.ece}`,
  );
  log(
    `  reliability: ${sure.table
      .filter((b) => b.count > 0)
      .map((b) => `${b.predicted}→${b.observed} (${b.count})`)
      .join(', ')}`,
  );
  const fitted = fitShort(samples, options, boost);
  const model = buildShortModel(
    fitted,
    calibration,
    {
      data: inputs.map((i, k) => ({
        file: i.name,
        source: sourceOf(i.name),
        examples: perPool[k]?.length ?? 0,
      })),
      method: `listwise softmax regression (target: squared F1; L2 0.01, fit held at ${SHORT_HELD.fit} and linked at ${SHORT_HELD.linked}), then ${boost.trees} boosted trees of depth ${boost.depth} (rate ${boost.rate}) on its residuals with a pairwise loss lifting the best candidate (F1 ≥ 0.5); confidence calibrated on held-out articles; the chosen phrase's probability of being right (F1 ≥ ${SURE_RIGHT_F1}; sure) by logistic regression on held-out articles' chosen phrases${held.length ? `; held out: ${held.join(', ')}` : ''}`,
      fitted: new Date().toISOString().slice(0, 10),
      crossValidated: {
        folds,
        by: 'article',
        em: cv.em,
        f1: cv.f1,
        linearEm: cv.linear.em,
        linearF1: cv.linear.f1,
        sure: { ...sure.crossValidated, reliability: sure.table },
      },
    },
    sure.model,
  );
  return writeModel(model, values.out ?? 'src/models/short.json', started);
}
