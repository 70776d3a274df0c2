/**
 * `npm run fit`: reads the arguments and runs the driver of the model asked for (fit-rank.ts,
 * fit-short.ts, fit-decision.ts beside it).
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { BOOST } from '../eval/boost.ts';
import { fitDecision } from './fit-decision.ts';
import { fitRankModel } from './fit-rank.ts';
import { fitShortModel } from './fit-short.ts';
import { runCli } from './run.ts';
import { semanticsFor } from './semantics.ts';

const USAGE = `usage: npm run fit -- rank --squad FILE[#N|#A-B] [--squad …] [--out FILE] [--folds N] [--trees N] [--ablation] [--drop FEATURE …]
       npm run fit -- short --squad FILE[#N|#A-B] [--squad …] [--out FILE] [--folds N] [--trees N] [--drop FEATURE …]
       npm run fit -- decision --squad FILE[#N|#A-B] [--squad …] [--out FILE] [--folds N] [--precision P] [--ablation] [--drop FEATURE …]

Fits a model from public question sets (SQuAD v2 JSON, QED's Natural Questions .jsonlines, or a folder of SQuAD-explorer article pages;
FILE#40 takes the first 40 articles, FILE#31-50 articles 31 to 50) and writes it (default src/models/<model>.json) with what it was fitted on and its
scores cross-validated by article. Word meaning is on, as the bot runs. See README, "Judgement learned".`;

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
  return fitRankModel(values, semantics);
}

runCli(main, 'fit');
