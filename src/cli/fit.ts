import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DECISION_FEATURES } from '../answer/decision.ts';
import { SHORT_FEATURES, SURE_RIGHT_F1 } from '../answer/short-model.ts';
import { loadConfig } from '../config.ts';
import { BOOST } from '../eval/boost.ts';
import {
  buildDecisionModel,
  DECISION_FIT,
  type DecisionPool,
  decisionExamples,
  decisionReport,
  fitDecisionWeights,
  SOURCE_SHARE,
} from '../eval/fit-decision.ts';
import {
  buildRankModel,
  candidateOrderScores,
  crossValidateRank,
  fitRank,
  masked,
  RANK_FIT,
  type RankPool,
  rankExamples,
  rankScores,
} from '../eval/fit-rank.ts';
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
import { qedToSquad } from '../eval/qed.ts';
import { parseSquad } from '../eval/squad.ts';
import { explorerToSquad } from '../eval/squad-explorer.ts';
import { SearchIndex } from '../search/index.ts';
import { meaningFrom } from '../search/meaning-sources.ts';
import { modelFile } from '../search/model.ts';
import { committedCandidates } from '../search/rank.ts';
import { RANK_FEATURES, type RankFeature } from '../search/rank-features.ts';
import type { Semantics } from '../semantics/index.ts';
import { runCli } from './run.ts';
import { semanticsFor } from './semantics.ts';

const USAGE = `usage: npm run fit -- rank --squad FILE[#N|#A-B] [--squad …] [--out FILE] [--folds N] [--trees N] [--ablation] [--drop FEATURE …]
       npm run fit -- short --squad FILE[#N|#A-B] [--squad …] [--out FILE] [--folds N] [--trees N] [--drop FEATURE …]
       npm run fit -- decision --squad FILE[#N|#A-B] [--squad …] [--out FILE] [--folds N] [--precision P] [--ablation] [--drop FEATURE …]

Fits a model from public question sets (SQuAD v2 JSON, QED's Natural Questions .jsonlines, or a folder of SQuAD-explorer article pages;
FILE#40 takes the first 40 articles, FILE#31-50 articles 31 to 50) and writes it (default src/models/<model>.json) with what it was fitted on and its
scores cross-validated by article. Word meaning is on, as the bot runs. See README, "Judgement learned".`;

/**
 * Reads a SQuAD v2 file, keeping its first N articles (FILE#N) or articles A to B (FILE#A-B).
 * A folder is SQuAD-explorer's article pages (`explore/1.1/train`), one article a page, in file
 * name order.
 */
async function readPool(spec: string): Promise<{ name: string; json: { data: unknown[] } }> {
  const at = spec.lastIndexOf('#');
  const file = at > 0 ? spec.slice(0, at) : spec;
  const range = at > 0 ? /^(?:(\d+)-)?(\d+)$/u.exec(spec.slice(at + 1)) : null;
  if (at > 0 && !range)
    throw new Error(`fit: ${spec}: the part after # must be a number of articles or a range A-B`);
  const from = range?.[1] ? Number(range[1]) - 1 : 0;
  const to = range?.[2] ? Number(range[2]) : undefined;
  const folder = (await stat(file)).isDirectory();
  let json: { data?: unknown[] };
  if (folder) {
    const names = (await readdir(file)).filter((n) => n.endsWith('.html')).sort();
    // only the pages wanted are read (the explorer has 443 for train)
    const wanted = names.slice(from, to);
    if (wanted.length === 0) throw new Error(`fit: ${file}: no SQuAD-explorer pages (.html) in it`);
    const pages = await Promise.all(
      wanted.map(async (n) => ({
        name: n.replace(/\.html$/u, ''),
        html: await readFile(join(file, n), 'utf8'),
      })),
    );
    json = explorerToSquad(pages);
  } else {
    const text = await readFile(file, 'utf8');
    // Natural Questions as google-research-datasets/QED publishes it (JSON lines), converted here
    json = (file.endsWith('.jsonlines') ? qedToSquad(text) : JSON.parse(text)) as {
      data?: unknown[];
    };
  }
  if (!Array.isArray(json.data)) throw new Error(`fit: ${file}: not a SQuAD v2 file (no data)`);
  // a folder of pages is named by its place in the explorer: explore/1.1/train → squad-explorer-1.1-train
  const name = folder
    ? `squad-explorer-${resolve(file).split(/[\\/]/u).slice(-2).join('-')}`
    : basename(file);
  return {
    name: name + (range ? `#${range[0]}` : ''),
    json: { data: folder ? json.data : json.data.slice(from, to) },
  };
}

/** The features --drop names, or the error naming those the model does not have. */
function heldOut<F extends string>(
  drop: readonly string[] | undefined,
  features: readonly F[],
  model: string,
): F[] | null {
  const unknown = (drop ?? []).filter((f) => !(features as readonly string[]).includes(f));
  if (unknown.length === 0) return (drop ?? []) as F[];
  console.error(
    `fit: --drop ${unknown.join(', ')}: not a ${model} feature; the features are ${features.join(', ')}`,
  );
  return null;
}

/** Progress and results go to stderr, the cross-validated scores alone to stdout. */
const log = (s: string) => console.error(`fit: ${s}`);

/** Writes a fitted model file and reports it: where, how long the fit took, its scores. */
async function writeModel(
  model: Parameters<typeof modelFile>[0],
  out: string,
  started: number,
): Promise<0> {
  await writeFile(out, `${JSON.stringify(modelFile(model), null, 1)}\n`);
  log(`wrote ${out} in ${Math.round((Date.now() - started) / 1000)} s`);
  console.log(JSON.stringify(model.provenance.crossValidated));
  return 0;
}

function pool(name: string, json: unknown, semantics: Semantics | null): RankPool {
  const set = parseSquad(json);
  const index = SearchIndex.build(set.documents, []);
  if (semantics) index.useMeaning(meaningFrom(semantics));
  return { name, set, index };
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      squad: { type: 'string', multiple: true, default: [] },
      out: { type: 'string' },
      folds: { type: 'string', default: '3' },
      trees: { type: 'string', default: String(BOOST.trees) },
      ablation: { type: 'boolean', default: false },
      drop: { type: 'string', multiple: true },
      precision: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  const what = positionals[0];
  if (values.help || !what || values.squad.length === 0) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  if (what === 'short') return fitShortModel(values);
  if (what !== 'rank' && what !== 'decision') {
    console.error(`fit: unknown model "${what}"\n${USAGE}`);
    return 2;
  }
  const semantics = await semanticsFor(loadConfig().semanticsDir, { quiet: false });
  if (what === 'decision') return fitDecision(values, semantics);
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

/**
 * `fit short`: the short-answer model over the candidate spans of each answerable question's own
 * paragraph (no index, no word meaning: the reader is given the paragraph), its confidence
 * calibrated on held-out articles.
 */
async function fitShortModel(values: {
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

/** `fit decision`: each article of each file is a corpus of its own (fit-decision.ts). */
async function fitDecision(
  values: {
    squad: string[];
    out?: string | undefined;
    folds: string;
    precision?: string | undefined;
    ablation: boolean;
    drop?: string[] | undefined;
  },
  semantics: Semantics | null,
): Promise<number> {
  const folds = Math.max(2, Number(values.folds) || 5);
  const held = heldOut(values.drop, DECISION_FEATURES, 'decision');
  if (!held) return 2;
  const drop = new Set(held.map((f) => DECISION_FEATURES.indexOf(f)));
  // no stated precision: threshold 0, the rule alone decides (README, "Answer or decline")
  const precision = values.precision === undefined ? null : Number(values.precision);
  if (precision !== null && !(precision > 0 && precision < 1)) {
    console.error(`fit: --precision must be between 0 and 1 (got ${values.precision})`);
    return 2;
  }
  const started = Date.now();
  const inputs = await Promise.all(values.squad.map(readPool));
  const pools: DecisionPool[] = inputs.flatMap((input) =>
    input.json.data.map((article) => {
      const { set, index } = pool(input.name, { data: [article] }, semantics);
      return { group: `${input.name}/${set.contexts[0]?.title ?? ''}`, set, index };
    }),
  );
  const { examples, asked } = decisionExamples(pools);
  log(
    `${examples.length} examples the rule lets through, of ${asked.answerable} answerable, ${asked.nearMiss} near-miss and ${asked.offTopic} off-topic questions over ${pools.length} articles (${Math.round((Date.now() - started) / 1000)} s)`,
  );
  const report = decisionReport(examples, asked, folds, precision, values.ablation, drop);
  log(`cross-validated by article (${folds} folds): ${JSON.stringify(report.score)}`);
  log(
    `threshold ${report.threshold}${precision === null ? '' : ` for precision ${precision}`}: answers ${JSON.stringify(report.answered)}, precision ${report.precision}`,
  );
  for (const row of report.tradeoff)
    log(
      `  at ${row.threshold}: answers ${JSON.stringify(row.answered)}, precision ${row.precision}`,
    );
  for (const b of report.reliability)
    log(
      `  ${b.from.toFixed(1)}–${b.to.toFixed(1)}: ${String(b.count).padStart(5)} predicted ${b.predicted} observed ${b.observed}`,
    );
  for (const [f, s] of Object.entries(report.ablation ?? {}))
    log(`  without ${f.padEnd(12)} ${JSON.stringify(s)}`);
  const fitted = fitDecisionWeights(examples, DECISION_FIT, drop);
  const model = buildDecisionModel(fitted, report.threshold, precision, {
    data: inputs.map((i) => ({
      file: i.name,
      source: sourceOf(i.name),
      examples: examples.filter((e) => e.group.startsWith(`${i.name}/`)).length,
    })),
    method: `logistic regression (Adam ${DECISION_FIT.iterations} steps, L2 ${DECISION_FIT.lambda}; weights of coverage features kept ≥ 0${drop.size ? `; held out: ${[...(values.drop ?? [])].join(', ')}` : ''}), each article a corpus; sources weighed to ${JSON.stringify(SOURCE_SHARE)}`,
    fitted: new Date().toISOString().slice(0, 10),
    crossValidated: { folds, by: 'article', ...report },
  });
  return writeModel(model, values.out ?? 'src/models/decision.json', started);
}

/** Where each public training file comes from (README, "Judgement learned"). */
function sourceOf(name: string): string {
  if (name.startsWith('nq-train'))
    return 'Natural Questions train (Kwiatkowski et al. 2019) via google-research-datasets/QED, CC BY-SA 3.0';
  if (name.startsWith('squad2-train'))
    return 'SQuAD 2.0 train, first 10 articles (Rajpurkar et al. 2018), CC BY-SA 4.0';
  if (name.startsWith('squad11-train'))
    return 'SQuAD 1.1 train (Rajpurkar et al. 2016) via rajpurkar/SQuAD-explorer, CC BY-SA 4.0';
  if (name.startsWith('squad-explorer-'))
    return "SQuAD (Rajpurkar et al. 2016): rajpurkar/SQuAD-explorer's article pages, CC BY-SA 4.0";
  if (name.startsWith('real-questions'))
    return 'TREC QA 1999-2003 questions (public domain) and WebQuestions (Berant et al. 2013, CC BY 4.0) via brmson/dataset-factoid-curated and dataset-factoid-webquestions';
  return 'public question set';
}

runCli(main, 'fit');
