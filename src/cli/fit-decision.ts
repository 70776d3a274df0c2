/**
 * `npm run fit -- decision`: the answer-or-decline model's driver, from the question sets to its
 * model file.
 */
import { DECISION_FEATURES } from '../answer/decision.ts';
import {
  buildDecisionModel,
  DECISION_FIT,
  type DecisionPool,
  decisionExamples,
  decisionReport,
  fitDecisionWeights,
  SOURCE_SHARE,
} from '../eval/fit-decision.ts';
import type { Semantics } from '../semantics/index.ts';
import { heldOut, log, writeModel } from './fit-common.ts';
import { pool, readPool, sourceOf } from './fit-pools.ts';

/** `fit decision`: each article of each file is a corpus of its own (src/eval/fit-decision.ts). */
export async function fitDecision(
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
