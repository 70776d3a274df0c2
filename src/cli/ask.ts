import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { loadEngine } from '../answer/engine.ts';
import { loadConfig } from '../config.ts';
import { explainCorpusDir } from './corpus-dir.ts';
import { runCli } from './run.ts';
import { semanticsFor } from './semantics.ts';

const USAGE =
  'usage: npm run --silent ask -- "<question>" [--json] [--document SLUG]\n       npm run --silent ask -- --stdin --json   (one question a line)';

/** One answer (or one per input line with --stdin); --json prints each Answer on one line. */
async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      stdin: { type: 'boolean', default: false },
      document: { type: 'string' },
      corpus: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  const question = positionals.join(' ');
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
  const answerOne = (q: string) => {
    const answer = engine.ask(q, { docSlug: values.document });
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
    answerOne(question);
    return 0;
  }
  for await (const line of createInterface({ input: process.stdin })) {
    if (line.trim() !== '') answerOne(line);
  }
  return 0;
}

runCli(main);
