import { commands } from '../commands/index.ts';
import { runConsole } from './adapters/console/chat.ts';
import type { PlatformAdapter } from './adapters/platform.ts';
import { loadEngine } from './answer/engine.ts';
import { explainCorpusDir } from './cli/corpus-dir.ts';
import { semanticsFor } from './cli/semantics.ts';
import { ConfigError, checkDatabasePath, loadConfig } from './config.ts';
import { formatProblem } from './corpus/types.ts';
import { createLogger } from './logger.ts';
import { MemoryRecentQuestions } from './storage/recent.ts';

/**
 * The composition root: configuration → logger → engine → adapters. The only place that wires
 * concrete implementations together. Every platform with credentials runs (with the database and
 * the daily scheduler); with none, the terminal chat.
 */
async function main(): Promise<number> {
  const config = loadConfig();
  const consoleMode = !config.DISCORD_TOKEN;
  // before the corpus loads, which can take a while: a bad path should fail at once
  if (!consoleMode && config.DATABASE_URL === undefined) checkDatabasePath(config.DATABASE_PATH);
  const logger = createLogger(
    consoleMode && config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL,
  );
  // Word meaning is prepared once (~10 s, progress on stderr in the terminal), then loads in ~40 ms.
  const semantics = await semanticsFor(config.semanticsDir, { quiet: !consoleMode });
  for (const problem of semantics?.problems ?? [])
    logger.warn({ problem }, 'word meaning unavailable; answering from word forms');
  const engine = await loadEngine({
    corpusDir: config.CORPUS_DIR,
    snapshotDir: config.snapshotDir,
    semantics,
    maxDocumentBytes: config.MAX_DOCUMENT_MB * 1048576,
    logger,
  }).catch((error: unknown) => {
    throw explainCorpusDir(error);
  });
  // the terminal chat prints them plainly below; the bot logs them
  if (!consoleMode)
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
  if (consoleMode) {
    for (const problem of engine.problems)
      process.stderr.write(`corpus: ${formatProblem(problem)}\n`);
    // No database here: recent questions (behind buttons) live as long as the session.
    const services = { recent: new MemoryRecentQuestions() };
    await runConsole({ engine, services, logger, input: process.stdin, output: process.stdout });
    return 0;
  }
  // Facts are extracted lazily; doing it now keeps the first /ask or /fact well inside Discord's
  // 3-second window even on a large corpus.
  engine.facts.all();
  // Loaded only here, so the terminal chat starts without discord.js.
  const [{ startBot }, { discordPlatformAdapter }] = await Promise.all([
    import('./bot.ts'),
    import('./adapters/discord/launch.ts'),
  ]);
  const platforms: PlatformAdapter[] = [];
  if (config.DISCORD_TOKEN)
    platforms.push(
      discordPlatformAdapter({
        token: config.DISCORD_TOKEN,
        apiUrl: config.DISCORD_API_URL,
        commands,
      }),
    );
  return startBot({ config, logger, engine, platforms });
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
    // Exit now rather than when the event loop drains: after a failed login discord.js's gateway
    // keeps retrying (even after destroy()) and REST keeps its requests, which would hold a
    // process that has already said it failed. stderr is synchronous for files and pipes.
    process.exit(1);
  },
);
