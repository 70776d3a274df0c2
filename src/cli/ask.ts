import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadEngine } from '../answer/engine.ts';
import type { Answer } from '../answer/types.ts';
import { loadConfig } from '../config.ts';
import { askConversation } from '../conversation/conversations.ts';
import { explainCorpusDir } from './corpus-dir.ts';
import { runCli } from './run.ts';
import { semanticsFor } from './semantics.ts';

const USAGE =
  'usage: npm run --silent ask -- "<question>" [--json] [--document SLUG]\n       npm run --silent ask -- --stdin --json   (one question a line)\n       npm run --silent ask -- --stdin --json --conversations   (one JSON array of turns a line)';

/** One answer (or one per input line with --stdin); --json prints each Answer on one line. */
async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      stdin: { type: 'boolean', default: false },
      conversations: { type: 'boolean', default: false },
      document: { type: 'string' },
      corpus: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  const question = positionals.join(' ');
  if (values.conversations && !values.stdin) {
    console.error(`ask: --conversations reads its conversations from --stdin\n${USAGE}`);
    return 2;
  }
  if (values.help || (!values.stdin && question.trim() === '')) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const config = loadConfig();
  const engine = await loadEngine({
    corpusDir: values.corpus ?? config.CORPUS_DIR,
    snapshotDir: config.snapshotDir,
    semantics: await semanticsFor(config.semanticsDir, { quiet: values.json }),
    maxDocumentBytes: config.MAX_DOCUMENT_MB * 1048576,
    corpusFollowOutside: config.CORPUS_FOLLOW_OUTSIDE,
    answerThreshold: config.ANSWER_THRESHOLD,
    shortThreshold: config.SHORT_ANSWER_THRESHOLD,
  }).catch((error: unknown) => {
    throw values.corpus === undefined ? explainCorpusDir(error) : error;
  });
  const slugs = engine.corpus.documents.map((d) => d.slug).sort();
  if (values.document !== undefined && !slugs.includes(values.document)) {
    // answering from every document instead would look like an answer from this one
    const shown = slugs.slice(0, 10).join(', ');
    const more = slugs.length > 10 ? ` and ${slugs.length - 10} more` : '';
    console.error(
      `ask: there is no document "${values.document}"; the documents are ${shown}${more}`,
    );
    return 2;
  }
  const print = (answer: Answer) => {
    if (values.json) {
      console.log(JSON.stringify(answer));
      return;
    }
    console.log(
      `${answer.status}${answer.missingTerms.length ? ` (not in the documents: ${answer.missingTerms.join(', ')})` : ''}`,
    );
    for (const [i, p] of [...answer.passages, ...answer.related].entries()) {
      console.log(`[${i + 1}] ${p.id} (${p.score}) ${p.sentence.text}`);
    }
  };
  if (!values.stdin) {
    print(engine.ask(question, { docSlug: values.document }));
    return 0;
  }
  let status = 0;
  let n = 0;
  for await (const line of createInterface({ input: process.stdin })) {
    n++;
    if (line.trim() === '') continue;
    if (!values.conversations) {
      print(engine.ask(line, { docSlug: values.document }));
      continue;
    }
    // one conversation a line: its last turn asked in the context of the ones before it
    const turns = parseTurns(line);
    if (turns === null) {
      console.error(`ask: stdin:${n}: expected a JSON array of one or more turns (strings)`);
      status = 1;
      continue;
    }
    print(await askConversation(engine, turns, { docSlug: values.document }));
  }
  return status;
}

const Turns = z.array(z.string()).min(1);

function parseTurns(line: string): string[] | null {
  try {
    const parsed = Turns.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

runCli(main);
