import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadEngine } from '../answer/engine.ts';
import { pageTitles } from '../answer/page-subject.ts';
import { retrievalTerms } from '../answer/passage-signals.ts';
import { type Config, loadConfig } from '../config.ts';
import { askConversation } from '../conversation/conversations.ts';
import {
  lunrDefault,
  miniSearchDefault,
  scoreRetrievalOf,
  winkBm25,
} from '../eval/baselines-run.ts';
import { evaluateChat } from '../eval/chat.ts';
import { evaluateDocs, parseDocsQuestions } from '../eval/docs.ts';
import { permutationImportance, rankExamples } from '../eval/fit-rank.ts';
import { fitShortReport } from '../eval/fit-short.ts';
import { evaluateFollowups, parseFollowups } from '../eval/followups.ts';
import { evaluateOffTopic, type OffTopicAnswer, questionsOf } from '../eval/offtopic.ts';
import { evaluateQuestions, parseQuestions } from '../eval/questions.ts';
import { evaluateShortAnswers, evaluateShownShortAnswers } from '../eval/short-answers.ts';
import { evaluateSquad, parseSquad } from '../eval/squad.ts';
import { squadJson } from '../eval/squad-files.ts';
import { classifyQuestion } from '../language/question.ts';
import { SearchIndex } from '../search/index.ts';
import { meaningFrom } from '../search/meaning-sources.ts';
import { rankModel } from '../search/rank.ts';
import { runCli } from './run.ts';
import { semanticsFor } from './semantics.ts';

const USAGE = `usage: npm run --silent eval -- --questions FILE [--corpus DIR] [--docs] [--json] [--verbose]
       npm run --silent eval -- --questions FILE --short [--corpus DIR] [--json] [--verbose]
       npm run --silent eval -- --questions FILE --chat [--corpus DIR] [--json]
       npm run --silent eval -- --offtopic FILE [--corpus DIR] [--json] [--verbose]
       npm run --silent eval -- --squad FILE [--json]   (SQuAD v2 JSON, or WikiQA's .tsv)
       npm run --silent eval -- --squad FILE --fit-short [--json]
       npm run --silent eval -- --squad FILE --importance [--json]
       npm run --silent eval -- --followups FILE [--alone] [--corpus DIR] [--json] [--verbose]`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      questions: { type: 'string' },
      squad: { type: 'string' },
      followups: { type: 'string' },
      alone: { type: 'boolean', default: false },
      corpus: { type: 'string', default: 'corpus' },
      json: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      short: { type: 'boolean', default: false },
      chat: { type: 'boolean', default: false },
      'fit-short': { type: 'boolean', default: false },
      importance: { type: 'boolean', default: false },
      offtopic: { type: 'string' },
      docs: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (
    values.help ||
    (!values.questions && !values.squad && !values.followups && !values.offtopic)
  ) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  // the configuration, parsed once and only when a run needs it (`--fit-short` does not)
  let parsed: Config | undefined;
  const config = (): Config => {
    parsed ??= loadConfig();
    return parsed;
  };
  if (values.squad) {
    // WikiQA's own tab-separated file is converted on the way in (src/eval/squad-files.ts)
    const set = parseSquad(squadJson(values.squad, await readFile(values.squad, 'utf8')));
    if (values['fit-short']) {
      const report = fitShortReport(set);
      if (values.json) console.log(JSON.stringify(report));
      else {
        console.log(`fitted weights: ${JSON.stringify(report.fitted)}`);
        console.log(`current weights, in sample: EM ${report.current.em} F1 ${report.current.f1}`);
        console.log(
          `cross-validated by article: EM ${report.crossValidated.em} F1 ${report.crossValidated.f1}`,
        );
        for (const a of report.ablation)
          console.log(
            `  without ${a.without.padEnd(32)} F1 ${a.f1} (${a.delta >= 0 ? '+' : ''}${a.delta})`,
          );
      }
      return 0;
    }
    const semantics = await semanticsFor(config().semanticsDir, { quiet: values.json });
    if (values.importance) {
      // what each feature of the committed ranking contributes here (no refit)
      const index = SearchIndex.build(set.documents, []);
      if (semantics) index.useMeaning(meaningFrom(semantics));
      const model = rankModel();
      const examples = rankExamples([{ name: 'dev', set, index }], model.candidates);
      const report = permutationImportance(examples, {
        weights: model.weights,
        trees: model.boost?.trees ?? [],
        rate: model.boost?.rate ?? 0,
      });
      if (values.json) console.log(JSON.stringify(report));
      else {
        console.log(`ranking: ${report.questions} questions, recall@1 ${report.recallAt1}`);
        const byLoss = Object.entries(report.loss).sort((a, b) => b[1] - a[1]);
        for (const [f, l] of byLoss)
          console.log(`  ${f.padEnd(14)} shuffled: recall@1 ${l >= 0 ? '−' : '+'}${Math.abs(l)}`);
      }
      return 0;
    }
    const { ANSWER_THRESHOLD, SHORT_ANSWER_THRESHOLD } = config();
    const ours = evaluateSquad(set, semantics, ANSWER_THRESHOLD, SHORT_ANSWER_THRESHOLD);
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
      console.log(
        `  short answer   given the paragraph EM ${ours.shortAnswer.em} F1 ${ours.shortAnswer.f1}  end to end EM ${ours.endToEnd.em} F1 ${ours.endToEnd.f1} (given for ${ours.endToEnd.given}: EM ${ours.endToEnd.givenEm} F1 ${ours.endToEnd.givenF1})`,
      );
      console.log(
        `  declines       answerable ${ours.falseDecline}  unanswerable ${ours.unanswerable.declined} of ${ours.unanswerable.questions}`,
      );
      for (const [name, b] of Object.entries(baselines))
        console.log(`  ${name.padEnd(14)} recall@1 ${b.recallAt1}`);
    }
    return 0;
  }
  if (values.offtopic) {
    // questions of one set asked of a corpus that does not cover them: the share declined
    const questions = questionsOf(await readFile(values.offtopic, 'utf8'), values.offtopic);
    const engine = await loadEngine({
      corpusDir: values.corpus,
      snapshotDir: null,
      semantics: await semanticsFor(config().semanticsDir, { quiet: values.json }),
      answerThreshold: config().ANSWER_THRESHOLD,
      shortThreshold: config().SHORT_ANSWER_THRESHOLD,
    });
    const anyway: OffTopicAnswer[] = [];
    const report = evaluateOffTopic(engine, questions, (a) => anyway.push(a));
    console.log(values.json ? JSON.stringify(report) : report);
    // what a reader of each was shown, most confident first (on stderr beside --json)
    if (values.verbose) {
      const say = values.json ? console.error : console.log;
      anyway.sort((a, b) => (b.confidence ?? 0) - (a.confidence ?? 0));
      for (const a of anyway)
        say(
          `${(a.confidence ?? 0).toFixed(2)}  ${a.question}  → ${a.passage ?? '-'}${a.short ? `  short: ${a.short}` : ''}`,
        );
    }
    return 0;
  }
  if (values.followups) {
    // the last turn of each conversation, read with the turns before it (or alone: --alone)
    const set = parseFollowups(await readFile(values.followups, 'utf8'), values.followups);
    const engine = await loadEngine({
      corpusDir: values.corpus,
      snapshotDir: null,
      semantics: await semanticsFor(config().semanticsDir, { quiet: values.json }),
      answerThreshold: config().ANSWER_THRESHOLD,
      shortThreshold: config().SHORT_ANSWER_THRESHOLD,
    });
    const { report, outcomes } = await evaluateFollowups(
      set,
      (turns) =>
        values.alone
          ? Promise.resolve(engine.ask(turns.at(-1) ?? ''))
          : askConversation(engine, turns),
      values.alone ? 'alone' : 'conversation',
    );
    if (values.json) console.log(JSON.stringify(report));
    else {
      console.log(report);
      if (values.verbose)
        for (const o of outcomes) {
          const mark = o.covered
            ? o.rank
              ? `hit@${o.rank}`
              : 'miss'
            : o.status === 'answered'
              ? 'ANSWERED'
              : 'abstain';
          console.log(
            `${mark.padEnd(8)} ${o.kind.padEnd(12)} ${o.turns.join(' | ')}\n         → ${o.asked}`,
          );
        }
    }
    return 0;
  }
  const path = values.questions as string;
  const questions = parseQuestions(await readFile(path, 'utf8'), path);
  const engine = await loadEngine({
    corpusDir: values.corpus,
    snapshotDir: null,
    semantics: await semanticsFor(config().semanticsDir, { quiet: values.json }),
    answerThreshold: config().ANSWER_THRESHOLD,
    shortThreshold: config().SHORT_ANSWER_THRESHOLD,
  });
  if (values.short) {
    // the question's words and its focus as retrieval expands them (aliases, near forms, meaning)
    const titleOf = pageTitles(engine.corpus.documents);
    const { report, outcomes } = evaluateShortAnswers(
      engine.corpus.paragraphs,
      questions,
      (q, p) => {
        const query = engine.index.analyze(q);
        const stem = classifyQuestion(q).focus?.stem;
        const focus = query.concepts.find((c) => stem && c.alternatives[0]?.includes(stem));
        return {
          questionTerms: retrievalTerms(query),
          focusTerms: focus ? retrievalTerms({ ...query, concepts: [focus] }) : new Set<string>(),
          title: titleOf(p),
        };
      },
    );
    // and what a user is shown: the short answer above the cited passages, as ask gives it
    const shown = evaluateShownShortAnswers(engine.corpus.paragraphs, questions, (q) =>
      engine.ask(q),
    );
    if (values.json) console.log(JSON.stringify({ ...report, shown: shown.report }));
    else {
      console.log({ ...report, shown: shown.report });
      if (values.verbose) {
        for (const o of outcomes) {
          const mark = o.answer === null ? 'abstain' : o.right ? 'right' : 'WRONG';
          console.log(
            `${mark.padEnd(8)} ${o.question}\n         → ${o.answer ?? '-'} (${o.confidence ?? '-'}) | gold: ${o.gold}`,
          );
        }
        console.log('shown to a user:');
        for (const o of shown.outcomes) {
          const mark = o.answer === null ? 'none' : o.right ? 'right' : 'WRONG';
          console.log(
            `${mark.padEnd(8)} ${o.question}\n         → ${o.answer ?? '-'} | gold: ${o.gold}`,
          );
        }
      }
    }
    return 0;
  }
  if (values.chat) {
    // --chat: the questions as written and wrapped in a chat's small talk (src/eval/chat.ts)
    const report = evaluateChat(engine, questions);
    if (values.json) console.log(JSON.stringify(report));
    else
      for (const [name, r] of [
        ['as written', report.plain],
        ...Object.entries(report.wrapped),
      ] as const)
        console.log(
          `${name.padEnd(28)} hit@1 ${r.hitAt1}  hit@3 ${r.hitAt3}  false declines ${r.falseAbstainRate}  uncovered declined ${r.abstainRate}`,
        );
    return 0;
  }
  const { report, outcomes } = evaluateQuestions(engine, questions);
  // --docs: the documentation sets' own report (src/eval/docs.ts) beside the usual fields
  const docs = values.docs
    ? evaluateDocs(engine, parseDocsQuestions(await readFile(path, 'utf8'), path))
    : null;
  if (values.json) console.log(JSON.stringify(docs ? { ...report, docs: docs.report } : report));
  else {
    console.log(report);
    if (docs) console.log(docs.report);
    if (docs && values.verbose)
      for (const o of docs.outcomes)
        console.log(
          `${(o.rank ? `hit@${o.rank}` : o.kind === 'covered' ? 'miss' : o.status).padEnd(12)} ${o.page === o.expected ? 'page' : `PAGE ${o.page} ≠ ${o.expected}`}  ${o.question.slice(0, 90)}`,
        );
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
