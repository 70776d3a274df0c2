/**
 * `npm run fit -- rank`: the ranking model's driver, from the question sets to its model file.
 */
import { BOOST } from '../eval/boost.ts';
import {
  buildRankModel,
  candidateOrderScores,
  crossValidateRank,
  fitRank,
  masked,
  RANK_FIT,
  rankExamples,
  rankScores,
} from '../eval/fit-rank.ts';
import { committedCandidates } from '../search/rank.ts';
import { RANK_FEATURES, type RankFeature } from '../search/rank-features.ts';
import type { Semantics } from '../semantics/index.ts';
import { heldOut, log, writeModel } from './fit-common.ts';
import { pool, readPool, sourceOf } from './fit-pools.ts';

/**
 * `fit rank`: the passage ranking over every question of the pools (an index each, with word
 * meaning), linear then boosted trees, scored by recall@1 on held-out articles.
 */
export async function fitRankModel(
  values: {
    squad: string[];
    out?: string | undefined;
    folds: string;
    trees: string;
    ablation: boolean;
    drop?: string[] | undefined;
  },
  semantics: Semantics | null,
): Promise<number> {
  const held = heldOut(values.drop, RANK_FEATURES, 'ranking');
  if (!held) return 2;
  const folds = Math.max(2, Number(values.folds) || 3);
  const boost = { ...BOOST, trees: Math.max(0, Number(values.trees) || 0) };
  const inputs = await Promise.all(values.squad.map(readPool));
  const started = Date.now();
  const pools = inputs.map((i) => pool(i.name, i.json, semantics));
  const settings = committedCandidates();
  // a dropped feature is zero in every example: its weight is 0 and no tree splits on it
  const drop = new Set(held);
  const examples = rankExamples(pools, settings).map((e) => masked(e, drop));
  log(
    `${examples.length} questions over ${pools.length} pools, features in ${Math.round((Date.now() - started) / 1000)} s`,
  );
  const baseline = candidateOrderScores(examples);
  const cv = crossValidateRank(examples, folds, RANK_FIT, undefined, boost);
  log(
    `cross-validated by article (${folds} folds): recall@1 ${cv.recallAt1} (linear alone ${cv.linearRecallAt1}; BM25 order ${baseline.recallAt1})`,
  );
  const ablation: Record<string, number> = {};
  if (values.ablation) {
    for (const f of RANK_FEATURES) {
      const r = crossValidateRank(examples, folds, RANK_FIT, new Set<RankFeature>([f]), null);
      ablation[f] = r.recallAt1;
      log(
        `  without ${f.padEnd(12)} recall@1 ${r.recallAt1} (${r.recallAt1 >= cv.linearRecallAt1 ? '+' : ''}${Math.round((r.recallAt1 - cv.linearRecallAt1) * 1000) / 1000})`,
      );
    }
  }
  const fitted = fitRank(examples, RANK_FIT, boost);
  const inSample = rankScores(examples, fitted);
  const model = buildRankModel(fitted, settings, {
    data: inputs.map((i, k) => ({
      file: i.name,
      source: sourceOf(i.name),
      examples: pools[k]?.set.questions.length ?? 0,
    })),
    method: `pairwise logistic regression (RankNet, linear; Adam ${RANK_FIT.iterations} steps, L2 ${RANK_FIT.lambda}, ${RANK_FIT.rounds} rounds of sentence choice), then ${boost.trees} boosted trees of depth ${boost.depth} (rate ${boost.rate}) on its residuals with the same pairwise loss${drop.size ? `; held out: ${[...drop].join(', ')}` : ''}`,
    fitted: new Date().toISOString().slice(0, 10),
    crossValidated: {
      folds,
      by: 'article',
      recallAt1: cv.recallAt1,
      recallAt3: cv.recallAt3,
      mrr: cv.mrr,
      linearRecallAt1: cv.linearRecallAt1,
      bm25RecallAt1: baseline.recallAt1,
      inSampleRecallAt1: inSample.recallAt1,
      ...(values.ablation ? { ablationRecallAt1: ablation } : {}),
    },
  });
  return writeModel(model, values.out ?? 'src/models/rank.json', started);
}
