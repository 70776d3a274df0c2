import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadEngine } from '../answer/engine.ts';
import { loadConfig } from '../config.ts';
import {
  lunrDefault,
  miniSearchDefault,
  scoreRetrievalOf,
  winkBm25,
} from '../eval/baselines-run.ts';
import { evaluateQuestions, parseQuestions } from '../eval/questions.ts';
import { evaluateSquad, parseSquad } from '../eval/squad.ts';
import { runCli } from './run.ts';
import { semanticsFor } from './semantics.ts';

const USAGE = `usage: npm run --silent eval -- --questions FILE [--corpus DIR] [--json] [--verbose]
       npm run --silent eval -- --squad FILE [--json]`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      questions: { type: 'string' },
      squad: { type: 'string' },
      corpus: { type: 'string', default: 'corpus' },
      json: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || (!values.questions && !values.squad)) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  if (values.squad) {
    const set = parseSquad(JSON.parse(await readFile(values.squad, 'utf8')));
    const semantics = await semanticsFor(loadConfig().semanticsDir, { quiet: values.json });
    const ours = evaluateSquad(set, semantics);
    const baselines = {
      minisearchDefault: { recallAt1: scoreRetrievalOf(set, miniSearchDefault).recallAt1 },
      lunr: { recallAt1: scoreRetrievalOf(set, lunrDefault).recallAt1 },
      winkBm25: { recallAt1: scoreRetrievalOf(set, winkBm25).recallAt1 },
    };
    const report = { ...ours, baselines };
    if (values.json) console.log(JSON.stringify(report));
    else {
      console.log(
        `SQuAD: ${report.paragraphs} paragraphs, ${report.questions} answerable questions`,
      );
      console.log(
        `  dossier        recall@1 ${ours.recallAt1}  recall@3 ${ours.recallAt3}  MRR@10 ${ours.mrr}  sentence hit@1 ${ours.sentenceHitAt1}`,
      );
      for (const [name, b] of Object.entries(baselines))
        console.log(`  ${name.padEnd(14)} recall@1 ${b.recallAt1}`);
    }
    return 0;
  }
  const path = values.questions as string;
  const questions = parseQuestions(await readFile(path, 'utf8'), path);
  const engine = await loadEngine({
    corpusDir: values.corpus,
    snapshotDir: null,
    semantics: await semanticsFor(loadConfig().semanticsDir, { quiet: values.json }),
  });
  const { report, outcomes } = evaluateQuestions(engine, questions);
  if (values.json) console.log(JSON.stringify(report));
  else {
    console.log(report);
    if (values.verbose) {
      for (const o of outcomes) {
        const mark = o.covered
          ? o.rank === 1
            ? 'hit@1'
            : o.rank
              ? `hit@${o.rank}`
              : 'miss'
          : o.status === 'answered'
            ? 'ANSWERED'
            : 'abstain';
        console.log(`${mark.padEnd(8)} ${o.status.padEnd(13)} ${o.question}`);
      }
    }
  }
  return 0;
}

runCli(main);
