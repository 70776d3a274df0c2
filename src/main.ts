import { commands } from '../commands/index.ts';
import type { PlatformAdapter } from './adapters/platform.ts';
import { selectPlatforms, shardProcess } from './adapters/registry.ts';
import { loadEngine } from './answer/engine.ts';
import { explainCorpusDir } from './cli/corpus-dir.ts';
import { explainDatabaseUrl } from './cli/database-url.ts';
import { semanticsFor } from './cli/semantics.ts';
import { checkDatabasePath } from './config/database-path.ts';
import { ConfigError } from './config/errors.ts';
import { loadConfig } from './config.ts';
import { formatProblem } from './corpus/types.ts';
import { createLogger } from './logger.ts';
import { installProcessGuards } from './ops/process-guards.ts';
import { buildEngineInWorker } from './reload/build-in-worker.ts';
import { openEngineOptions, type PortableEngineOptions } from './reload/portable-options.ts';

/**
 * The composition root: configuration → logger → engine → adapters. The only place that wires
 * concrete implementations together. Every platform of the registry (src/adapters/registry.ts)
 * whose settings are present runs (with the database and the daily scheduler); with none, the
 * terminal chat.
 */
async function main(): Promise<number> {
  const config = loadConfig();
  const selected = selectPlatforms(config);
  const consoleMode = selected.terminal !== null;
  // before the corpus loads, which can take a while: a bad path should fail at once
  if (!consoleMode && config.DATABASE_URL === undefined) checkDatabasePath(config.DATABASE_PATH);
  const logger = createLogger(
    consoleMode && config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL,
  );
  // Process-wide nets first: nothing after this may fail silently or take the process down.
  let exitCode = 0;
  const stopping = new AbortController();
  const counted: string[] = [];
  let count = (source: string) => {
    counted.push(source);
  };
  const uninstallGuards = installProcessGuards({
    logger,
    count: (source) => count(source),
    stop: () => {
      exitCode = 1;
      stopping.abort();
      // the terminal chat has no graceful path to wait for
      if (consoleMode) process.exit(1);
    },
  });
  // Word meaning is prepared once (~10 s, progress on stderr in the terminal), then loads in ~40 ms.
  const semantics = await semanticsFor(config.semanticsDir, { quiet: !consoleMode });
  for (const problem of semantics?.problems ?? [])
    logger.warn({ problem }, 'word meaning unavailable; answering from word forms');
  // Reloads build with exactly these options, in a worker thread. The bot keeps paragraph ids
  // stable in its database; the terminal chat, with no database, numbers them by position.
  const portable: PortableEngineOptions = {
    corpusDir: config.CORPUS_DIR,
    snapshotDir: config.snapshotDir,
    semanticsDir: config.semanticsDir,
    idsDatabase: consoleMode ? null : (config.DATABASE_URL ?? config.DATABASE_PATH),
    maxDocumentBytes: config.MAX_DOCUMENT_MB * 1048576,
    corpusFollowOutside: config.CORPUS_FOLLOW_OUTSIDE,
    answerThreshold: config.ANSWER_THRESHOLD,
    shortThreshold: config.SHORT_ANSWER_THRESHOLD,
  };
  const opened = await openEngineOptions(portable, { semantics }).catch((error: unknown) => {
    throw explainDatabaseUrl(error);
  });
  const engine = await loadEngine({ ...opened.options, logger })
    .catch((error: unknown) => {
      throw explainCorpusDir(error);
    })
    .finally(() => opened.close());
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
  const rebuild = (signal: AbortSignal) => buildEngineInWorker(portable, { semantics, signal });
  if (selected.terminal) {
    for (const problem of engine.problems)
      process.stderr.write(`corpus: ${formatProblem(problem)}\n`);
    await selected.terminal.run({ config, engine, rebuild, logger });
    uninstallGuards();
    return exitCode;
  }
  // Facts are extracted lazily; doing it now keeps the first /ask or /fact well inside Discord's
  // 3-second window even on a large corpus.
  engine.facts.all();
  // Loaded only here, so the terminal chat starts without discord.js or Bolt.
  const [{ startBot }, { createMetrics }] = await Promise.all([
    import('./bot.ts'),
    import('./ops/metrics.ts'),
  ]);
  const metrics = createMetrics();
  count = (source) => metrics.errors.labels(source).inc();
  for (const source of counted) count(source);
  const context = {
    commands,
    logger,
    entryScript: process.argv[1] ?? '',
    execArgv: process.execArgv,
  };
  const platforms: PlatformAdapter[] = [];
  for (const entry of selected.servers) platforms.push(await entry.load(config, context));
  const shard = shardProcess(config);
  if (shard) {
    // A shard answers its servers' interactions and messages and nothing else: the manager posts
    // the daily fact once for all and serves HTTP (Slack included). It stops with its manager: an
    // orphan would keep a second session of its shard open.
    process.once('disconnect', () => stopping.abort());
    const code = await startBot(
      {
        config,
        logger: logger.child({ shardId: shard.id }),
        engine,
        platforms,
        rebuild,
        metrics,
      },
      { signal: stopping.signal, scheduler: false },
    );
    return exitCode || code;
  }
  const code = await startBot(
    { config, logger, engine, platforms, rebuild, metrics },
    { signal: stopping.signal },
  );
  return exitCode || code;
}

main().then(
  (code) => {
    process.exitCode = code;
    // Everything is closed; a library timer still holding the event loop must not keep a
    // stopped bot alive (its supervisor waits for the exit to restart it).
    setTimeout(() => process.exit(code), 3000).unref();
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
