import type { Services } from '../commands/types.ts';
import { runConsole } from './adapters/console/chat.ts';
import { loadEngine } from './answer/engine.ts';
import { RecentQuestionStore } from './answer/recent.ts';
import { ConfigError, loadConfig } from './config.ts';
import { formatProblem } from './corpus/types.ts';
import { createLogger } from './logger.ts';

/**
 * The composition root: configuration → logger → engine → adapters. The only place that wires
 * concrete implementations together. Without DISCORD_TOKEN it starts the terminal chat.
 */
async function main(): Promise<number> {
  const config = loadConfig();
  const consoleMode = !config.DISCORD_TOKEN;
  const logger = createLogger(
    consoleMode && config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL,
  );
  const engine = await loadEngine({
    corpusDir: config.CORPUS_DIR,
    snapshotDir: config.snapshotDir,
  });
  for (const problem of engine.problems)
    logger.warn({ problem: formatProblem(problem) }, 'corpus problem; the rest loaded');
  logger.info(
    {
      documents: engine.corpus.documents.length,
      paragraphs: engine.corpus.paragraphs.length,
      index: engine.indexSource,
    },
    'engine ready',
  );
  const services: Services = { recent: new RecentQuestionStore() };
  if (consoleMode) {
    for (const problem of engine.problems)
      process.stderr.write(`corpus: ${formatProblem(problem)}\n`);
    await runConsole({ engine, services, logger, input: process.stdin, output: process.stdout });
    return 0;
  }
  // Facts are extracted lazily; doing it now keeps the first /ask or /fact well inside Discord's
  // 3-second window even on a large corpus.
  engine.facts.all();
  const { startBot } = await import('./bot.ts');
  return startBot({ config, logger, engine, services });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // a bad configuration or token is the user's to fix: a message, not a stack trace
    const message =
      error instanceof ConfigError
        ? error.message
        : `dossier: ${error instanceof Error ? error.message : String(error)}`;
    process.stderr.write(`${message}\n`);
    process.exitCode = 1;
  },
);
